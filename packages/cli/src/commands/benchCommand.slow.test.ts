import test from 'ava'
import { mkdtempSync, readFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { stackFrame } from '../spawnCli.test-kit.js'
import { spikegradAsync as spikegrad } from '../train/tinyRuns.test-kit.js'

/** The bench machinery on a tiny case: N = 5, T = 20 ms, one repeat; accuracy sweep and a batch of 2 on the same. */
const tiny = ['bench', '--n', '5', '--t', '20', '--repeats', '1', '--accuracy-n', '5', '--accuracy-t', '20']
const tinyBatch = ['--batch-n', '5', '--batch-t', '20', '--batch-size', '2']

const caseFields = [
  'n', 'tMs', 'mode', 'rtol', 'forwardMs', 'gradientMs', 'ratio', 'rhsEvals', 'gradientRhsEvals', 'vjpStateEvals',
  'vjpParamsEvals', 'acceptedSteps', 'rejectedSteps', 'backwardAcceptedSteps', 'backwardRejectedSteps', 'spikes',
  'rateHz', 'maxAbsGradient', 'peakRssMb', 'peakHeapMb', 'trajectoryMb', 'matvecUs', 'kernelEfficiency',
]

test('bench --json — one JSON object per case, one per tolerance of the accuracy sweep, one for the batch', async (t) => {
  const { code, stdout, stderr } = await spikegrad([...tiny, ...tinyBatch, '--json'])
  t.is(code, 0, stderr)
  const lines = stdout.trim().split('\n').map((line) => JSON.parse(line) as Record<string, unknown>)
  t.deepEqual(lines.map((l) => l.kind), ['case', 'accuracy', 'accuracy', 'accuracy', 'batch'])
  const c = lines[0]!
  for (const field of caseFields) t.true(field in c, `case lacks ${field}`)
  t.like(c, { n: 5, tMs: 20, mode: 'checkpoint', rtol: 1e-6, repeats: 1, deterministic: true })
  for (const field of caseFields.filter((f) => f !== 'mode')) t.is(typeof c[field], 'number', field)
  t.true((c.rhsEvals as number) > 0 && (c.vjpStateEvals as number) > 0 && (c.peakRssMb as number) > 0)
  t.is(c.ratio, (c.gradientMs as number) / (c.forwardMs as number))
  t.deepEqual(lines.slice(1, 4).map((l) => l.rtol), [1e-4, 1e-6, 1e-8])
  for (const a of lines.slice(1, 4)) {
    t.like(a, { n: 5, tMs: 20, referenceRtol: 1e-10 })
    t.true((a.gradientRelativeError as number) >= 0 && (a.gradientRelativeError as number) < 1)
  }
  const batch = lines[4]!
  t.like(batch, { n: 5, tMs: 20, trials: 2, identical: true })
  t.is(batch.speedup, (batch.oneWorkerMs as number) / (batch.twoWorkersMs as number))
  t.regex(stderr, /^bench: case 1\/1 {2}N=5 T=20 ms\n/)
})

test('bench — the counts are the same run to run (same seeds), and --mode all reaches the solver', async (t) => {
  const run = async (...extra: string[]) => {
    const { code, stdout, stderr } = await spikegrad([...tiny, '--json', '--no-accuracy', '--no-batch', ...extra])
    t.is(code, 0, stderr)
    return JSON.parse(stdout) as Record<string, number | string>
  }
  const counts = (r: Record<string, number | string>) =>
    ['rhsEvals', 'gradientRhsEvals', 'vjpStateEvals', 'vjpParamsEvals', 'acceptedSteps', 'rejectedSteps', 'spikes', 'loss'].map((k) => r[k])
  const first = await run()
  t.deepEqual(counts(await run()), counts(first))
  const all = await run('--mode', 'all')
  t.is(all.mode, 'all')
  t.is(all.rhsEvals, first.rhsEvals)
  // the solver reports the mode it ran; a trial this short fits in one checkpoint segment,
  // which the forward pass records in either mode, so neither recomputes anything
  t.is(all.gradientRhsEvals, first.gradientRhsEvals)
})

test('bench — without --json, an aligned table with its legend, then the accuracy table', async (t) => {
  const { code, stdout, stderr } = await spikegrad([...tiny, '--no-batch'])
  t.is(code, 0, stderr)
  const lines = stdout.split('\n')
  const header = lines.findIndex((l) => /^ +N +T ms +forward ms +gradient ms +ratio/.test(l))
  t.true(header > 0, stdout)
  const row = lines[header + 1]!
  t.regex(row, /^ +5 +20 /)
  t.is(row.length, lines[header]!.length)
  t.regex(stdout, /\nratio = gradient\/forward time/)
  t.regex(stdout, /\ngradient accuracy — N=5, T=20 ms, against the gradient at rtol 1e-10/)
  t.regex(stdout, /\n {2}1e-4 +\d\.\de[-+]\d+ /)
})

test('bench — bad options exit 2 and name themselves', async (t) => {
  const mode = await spikegrad(['bench', '--mode', 'disk'])
  t.is(mode.code, 2)
  t.regex(mode.stderr, /--mode <mode>' argument 'disk' is invalid/)
  const rtol = await spikegrad(['bench', '--rtol', '2'])
  t.is(rtol.code, 2)
  t.regex(rtol.stderr, /^spikegrad: --rtol must be a number in \[1e-14, 0\.1\], got "2"/)
  t.is((await spikegrad(['bench', '--n', '0'])).code, 2)
  t.notRegex(rtol.stderr, stackFrame)
})

test('bench --precision --json — a reference line, then one line per solver and tolerance with the fields of the diagram; the JSON lines and the SVG are written', async (t) => {
  const out = mkdtempSync(join(tmpdir(), 'spikegrad-precision-'))
  const args = ['bench', '--precision', '--precision-n', '5', '--precision-t', '20', '--rtols', '1e-3,1e-4', '--repeats', '1', '--reference-rtol', '1e-8']
  const { code, stdout, stderr } = await spikegrad([...args, '--solvers', 'bs3,odex', '--out', out, '--json'])
  t.is(code, 0, stderr)
  const lines = stdout.trim().split('\n').map((line) => JSON.parse(line) as Record<string, unknown>)
  t.deepEqual(lines.map((l) => l.kind), ['reference', 'precision', 'precision', 'precision', 'precision'])
  t.like(lines[0], { solver: 'dopri5', checkSolver: 'tsit5', rtol: 1e-8, n: 5, tMs: 20 })
  t.true((lines[0]!.agreement as number) < 1e-4)
  t.deepEqual(lines.slice(1).map((l) => `${l.solver} ${l.rtol}`), ['bs3 0.001', 'bs3 0.0001', 'odex 0.001', 'odex 0.0001'])
  for (const p of lines.slice(1)) {
    for (const field of ['solver', 'n', 'tMs', 'rtol', 'gradientRelativeError', 'gradientMs', 'forwardMs']) t.true(field in p, `no ${field}`)
    t.true((p.gradientRelativeError as number) >= 0 && (p.gradientRelativeError as number) < 1)
  }
  t.is(readFileSync(join(out, 'precision.jsonl'), 'utf8').trim().split('\n').length, 4)
  t.regex(readFileSync(join(out, 'precision.svg'), 'utf8'), /^<svg/)
  const table = await spikegrad([...args, '--solvers', 'bs3', '--out', out])
  t.is(table.code, 0, table.stderr)
  t.regex(table.stdout, /\nwork–precision — theta network N=5, T=20 ms, checkpoint mode/)
  t.regex(table.stdout, /\nbs3 +1e-3 /)
  t.regex(table.stdout, /\n {2}N=5 T=20 ms, first within 2\.0 %: /)
  t.regex(table.stdout, /\n {2}N=5 T=20 ms, stays within 2\.0 %: /)
})

test('bench — an unknown solver exits 2 and names the allowed ones', async (t) => {
  const one = await spikegrad(['bench', '--solver', 'rk4'])
  t.is(one.code, 2)
  t.regex(one.stderr, /--solver <name>' argument 'rk4' is invalid. Allowed choices are odex, dopri5, tsit5, bs3/)
  const list = await spikegrad(['bench', '--precision', '--solvers', 'bs3,rk4'])
  t.is(list.code, 2)
  t.regex(list.stderr, /--solvers must list solvers among odex, dopri5, tsit5, bs3, got "rk4"/)
})

test('bench --sparse — a sparse recurrent network against its dense twin: one JSON object, or the summary; refused beside --precision', async (t) => {
  const args = ['bench', '--sparse', '--sparse-n', '20', '--sparse-t', '20', '--sparse-p', '0.2', '--repeats', '1']
  const json = await spikegrad([...args, '--json'])
  t.is(json.code, 0, json.stderr)
  const r = JSON.parse(json.stdout.trim()) as Record<string, number | string | Record<string, number>>
  t.like(r, { kind: 'sparse', n: 20, tMs: 20, probability: 0.2, denseEntries: 400, repeats: 1 })
  t.true((r.sparseEntries as number) > 40 && (r.sparseEntries as number) < 120)
  t.is(r.gradientSpeedup, (r.denseGradientMs as number) / (r.sparseGradientMs as number))
  t.true((r.lossRelativeDifference as number) <= 1e-12)
  t.true((r.gradientRelativeDifference as number) < 1e-3)
  const table = await spikegrad(args)
  t.is(table.code, 0, table.stderr)
  t.regex(table.stdout, /sparse recurrence — N=20, T=20 ms, \d+ of 400 recurrent weights/)
  t.regex(table.stdout, /gradient {2}sparse [\d.]+ ms, dense [\d.]+ ms: sparse [\d.]+× faster/)
  const both = await spikegrad(['bench', '--sparse', '--precision'])
  t.is(both.code, 2)
  t.regex(both.stderr, /--precision, --sparse, --structure and --features are four benchmarks/)
  t.false(stackFrame.test(both.stderr))
})

test('bench --structure --json — one object per network: the chosen tolerances, errors, medians and their ratio; a recurrent network is solved whole either way', async (t) => {
  const { code, stdout, stderr } = await spikegrad(['bench', '--structure', '--structure-networks', 'yinyang-100,xor,ei-dale', '--structure-trials', '2', '--repeats', '1', '--json'])
  t.is(code, 0, stderr)
  const lines = stdout.trim().split('\n').map((line) => JSON.parse(line) as Record<string, any>)
  // ei-dale's θ is small enough that its reference file is read into Node's shared buffer pool (it once read the pool's bytes: errors NaN)
  t.deepEqual(lines.map((l) => [l.kind, l.network, l.trials]), [['structure', 'yinyang-100', 2], ['structure', 'xor', 2], ['structure', 'ei-dale', 2]])
  for (const l of lines) {
    for (const field of ['structuredMs', 'monolithicMs', 'ratio']) t.true(Number.isFinite(l[field]) && l[field] > 0, `${l.network}: ${field}`)
    t.is(l.ratio, l.structuredMs / l.monolithicMs)
    for (const s of ['structured', 'monolithic']) {
      t.true(l.gradientRelativeError[s] >= 0 && Number.isFinite(l.gradientRelativeError[s]), `${l.network} ${s}: error ${l.gradientRelativeError[s]}`)
      t.true(l.steps[s][0] > 0 && l.steps[s][1] > 0)
    }
  }
  // XOR is one strongly connected component: 'blocks' falls back to the monolithic solve, the same
  // bits, so the two sweeps pick one tolerance with one error
  const xor = lines[1]!
  t.is(xor.rtol.structured, xor.rtol.monolithic)
  t.is(xor.gradientRelativeError.structured, xor.gradientRelativeError.monolithic)
  t.deepEqual(xor.steps.structured, xor.steps.monolithic)
  // each of the 100 Yin-Yang neurons on its own steps: fewer neuron-steps than the monolithic
  // solve, which steps all 100 at each of its steps (its counts are network steps)
  const yy = lines[0]!
  // its tolerance ladder reaches the default target (the chaotic XOR network's may end short of it)
  for (const s of ['structured', 'monolithic']) t.true(yy.gradientRelativeError[s] <= 0.01, `yinyang-100 ${s}: ${yy.gradientRelativeError[s]}`)
  t.true(yy.steps.structured[0] < 100 * yy.steps.monolithic[0])
})

test('bench --structure --structure-budget — every solve held to the budget in checkpoint mode: the blocks window by window, within it; the most each held is printed', async (t) => {
  const { code, stdout, stderr } = await spikegrad(['bench', '--structure', '--structure-networks', 'yinyang-100', '--structure-trials', '2', '--repeats', '1', '--structure-budget', '0.5', '--json'])
  t.is(code, 0, stderr)
  const line = JSON.parse(stdout.trim()) as Record<string, any>
  t.is(line.budgetMb, 0.5)
  // one pass of the blocks records about 0.77 MiB of a Yin-Yang trial at 100 hidden (rtol 1e-3): the windows hold it to the budget
  t.true(line.peakTrajectoryMb.structured > 0 && line.peakTrajectoryMb.structured <= 0.5, `blocks held ${line.peakTrajectoryMb.structured} MiB`)
  t.true(Number.isFinite(line.ratio) && line.ratio > 0)
  const bad = await spikegrad(['bench', '--structure', '--structure-budget', 'lots'])
  t.is(bad.code, 2)
  t.regex(bad.stderr, /--structure-budget/)
})

test('bench --features --json — one object per variant and structure, each ratio against its baseline; shared trained parameters keep the plain network\'s steps, delays need blocks', async (t) => {
  const { code, stdout, stderr } = await spikegrad(['bench', '--features', '--features-n', '12', '--features-trials', '1', '--repeats', '1', '--json'])
  t.is(code, 0, stderr)
  const lines = stdout.trim().split('\n').map((line) => JSON.parse(line) as Record<string, any>)
  t.deepEqual(
    lines.map((l) => `${l.variant}/${l.structure}`),
    ['plain/blocks', 'trained/blocks', 'per-neuron/blocks', 'delays/blocks', 'plain/monolithic', 'trained/monolithic', 'per-neuron/monolithic'],
  )
  const at = (v: string, s: string): Record<string, any> => lines.find((l) => l.variant === v && l.structure === s)!
  for (const l of lines) {
    t.like(l, { kind: 'features', n: 12, rtol: 1e-3, trials: 1 })
    t.true(Number.isFinite(l.ms) && l.ms > 0, `${l.variant}/${l.structure}: ${l.ms}`)
    t.true(l.steps[0] > 0 && l.steps[1] > 0)
    if (l.variant === 'plain') t.false('ratio' in l)
    else t.is(l.ratio, l.ms / at(l.against, l.structure).ms)
  }
  t.is(at('per-neuron', 'blocks').against, 'trained')
  t.is(at('delays', 'blocks').against, 'plain')
  // training tau_m, v_th and tau_s changes the gradient's work, not the trajectory
  for (const s of ['blocks', 'monolithic']) t.deepEqual(at('trained', s).steps[0], at('plain', s).steps[0])
})
