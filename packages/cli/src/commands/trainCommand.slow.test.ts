import { readdir, readFile, writeFile } from 'node:fs/promises'
import { join } from 'node:path'
import test from 'ava'
import { loadModel } from '@spikegrad/node'
import { builtinPlugins } from '../model/builtinPlugins.js'
import { xmlProblems } from '../plots/svgCheck.test-kit.js'
import { spikegrad, stackFrame } from '../spawnCli.test-kit.js'
import { scratch, spikegradAsync, spikegradInProcess, tinyAutoencodeSpec, tinyXorArgs } from '../train/tinyRuns.test-kit.js'

const escape = (text: string): string => text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')

const readJson = async (path: string): Promise<any> => JSON.parse(await readFile(path, 'utf8'))

test('train xor — writes a valid model file and its figures, lists them on stdout, progress on stderr', async (t) => {
  const dir = await scratch()
  const out = join(dir, 'run', 'model.json')
  const { code, stdout, stderr } = await spikegradAsync(tinyXorArgs(out, '--iterations', '2'))
  t.is(code, 0, stderr)
  const model = await loadModel(out, builtinPlugins)
  if (model._tag === 'Left') return t.fail(model.left.message)
  t.is(model.right.iteration, 2)
  t.is(model.right.spec.task.name, 'xor')
  t.is(model.right.spec.network.populations[0]!.size, 8)
  t.is(model.right.spec.task.params?.pulseWidth, 5)
  t.is(model.right.history.iterations.length, 2)
  t.deepEqual(model.right.history.evaluations.map((e) => e.iteration), [2])
  t.true(typeof model.right.history.evaluations[0]!.scores.accuracy === 'number')
  const figures = join(dir, 'run', 'model-figures')
  const files = (await readdir(figures)).sort()
  t.deepEqual(files, [
    'history.svg',
    'sample-1-after-raster.svg',
    'sample-1-after-readout.svg',
    'sample-1-before-raster.svg',
    'sample-1-before-readout.svg',
    'score-vs-time.svg',
  ])
  for (const file of files) t.deepEqual(xmlProblems(await readFile(join(figures, file), 'utf8')), [], file)
  const lines = stdout.trim().split('\n')
  t.is(lines[0], `wrote ${out}`)
  t.deepEqual(lines.slice(1).sort(), files.map((f) => `wrote ${join(figures, f)}`))
  t.regex(stderr, /^train: xor \(pulseWidth 5, .*\), 8 qif neurons \(tau_v 5\), self-coupling 20, raised-cosine gate of width 1\.88, tau_s 10 ms, batch 2, gradient clipped to norm 100, adam, cosine lr 0\.01 → 0 over 2 iterations, seed 1, rtol 0\.0001\n/)
  t.regex(stderr, /\ntrain {2}iter 2\/2 {2}loss [\d.]+ {2}accuracy [\d.]+ {2}cpu-min [\d.e-]+ {2}[\d.]+ it\/s {2}eta 0s\n/, "the progress line: loss, score, the CPU minutes so far, speed, eta")
  t.regex(stderr, /\ntrain: after 2 iterations \([\d.e-]+ CPU-min of training\), accuracy [\d.]+ on 2 held-out trials, mean rate [\d.]+ Hz\n/)
})

test('train --lr-schedule cosine --clip-norm 5 — the rate anneals from --lr to 0 over --iterations, the clip norm and the schedule are saved in the model file and shown in the header', async (t) => {
  const dir = await scratch()
  const out = join(dir, 'model.json')
  const { code, stderr } = await spikegradAsync(tinyXorArgs(out, '--iterations', '2', '--lr', '0.05', '--lr-schedule', 'cosine', '--clip-norm', '5', '--no-plot'))
  t.is(code, 0, stderr)
  const file = await readJson(out)
  t.deepEqual(file.spec.training.schedule, { kind: 'cosine', total: 2, lr: 0.05 })
  t.is(file.spec.training.clipNorm, 5)
  const rates: number[] = file.history.iterations.map((r: any) => r.learningRate)
  t.is(rates.length, 2)
  t.is(rates[0], 0.05)
  t.true(Math.abs(rates[1]! - 0.025) < 1e-15, `lr(1) = ½ · 0.05 · (1 + cos(π/2)), got ${rates[1]}`)
  t.regex(stderr, /, adam, cosine lr 0\.05 → 0 over 2 iterations, seed 1,/)
  const resumed = await spikegradAsync(['train', '--resume', out, '--iterations', '3', '--workers', '1', '--evaluate-every', '0', '--no-plot'])
  t.is(resumed.code, 0, resumed.stderr)
  t.regex(resumed.stderr, /\ntrain: note: the cosine schedule ends at iteration 2; the iterations after it keep its floor rate 0\n/)
})

