import test from 'ava'
import { getOrThrow, networkGradient, type ComposedNetwork, type Loss } from '@spikegrad/core'
import { spikeCountLoss } from '@spikegrad/losses'
import { loadNetworkConfig } from '@spikegrad/node'
import { isLeft, isRight } from 'fp-ts/lib/Either.js'
import { spawnSync } from 'node:child_process'
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { repositoryRoot } from './support/repositoryRoot.js'

// Every entry of the check network, and each loss that reads populations in it, against finite
// differences: ttfsLif.slow.test.ts.

const file = join(repositoryRoot(), 'examples', 'ttfs-lif.json')
async function ttfs(): Promise<ComposedNetwork> {
  const r = await loadNetworkConfig(file)
  if (!isRight(r)) throw new Error(r.left.message)
  return r.right
}

test('examples/ttfs-lif.json — the hidden layer fires, two output neurons fire and the third stays silent (its first time is the stand-in)', async (t) => {
  const c = await ttfs()
  const g = getOrThrow(networkGradient(c.network, c.initialValue.theta, c.trial, c.solve))
  const resets = (p: string) => g.events.filter((e) => e.family === `reset:${p}`)
  t.true(resets('hidden').length >= 8, `${resets('hidden').length} hidden resets`)
  t.deepEqual([...new Set(resets('output').map((e) => e.index))].sort(), [0, 1])
  t.is(c.network.losses[0]!.kind, 'first-spike-cross-entropy')
  // the silent label-less neuron 2 still has a gradient, through its voltage at T
  const bias = c.network.layout.blocks.find((b) => b.name === 'bias:output')!
  t.not(g.gradient[bias.offset + 2], 0)
})

test('spikegrad gradient --config examples/ttfs-lif.json --check --per-block 2 — agrees with finite differences to 1e-5 in every block', (t) => {
  const main = join(repositoryRoot(), 'packages', 'cli', 'dist', 'main.js')
  const r = spawnSync(process.execPath, [main, 'gradient', '--config', file, '--check', '--per-block', '2'], { cwd: tmpdir(), encoding: 'utf8', timeout: 300_000 })
  t.is(r.status, 0, r.stderr)
  const out = JSON.parse(r.stdout) as { ok: boolean; blocks: Record<string, { maxRelativeError: number; checked: number }> }
  t.true(out.ok)
  t.deepEqual(Object.keys(out.blocks), ['hidden<-input', 'output<-hidden', 'bias:hidden', 'bias:output'])
  for (const [name, b] of Object.entries(out.blocks)) t.true(b.maxRelativeError <= 1e-5 && b.checked === 2, `${name}: ${b.maxRelativeError} over ${b.checked}`)
  t.regex(r.stderr, /check passed/)
})

test('examples/ttfs-lif.json — with structure blocks the first-spike loss is solved by the structure (its reset times in each neuron\'s jump conditions), and agrees with the monolithic solve', async (t) => {
  const c = await ttfs()
  const a = getOrThrow(networkGradient(c.network, c.initialValue.theta, c.trial, { ...c.solve, structure: 'blocks' }))
  const b = getOrThrow(networkGradient(c.network, c.initialValue.theta, c.trial, { ...c.solve, structure: 'monolithic' }))
  // solved by blocks: the structured solve has no whole-network state, so no dL/dy0
  t.is(a.initialStateGradient.length, 0)
  t.true(b.initialStateGradient.length > 0)
  t.true(Math.abs(a.loss - b.loss) <= 1e-8 * Math.abs(b.loss), `loss ${a.loss} against ${b.loss}`)
  const scale = b.gradient.reduce((m, x) => Math.max(m, Math.abs(x)), 0)
  let worst = 0
  for (let i = 0; i < b.gradient.length; i++) worst = Math.max(worst, Math.abs(a.gradient[i] - b.gradient[i]))
  t.true(worst <= 1e-6 * scale, `gradient: ${worst / scale} of its largest entry`)
})

test('spikegrad train --model-spec examples/yinyang-first-spike.spec.json — EventProp\'s architecture (5 → 60 LIF → 3 LIF) trains on Yin-Yang with the first-spike loss, and the model file keeps the loss, its options and the scoring by first spike', (t) => {
  const dir = mkdtempSync(join(tmpdir(), 'spikegrad-ttfs-'))
  const main = join(repositoryRoot(), 'packages', 'cli', 'dist', 'main.js')
  const spec = join(repositoryRoot(), 'examples', 'yinyang-first-spike.spec.json')
  const r = spawnSync(process.execPath, [main, 'train', '--model-spec', spec, '--iterations', '2', '--batch', '4', '--workers', '1', '--no-plot', '--evaluate-every', '0', '--out', 'model.json'], { cwd: dir, encoding: 'utf8', timeout: 300_000 })
  t.is(r.status, 0, r.stderr)
  const model = JSON.parse(readFileSync(join(dir, 'model.json'), 'utf8')) as { spec: { network: { losses: unknown[] }; taskLosses: boolean; scoreBy: unknown }; history: { iterations: { loss: number; gradientNorm: number }[] } }
  t.deepEqual(model.spec.network.losses, [{ name: 'first-spike-cross-entropy', options: { population: 'output' } }])
  t.false(model.spec.taskLosses)
  t.deepEqual(model.spec.scoreBy, { firstSpike: 'output' })
  t.is(model.history.iterations.length, 2)
  for (const it of model.history.iterations) t.true(Number.isFinite(it.loss) && it.loss > 0 && it.gradientNorm > 0, JSON.stringify(it))
})

