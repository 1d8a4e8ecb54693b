import { join } from 'node:path'
import test from 'ava'
import { repositoryRoot } from '../spawnCli.test-kit.js'
import { spikegradAsync } from '../train/tinyRuns.test-kit.js'

/** The default run's model, committed (models/yinyang/model.json): trained by `spikegrad train yinyang --seed 1` (200 hidden, 30 epochs, in closed form). */
const model = join(repositoryRoot, 'models/yinyang/model.json')

test('models/yinyang — the committed model scores the published test split as the README says (98.4 %), with its confusion matrix', async (t) => {
  const scored = await spikegradAsync(['evaluate', model, '--split', 'test', '--json'])
  t.is(scored.code, 0, scored.stderr)
  const result = JSON.parse(scored.stdout)
  t.like(result, { split: 'test', trials: 1000, parameters: 'best', accuracy: 0.984 })
  t.deepEqual(result.confusion.classes, ['yin', 'yang', 'dot'])
  const counts: number[][] = result.confusion.counts
  t.is(counts.flat().reduce((s, c) => s + c, 0), 1000)
  t.is(counts[0]![0]! + counts[1]![1]! + counts[2]![2]!, 984)
})

test('models/yinyang — freshly generated samples (--data-seed S --size K) are scored too', async (t) => {
  const scored = await spikegradAsync(['evaluate', model, '--data-seed', '7', '--size', '200', '--json'])
  t.is(scored.code, 0, scored.stderr)
  const result = JSON.parse(scored.stdout)
  t.is(result.trials, 200)
  t.true(result.accuracy > 0.93, `accuracy ${result.accuracy} on 200 fresh samples`)
})

test("models/yinyang-delays — DelGrad's network with trained synaptic delays (30 epochs, seed 1) scores the published test split as the README says (95.7 %), solved by blocks", async (t) => {
  const scored = await spikegradAsync(['evaluate', join(repositoryRoot, 'models/yinyang-delays/model.json'), '--split', 'test', '--json'])
  t.is(scored.code, 0, scored.stderr)
  const result = JSON.parse(scored.stdout)
  t.like(result, { split: 'test', trials: 1000, parameters: 'best', bestIteration: 4600, accuracy: 0.957, silent: 0 })
})

test("models/yinyang-first-spike — EventProp's network (200 hidden LIF, 3 output LIF read by their first spikes, 30 epochs, seed 1) scores the published test split as the README says (98.0 %), solved by blocks", async (t) => {
  const scored = await spikegradAsync(['evaluate', join(repositoryRoot, 'models/yinyang-first-spike/model.json'), '--split', 'test', '--json'])
  t.is(scored.code, 0, scored.stderr)
  const result = JSON.parse(scored.stdout)
  t.like(result, { split: 'test', trials: 1000, iteration: 6000, parameters: 'best', bestIteration: 3800, accuracy: 0.98, silent: 0 })
  const counts: number[][] = result.confusion.counts
  t.is(counts[0]![0]! + counts[1]![1]! + counts[2]![2]!, 980)
})