test('train --model-spec — a tiny auto-encoding specification with a spike-count cost trains, saves and draws its figures', async (t) => {
  const dir = await scratch()
  const spec = join(dir, 'spec.json')
  await writeFile(spec, JSON.stringify(tinyAutoencodeSpec()))
  const out = join(dir, 'model.json')
  const { code, stdout, stderr } = await spikegradAsync(['train', '--model-spec', spec, '--iterations', '1', '--workers', '1', '--evaluate-every', '0', '--plot-trials', '1', '--out', out])
  t.is(code, 0, stderr)
  const file = await readJson(out)
  t.is(file.format, 'spikegrad-model/3')
  t.is(file.iteration, 1)
  t.deepEqual(file.spec.network.losses, [{ name: 'spike-count', params: { weight: 1e-3 } }])
  t.deepEqual(file.history.evaluations, [], '--evaluate-every 0 scores nothing')
  t.is(stdout.split('\n').filter((l) => l.endsWith('.svg')).length, 5)
  t.deepEqual((await readdir(join(dir, 'model-figures'))).length, 5)
})

test('train --model-spec — a graph network (excitatory theta and inhibitory LIF populations, a mask, Dale\'s law) trains, keeps its signs and draws a raster per population', async (t) => {
  const dir = await scratch()
  const spec = join(dir, 'spec.json')
  await writeFile(
    spec,
    JSON.stringify({
      format: 'spikegrad-spec/2',
      plugins: [],
      task: { name: 'autoencode', params: { channels: 1, duration: 40, correlationTime: 20 } },
      network: {
        populations: [
          { name: 'exc', size: 4, neuron: { name: 'qif' }, gate: { name: 'raised-cosine', width: 1 }, tauS: 5, sign: 'excitatory' },
          { name: 'inh', size: 2, neuron: { name: 'lif' }, gate: { name: 'poly-bump', width: 0.2 }, tauS: 3, sign: 'inhibitory', biasInit: { kind: 'uniform', min: 0.8, max: 1.2 } },
        ],
        projections: [
          { from: 'input', to: 'exc', init: { kind: 'normal', std: 1.5 } },
          { from: 'input', to: 'inh', init: { kind: 'normal', std: 1.5 } },
          { from: 'exc', to: 'exc', connectivity: { mask: [[0, 1, 1, 1], [1, 0, 1, 1], [1, 1, 0, 1], [1, 1, 1, 0]] }, dale: true },
          { from: 'inh', to: 'exc', dale: true },
          { from: 'exc', to: 'inh', dale: true },
        ],
        readout: { from: ['exc', 'inh'] },
      },
      seed: 4,
      solver: { rtol: 1e-4, atol: 1e-6, memory: 'all' },
      training: { batchSize: 2, schedule: { kind: 'constant', lr: 0.05 } },
    }),
  )
  const out = join(dir, 'model.json')
  const { code, stderr } = await spikegradAsync(['train', '--model-spec', spec, '--iterations', '2', '--workers', '1', '--evaluate-every', '0', '--plot-trials', '1', '--out', out])
  t.is(code, 0, stderr)
  t.regex(stderr, /exc: 4 qif neurons, raised-cosine gate of width 1, tau_s 5 ms, inh: 2 lif neurons, poly-bump gate of width 0\.2, tau_s 3 ms/)
  const file = await readJson(out)
  t.deepEqual(Object.keys(file.weights), ['exc<-input', 'inh<-input', 'exc<-exc', 'exc<-inh', 'inh<-exc', 'bias:exc', 'bias:inh', 'readout<-exc', 'readout<-inh'])
  t.is(file.weights['exc<-exc'].length, 12, 'the masked projection holds its 12 entries, as [target, source, value]')
  t.true(file.weights['exc<-inh'].flat().every((w: number) => w <= 0), 'inhibitory weights stay ≤ 0')
  t.true(file.weights['inh<-exc'].flat().every((w: number) => w >= 0), 'excitatory weights stay ≥ 0')
  const raster = await readFile(join(dir, 'model-figures', 'sample-1-after-raster.svg'), 'utf8')
  t.true(raster.includes('>exc<') && raster.includes('>inh<'), 'one raster panel per population')
})

