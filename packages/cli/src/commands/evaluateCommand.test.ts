import { readFile, writeFile } from 'node:fs/promises'
import { join } from 'node:path'
import test from 'ava'
import { evaluate } from '@spikegrad/core'
import { spikegrad, stackFrame } from '../spawnCli.test-kit.js'
import { savedTinyModel, scratch, spikegradInProcess, tinyAutoencodeSpec, tinyXorTask } from '../train/tinyRuns.test-kit.js'

test('evaluate --json — one JSON object on stdout: the task\'s score, trials, seed, mean rate, loss, iteration; progress on stderr', async (t) => {
  const { path, model } = await savedTinyModel({ ...tinyAutoencodeSpec(), task: tinyXorTask, losses: [] }, 1)
  const { code, stdout, stderr } = spikegrad(['evaluate', path, '--trials', '6', '--json'])
  t.is(code, 0, stderr)
  const lines = stdout.split('\n').filter(Boolean)
  t.is(lines.length, 1)
  const result = JSON.parse(lines[0]!)
  t.deepEqual(Object.keys(result), ['accuracy', 'trials', 'seed', 'meanRateHz', 'loss', 'iteration', 'parameters'])
  const expected = evaluate(model, { trials: 6 })
  if (expected._tag === 'Left') return t.fail(expected.left.message)
  t.deepEqual(result, {
    accuracy: expected.right.scores.accuracy,
    trials: 6,
    seed: model.spec.seed,
    meanRateHz: expected.right.firingRate,
    loss: expected.right.loss,
    iteration: 1,
    parameters: 'last',
  })
  t.regex(stderr, /^evaluate {2}trial 1\/6 /)
  t.regex(stderr, /\nevaluate {2}trial 6\/6 .* trial\/s {2}eta 0s\n$/)
})

test('evaluate — without --json, the primary score, the loss and the rate as text; --seed draws other held-out trials', async (t) => {
  const { path } = await savedTinyModel(tinyAutoencodeSpec(), 1)
  const first = await spikegradInProcess(['evaluate', path, '--trials', '2'])
  t.is(first.code, 0, first.stderr)
  t.regex(first.stdout, /^nmse [\d.e-]+ on 2 held-out trials \(seed 5\); lower is better\nmean loss [\d.e-]+ per trial, mean firing rate [\d.]+ Hz; scored with the parameters after 1 iterations\n$/)
  const other = await spikegradInProcess(['evaluate', path, '--trials', '2', '--seed', '6', '--json'])
  const same = await spikegradInProcess(['evaluate', path, '--trials', '2', '--seed', '5', '--json'])
  t.not(JSON.parse(other.stdout).nmse, JSON.parse(same.stdout).nmse)
  t.is(JSON.parse(same.stdout).nmse, Number(/^nmse (\S+)/.exec(first.stdout)![1]))
})

test('evaluate — a missing file exits 1, a bad model file exits 1 naming the field, a bad option exits 2; never a stack trace', async (t) => {
  const { path } = await savedTinyModel(tinyAutoencodeSpec(), 1)
  const bad = join(await scratch(), 'bad.json')
  const file = JSON.parse(await readFile(path, 'utf8'))
  file.weights['hidden<-hidden'][3][2] = 'x'
  await writeFile(bad, JSON.stringify(file))
  const cases: [string[], number, RegExp][] = [
    [['evaluate', 'no/such/model.json'], 1, /^spikegrad: no\/such\/model\.json: file not found\. /],
    [['evaluate', bad], 1, /^spikegrad: .*bad\.json: model\.weights\["hidden<-hidden"\]\[3\]\[2\]: must be a finite number, got "x"\n$/],
    [['evaluate', path, '--trials', '0'], 2, /^spikegrad: --trials must be a positive integer, got "0"/],
    [['evaluate', path, '--seed', '-1'], 2, /^spikegrad: --seed must be a non-negative integer, got "-1"/],
    [['evaluate', path, '--data-seed', '3'], 2, /^spikegrad: the task "autoencode" cannot generate fresh samples; drop --data-seed/],
    [['evaluate', path, '--split', 'test'], 2, /^spikegrad: the task "autoencode" has no split "test": it draws its trials from a seed; drop --split\n$/],
  ]
  for (const [args, exit, message] of cases) {
    const { code, stdout, stderr } = await spikegradInProcess(args)
    t.is(code, exit, `${args.join(' ')}: ${stderr}`)
    t.is(stdout, '')
    t.regex(stderr, message)
    t.notRegex(stderr, stackFrame)
  }
})