test('examples/ttfs-lif.json — the charges a loss reads are the spike counts: Σ_j Q_j of both populations is the charge the cost per spike measures through the traces (∫ s dt + tau_s (s(T) − s(0))), in value and gradient, at T = 30 ms and with crossings under way at T = 15.75 ms', async (t) => {
  const c = await ttfs()
  // Ψ = Σ_j Q_j over the hidden and output populations, read as charges
  const summed: Loss = {
    kind: 'charge-sum',
    value: () => 0,
    gradient: () => undefined,
    populations: {
      reads: { charges: ['hidden', 'output'] },
      final: {
        value: (view) => view.charges.reduce((a, q) => a + q.reduce((b, x) => b + x, 0), 0),
        gradient: (_view, grad) => grad.charges.forEach((g) => g.fill(1)),
      },
    },
  }
  // the traces' route integrates the sharp pulses of s by quadrature (3e-7 off at rtol 1e-10, measured), the charges' is exact
  // given the state: compare at a tight tolerance
  const solve = { ...c.solve, rtol: 1e-12, atol: 1e-14 }
  for (const duration of [30, 15.75]) {
    const trial = { ...c.trial, duration }
    const byCharges = getOrThrow(networkGradient({ ...c.network, losses: [summed] }, c.initialValue.theta, trial, solve))
    const byTraces = getOrThrow(networkGradient({ ...c.network, losses: [spikeCountLoss({ weight: 1 })] }, c.initialValue.theta, trial, solve))
    const resets = byCharges.events.filter((e) => e.family.startsWith('reset:')).length
    t.log(`T = ${duration} ms: ${resets} resets, Σ Q = ${byCharges.loss}, by the traces ${byTraces.loss}`)
    t.true(Math.abs(byCharges.loss - byTraces.loss) < 1e-8, `${byCharges.loss} vs ${byTraces.loss}`)
    const scale = Math.max(...byTraces.gradient.map(Math.abs))
    const worst = Math.max(...byCharges.gradient.map((g, k) => Math.abs(g - byTraces.gradient[k]!)))
    t.log(`  largest gradient entry ${scale.toExponential(2)}, largest difference ${worst.toExponential(2)}`)
    t.true(worst <= 1e-6 * Math.max(scale, 1e-3), `gradients differ by ${worst}`)
    if (duration === 30) t.true(Math.abs(byCharges.loss - resets) < 1e-4, 'at T = 30 ms no crossing is under way: Σ Q is the number of resets')
    else t.true(scale > 0.1 && byCharges.loss - resets > 0.5, 'at T = 15.75 ms crossings are under way: a fraction counts, and the gradient is not zero')
  }
})

test('a JSON configuration names spike-count with a target per neuron — { "name": "spike-count", "params": { "low": 1, "high": 3 }, "options": { "population": "output" } } — and spikegrad gradient --config computes it (its check against finite differences: ttfsLif.slow.test.ts)', async (t) => {
  const config = JSON.parse(readFileSync(file, 'utf8')) as Record<string, unknown>
  const dir = mkdtempSync(join(tmpdir(), 'spikegrad-count-'))
  const countFile = join(dir, 'count-lif.json')
  writeFileSync(countFile, JSON.stringify({ ...config, duration: 15.75, losses: [{ name: 'spike-count', params: { low: 1, high: 3 }, options: { population: 'output' } }] }))
  const loaded = await loadNetworkConfig(countFile)
  if (!isRight(loaded)) return t.fail(loaded.left.message)
  const c = loaded.right
  t.deepEqual(c.network.losses.map((l) => l.populations?.reads), [{ charges: ['output'] }])
  const main = join(repositoryRoot(), 'packages', 'cli', 'dist', 'main.js')
  const r = spawnSync(process.execPath, [main, 'gradient', '--config', countFile], { cwd: dir, encoding: 'utf8', timeout: 300_000 })
  t.is(r.status, 0, r.stderr)
  const out = JSON.parse(r.stdout) as { loss: number; gradient: Record<string, number[] | number[][]> }
  const g = getOrThrow(networkGradient(c.network, c.initialValue.theta, c.trial, c.solve))
  t.is(out.loss, g.loss)
  // the output neurons' counts (label 1 or 3, the others 1): Ψ = ½ Σ (Q_j − n_j)², with a crossing under way at T
  t.true(out.loss > 0.5 && out.loss < 10, `${out.loss}`)
  const bias = c.network.layout.blocks.find((b) => b.name === 'bias:output')!
  t.deepEqual(out.gradient['bias:output'], Array.from(g.gradient.subarray(bias.offset, bias.offset + bias.length)))
  t.true((out.gradient['bias:output'] as number[]).some((x) => x !== 0))
})

test('charges are refused, naming the population and the fix, where a reset does not count one spike — a reset value inside the gate\'s zone', async (t) => {
  const config = JSON.parse(readFileSync(file, 'utf8')) as { populations: { neuron: { params: Record<string, number> } }[] } & Record<string, unknown>
  const dir = mkdtempSync(join(tmpdir(), 'spikegrad-count-'))
  const high = join(dir, 'high-reset.json')
  config.populations[1]!.neuron.params.v_reset = 0.9 // the zone is [0.8, 1]
  writeFileSync(high, JSON.stringify({ ...config, losses: [{ name: 'spike-count', params: { high: 2 }, options: { population: 'output' } }] }))
  const r = await loadNetworkConfig(high)
  t.true(isLeft(r))
  if (isLeft(r)) t.regex(r.left.message, /losses\[0\] \(spike-count\)\.reads\.charges\[0\]: population "output": its reset puts the voltage at 0\.9, inside the gate's zone \[0\.8, 1\], so a reset does not count one spike; place the gate's zone between the reset value and the threshold/)
})