test('train --resume — 2 iterations, then resumed to 4, end with the weights and optimiser state of 4 in one go (2 gradient workers; a constant rate, so that extending a run is the same run)', async (t) => {
  const dir = await scratch()
  const split = join(dir, 'split.json')
  const straight = join(dir, 'straight.json')
  const quick = ['--no-plot', '--evaluate-every', '0', '--checkpoint-every', '1']
  const constant = ['--lr-schedule', 'constant']
  const first = await spikegradAsync(tinyXorArgs(split, '--iterations', '2', ...quick, ...constant))
  t.is(first.code, 0, first.stderr)
  const resumed = await spikegradAsync(['train', '--resume', split, '--iterations', '4', '--workers', '1', ...quick])
  t.is(resumed.code, 0, resumed.stderr)
  t.regex(resumed.stderr, /train: iterations 2 → 4/)
  const whole = await spikegradAsync(tinyXorArgs(straight, '--iterations', '4', ...quick, ...constant, '--workers', '2'))
  t.is(whole.code, 0, whole.stderr)
  const a = await readJson(split)
  const b = await readJson(straight)
  t.is(a.iteration, 4)
  t.deepEqual(a.weights, b.weights)
  t.deepEqual(a.optimizerState, b.optimizerState)
  t.deepEqual(
    a.history.iterations.map((r: any) => [r.iteration, r.loss, r.gradientNorm]),
    b.history.iterations.map((r: any) => [r.iteration, r.loss, r.gradientNorm]),
  )
})

test('train — Ctrl-C stops after the current iteration, saves the checkpoint and says how to resume (exit 130); resumed, it ends where an uninterrupted run ends', async (t) => {
  const dir = await scratch()
  const out = join(dir, 'model.json')
  let sent = false
  // The default cosine schedule anneals over --iterations, so the three runs share the target.
  const total = '8'
  const { code, stderr } = await spikegradAsync(tinyXorArgs(out, '--iterations', total, '--checkpoint-every', '100000'), (text, child) => {
    if (!sent && /\ntrain {2}iter 1\//.test(text)) {
      sent = true
      child.kill('SIGINT')
    }
  })
  t.is(code, 130, stderr)
  t.notRegex(stderr, stackFrame)
  t.regex(stderr, /train: stopping after the current iteration to save a checkpoint \(Ctrl-C again to quit at once\)/)
  const match = /\nspikegrad: interrupted after iteration (\d+) of 8; the model so far is saved in (.*)\. Resume with: spikegrad train --resume (\S+) --iterations 8\n$/.exec(stderr)
  if (match === null) return t.fail(stderr)
  t.is(match[2], out)
  t.is(match[3], out)
  const file = await readJson(out)
  t.is(file.iteration, Number(match[1]))
  t.true(file.iteration >= 1)
  t.is(file.optimizerState.step, file.iteration)
  t.true(file.iteration < 8)
  // resumed, it ends where an uninterrupted run ends
  const quick = ['--no-plot', '--evaluate-every', '0']
  const resumed = await spikegradAsync(['train', '--resume', out, '--iterations', total, '--workers', '1', ...quick])
  t.is(resumed.code, 0, resumed.stderr)
  const straight = join(dir, 'straight.json')
  const whole = await spikegradAsync(tinyXorArgs(straight, '--iterations', total, ...quick))
  t.is(whole.code, 0, whole.stderr)
  const [a, b] = [await readJson(out), await readJson(straight)]
  t.is(a.iteration, 8)
  t.deepEqual(a.weights, b.weights)
  t.deepEqual(a.optimizerState, b.optimizerState)
})

test('train — a second Ctrl-C quits at once (exit 130), leaving the last checkpoint whole', async (t) => {
  const dir = await scratch()
  const out = join(dir, 'model.json')
  let sent = false
  let again = false
  // the paper's trial lengths (300–550 ms), 32 neurons and 128 trials a step, so that a step
  // lasts seconds (about 6 s on an idle core): the second Ctrl-C, sent when the first is
  // acknowledged, must come before the step in progress ends, even on a loaded machine (a signal
  // sent twice at once may arrive once). The test ends at the second Ctrl-C: the long step costs
  // only the first one's time.
  const args = ['train', 'xor', '--neurons', '32', '--batch', '128', '--workers', '1', '--iterations', '100000', '--checkpoint-every', '100000', '--out', out]
  const { code, stderr } = await spikegradAsync(args, (text, child) => {
    if (!sent && /\ntrain {2}iter 1\//.test(text)) {
      sent = true
      child.kill('SIGINT')
    }
    if (!again && /\ntrain: stopping after the current iteration/.test(text)) {
      again = true
      child.kill('SIGINT')
    }
  })
  t.is(code, 130, stderr)
  t.notRegex(stderr, stackFrame)
  t.regex(stderr, new RegExp(`\nspikegrad: quit at once; ${escape(out)} holds the last checkpoint\\. Resume with: spikegrad train --resume ${escape(out)} --iterations 100000\n$`))
  t.is((await readJson(out)).iteration, 0, 'no checkpoint was due: the model written at the start')
})

test('train — a failed solve exits 1 with the solver\'s message, where it failed, and how to resume; the last checkpoint stays', async (t) => {
  const dir = await scratch()
  const spec = join(dir, 'spec.json')
  await writeFile(spec, JSON.stringify(tinyAutoencodeSpec({ solver: { rtol: 1e-4, atol: 1e-6, maxSteps: 5 } })))
  const out = join(dir, 'model.json')
  const { code, stdout, stderr } = await spikegradAsync(['train', '--model-spec', spec, '--iterations', '3', '--workers', '1', '--out', out])
  t.is(code, 1)
  t.is(stdout, '')
  t.notRegex(stderr, stackFrame)
  t.regex(stderr, /\nspikegrad: iteration 0: the solve of trial 0 \(seed \d+\) failed: the maximum number of solver steps \(5\)/)
  t.regex(stderr, new RegExp(`The last checkpoint is ${escape(out)}; after fixing the cause, resume with: spikegrad train --resume`))
  t.is((await readJson(out)).iteration, 0, 'the untrained model written at the start is left as it was')
})

test('train — wrong command lines exit 2 with one message naming the option, without a stack trace', async (t) => {
  const dir = await scratch()
  const existing = join(dir, 'model.json')
  await writeFile(existing, '{}')
  const cases: [string[], RegExp][] = [
    [['train', 'xor', '--iterations', '-4'], /^spikegrad: --iterations must be a positive integer, got "-4" \(e\.g\. --iterations 500\)\n/],
    [['train', 'xor', '--lr', 'fast'], /^spikegrad: --lr must be a positive number, got "fast"/],
    [['train', 'xor', '--task-param', 'pulseDelayMin'], /^spikegrad: --task-param must be name=<number>, got "pulseDelayMin"/],
    [['train', 'xor', '--rtol', '2'], /^spikegrad: --rtol must be a number in \[1e-14, 0\.1\], got "2"/],
    [['train', 'xor', '--seed', '4294967296'], /^spikegrad: --seed must be at most 4294967295/],
    [['train'], /^spikegrad: give a task to train \(xor, autoencode, yinyang, or a task plugin's name\), --model-spec <file> or --resume <model>\n/],
    [['train', 'sudoku'], /^spikegrad: the task "sudoku": model\.task: no plugin named "sudoku" is loaded \(available: autoencode, xor, yinyang\); .*"@spikegrad\/task-xor".*\n\(to train a task from another package, load it with --plugin <package>\)\n/],
    [['train', 'xor', '--task-param', 'pulseDelay=3'], /^spikegrad: the task "xor": model\.task: xor task: unknown parameter "pulseDelay" .*\n\(task parameters are set with --task-param name=value\)\n$/],
    [['train', 'xor', '--out', existing], /already exists: resume it with --resume .*, choose another file with --out, or overwrite it with --force\n/],
    [['train', '--resume', existing, '--lr', '0.1'], /^spikegrad: --lr cannot be used with --resume: a resumed run keeps the settings saved in its model file/],
    [['train', '--resume', existing, '--lr-schedule', 'cosine'], /^spikegrad: --lr-schedule cannot be used with --resume/],
    [['train', 'xor', '--clip-norm', '0'], /^spikegrad: --clip-norm must be a positive number, got "0"/],
    [['train', '--resume', existing, '--clip-norm', '10'], /^spikegrad: --clip-norm cannot be used with --resume/],
    [['train', '--resume', existing, '--neuron', 'lif'], /^spikegrad: --neuron cannot be used with --resume/],
    [['train', 'xor', '--neuron-param', 'tau_m'], /^spikegrad: --neuron-param must be name=<number>, got "tau_m" \(e\.g\. --neuron-param tau_m=20\)/],
    [['train', 'xor', '--neuron', 'alif'], /^spikegrad: the run on "xor": .*model\.network\.populations\[0\]\.neuron: no plugin named "alif" is loaded \(available: lif, qif\)/],
    [['train', 'xor', '--lr-schedule', 'linear'], /^spikegrad: option '--lr-schedule <kind>' argument 'linear' is invalid\. Allowed choices are constant, cosine\.\n/],
    [['train', 'xor', '--model-spec', existing], /^spikegrad: give either a task \(xor\) or --model-spec, not both/],
    [['train', '--model-spec', existing], /^spikegrad: .*model\.json: \d+ problems in the model specification:\n {2}model\.plugins: /],
    [['train', 'xor', '--bogus'], /^spikegrad: unknown option '--bogus'\n\(run "spikegrad train --help" for usage\)\n$/],
  ]
  for (const [args, message] of cases) {
    const { code, stdout, stderr } = await spikegradInProcess(args)
    t.is(code, 2, `${args.join(' ')}: ${stderr}`)
    t.is(stdout, '', args.join(' '))
    t.regex(stderr, message, args.join(' '))
    t.notRegex(stderr, stackFrame, args.join(' '))
  }
})

test('train — the executable exits 2 on a wrong option, with one line and no stack trace', (t) => {
  const { code, stdout, stderr } = spikegrad(['train', 'xor', '--workers', '0'])
  t.is(code, 2)
  t.is(stdout, '')
  t.is(stderr, 'spikegrad: --workers must be a positive integer, got "0" (e.g. --workers 2)\n')
})

test('train --resume — a missing or invalid checkpoint exits 1 with core\'s field-naming message', async (t) => {
  const dir = await scratch()
  const missing = await spikegradInProcess(['train', '--resume', join(dir, 'nope.json')])
  t.is(missing.code, 1)
  t.regex(missing.stderr, /^spikegrad: .*nope\.json: file not found\. /)
  const bad = join(dir, 'bad.json')
  await writeFile(bad, JSON.stringify({ format: 'spikegrad-model/0' }))
  const wrong = await spikegradInProcess(['train', '--resume', bad])
  t.is(wrong.code, 1)
  t.regex(wrong.stderr, /^spikegrad: .*bad\.json: model\.format: expected "spikegrad-model\/3" \(or "spikegrad-model\/2", "spikegrad-model\/1"\), got "spikegrad-model\/0"/)
  t.notRegex(wrong.stderr, stackFrame)
})

test('train yinyang — a data set trains for --epochs over its training split, scored on the validation split after each epoch, keeping the best; evaluate --split test scores the best parameters, with the confusion matrix', async (t) => {
  const dir = await scratch()
  const out = join(dir, 'model.json')
  const small = ['--task-param', 'trainSize=20', '--task-param', 'validationSize=8', '--task-param', 'testSize=6']
  const { code, stderr } = await spikegradAsync(['train', 'yinyang', ...small, '--hidden', '12', '--batch', '10', '--epochs', '2', '--workers', '1', '--no-plot', '--out', out])
  t.is(code, 0, stderr)
  t.regex(stderr, /\ntrain: iterations 0 → 4 \(2 epochs of 2\), gradients in the training thread, scored on the validation split and on the first 1000 trials \(at most\) of the train split after every epoch, keeping the best parameters, checkpoints every 20 to /)
  t.regex(stderr, /, cosine lr 0\.01 → 0 over 4 iterations,/, 'the recipe\'s cosine spans the run as the command line made it')
  t.regex(stderr, /\ntrain: after 4 iterations \([\d.e-]+ CPU-min of training\), accuracy [\d.]+ on the validation split \(8 trials\), mean rate [\d.]+ Hz\n/)
  t.regex(stderr, /\ntrain: the test split is held out; score it once, when the settings are final: spikegrad evaluate .* --split test\n/)
  const file = await readJson(out)
  t.deepEqual(file.spec.run, { epochs: 2, evaluateEvery: 0, evaluateSplit: 'validation', evaluateAlso: [{ split: 'train', trials: 1000 }], keepBest: true, checkpointEvery: 20 })
  t.deepEqual(file.history.evaluations.map((e: any) => [e.iteration, e.split]), [[2, 'validation'], [2, 'train'], [4, 'validation'], [4, 'train']])
  const validation = file.history.evaluations.filter((e: any) => e.split === 'validation')
  const scores = validation.map((e: any) => e.scores.accuracy)
  t.is(file.best.score, Math.max(...scores))
  t.is(file.best.iteration, validation[scores.indexOf(file.best.score)].iteration)
  const test = await spikegradInProcess(['evaluate', out, '--split', 'test', '--json'])
  t.is(test.code, 0, test.stderr)
  const result = JSON.parse(test.stdout)
  t.is(result.split, 'test')
  t.is(result.trials, 6)
  t.is(result.parameters, 'best')
  t.is(result.bestIteration, file.best.iteration)
  t.deepEqual(result.confusion.classes, ['yin', 'yang', 'dot'])
  const counts: number[][] = result.confusion.counts
  t.is(counts.flat().reduce((a, b) => a + b, 0), 6)
  t.is(counts.reduce((a, row, i) => a + row[i]!, 0) / 6, result.accuracy)
  const text = await spikegradInProcess(['evaluate', out, '--split', 'test'])
  t.regex(text.stdout, /^accuracy [\d.]+ on 6 trials of the split "test"; higher is better\n.*scored with the best parameters \(after \d of 4 iterations; --last for the last\)\nconfusion \(rows: true class, columns: predicted\):\ntrue \\ predicted {3}yin {2}yang {3}dot\nyin /s)
  const fresh = await spikegradInProcess(['evaluate', out, '--data-seed', '7', '--size', '5', '--json'])
  t.is(fresh.code, 0, fresh.stderr)
  t.deepEqual([JSON.parse(fresh.stdout).trials, JSON.parse(fresh.stdout).dataSeed], [5, 7])
  for (const [args, message] of [
    [['--size', '5'], /--size counts the fresh samples of --data-seed: give --data-seed S too/],
    [['--data-seed', '7', '--split', 'test'], /--data-seed scores fresh samples: give it without --split and --seed/],
  ] as const) {
    const bad = await spikegradInProcess(['evaluate', out, ...args])
    t.is(bad.code, 2)
    t.regex(bad.stderr, message)
  }
  const wrong = await spikegradInProcess(['train', 'xor', '--epochs', '2'])
  t.is(wrong.code, 2)
  t.regex(wrong.stderr, /^spikegrad: --epochs needs a data set; the task "xor" draws its trials from a seed: give --iterations\n/)
})
