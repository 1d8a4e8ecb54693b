import test from 'ava'
import { Container } from 'inversify'
import { confusionMatrix, Rng, TaskFactoryToken, type Readout, type TaskFactory, type Trial } from '@spikegrad/core'
import { yinYangPrediction, yinYangTask, yinYangTrial } from './yinYangTask.js'
import { yinYangDataset, yinYangSplits } from './yinYangData.js'
import { resolveYinYangTaskParameters } from './yinYangTaskParameters.js'
import { YinYangTaskModule } from './yinYangTaskModule.js'


const p = resolveYinYangTaskParameters()

/** A readout on the grid 0, 1, …, 60 ms whose channels are constant: `values` outside the window, `inside` in it. */
function readout(outside: readonly number[], inside: readonly number[], window = 30): Readout {
  const times = Float64Array.from({ length: 61 }, (_, k) => k)
  const values = new Float64Array(61 * 3)
  for (let k = 0; k < 61; k++) for (let r = 0; r < 3; r++) values[k * 3 + r] = (k >= window ? inside : outside)[r]!
  return { times, values } as Readout
}

test('yinyang task — five spike inputs, three classes, accuracy to maximise, the published splits (5000, 1000, 1000), a recipe', (t) => {
  const task = yinYangTask({})
  t.is(task.kind, 'yinyang')
  t.is(task.inputSize, 5)
  t.is(task.inputKind, 'spikes')
  t.is(task.outputSize, 3)
  t.is(task.primaryScore, 'accuracy')
  t.true(task.higherIsBetter)
  t.deepEqual(Object.fromEntries(Object.entries(task.splits!).map(([k, s]) => [k, s.size])), { train: 5000, validation: 1000, test: 1000 })
  t.deepEqual(task.recipe?.network.populations[0]?.neuron, { name: 'lif', params: { tau_m: 20 } })
  t.is(task.losses.length, 1)
  t.is(task.losses[0]!.kind, 'cross-entropy')
})

test('yinyang task — the splits are the published data set (yinYangDataset of the published seeds, checked against the publication in its own test), sample for sample', (t) => {
  const task = yinYangTask({})
  for (const name of ['train', 'validation', 'test'] as const) {
    const split = task.splits![name]!
    const data = yinYangDataset(yinYangSplits[name])
    t.is(split.size, data.length, name)
    let mismatches = 0
    for (let i = 0; i < split.size; i++) {
      const meta = split.trial(i).meta!
      if (meta.x !== data[i]!.x || meta.y !== data[i]!.y || meta.label !== data[i]!.label) mismatches++
    }
    t.is(mismatches, 0, name)
  }
})

test('yinyang task — a trial is EventProp\'s encoding: x, y, 1 − x, 1 − y spike at f · 30 ms, the bias at 0; the target is one-hot, weighted 1/30 in [30, 60] ms and 0 before', (t) => {
  const trial = yinYangTrial({ x: 0.2, y: 0.7, label: 2 }, p)
  t.is(trial.duration, 60)
  t.deepEqual(trial.spikes!.map((s) => Array.from(s)), [[0.2 * 30], [0.7 * 30], [(1 - 0.2) * 30], [(1 - 0.7) * 30], [0]])
  const out = new Float64Array(3)
  t.is(trial.target(29.999, out), 0)
  t.deepEqual(Array.from(out), [0, 0, 1])
  t.is(trial.target(30, out), 1 / 30)
  t.is(trial.target(60, out), 1 / 30)
  t.deepEqual(Array.from(out), [0, 0, 1])
  t.deepEqual(trial.breakpoints, [30])
  const input = new Float64Array(5).fill(7)
  trial.input(10, input)
  t.deepEqual(Array.from(input), [7, 7, 7, 7, 7], 'no analog input: the channels are spikes')
  const longer = yinYangTrial({ x: 0.5, y: 0.5, label: 0 }, resolveYinYangTaskParameters({ encoding: 10, duration: 40, windowStart: 20 }))
  t.deepEqual(longer.spikes!.map((s) => s[0]), [5, 5, 5, 5, 0])
  t.is(longer.target(20, out), 1 / 20)
})

test('yinyang task — the predicted class is the argmax of the mean readout over the window only; accuracy and confusion count it per class', (t) => {
  const task = yinYangTask({ trainSize: 3, validationSize: 3, testSize: 3 })
  const trial = (label: 0 | 1 | 2): Trial => yinYangTrial({ x: 0.5, y: 0.5, label }, p)
  // large values before the window must not count
  t.is(yinYangPrediction(trial(0), readout([100, 0, 0], [0, 1, 0.5])), 1)
  t.is(yinYangPrediction(trial(0), readout([0, 0, 0], [0.1, 0.2, 0.3])), 2)
  const trials = [trial(0), trial(1), trial(2), trial(2)]
  const readouts = [readout([0, 0, 0], [1, 0, 0]), readout([0, 0, 0], [1, 0, 0]), readout([0, 0, 0], [0, 0, 1]), readout([0, 0, 0], [0, 1, 0])]
  t.deepEqual(task.score(trials, readouts), { accuracy: 0.5 })
  t.deepEqual(confusionMatrix(task.classification!, trials, readouts), { classes: ['yin', 'yang', 'dot'], counts: [[1, 0, 0], [1, 0, 0], [0, 1, 1]] })
})

test('yinyang task — wrong readouts and parameters are refused with messages that say what to do', (t) => {
  const task = yinYangTask({})
  const trial = task.splits!.test!.trial(0)
  const two = { times: Float64Array.of(40, 50), values: new Float64Array(4) } as Readout
  t.throws(() => task.score([trial], [two]), { message: /the readout has 2 channels; the task has 3 classes/ })
  t.throws(() => task.score([trial], []), { message: /got 1 trials and 0 readouts; give one readout per trial/ })
  const early = { times: Float64Array.of(0, 10), values: new Float64Array(6) } as Readout
  t.throws(() => task.score([trial], [early]), { message: /no readout sample in the window \[30, 60\] ms/ })
  t.throws(() => yinYangTask({ windowStart: 70 }), { message: /windowStart = 70 must come before the end of the trial \(duration = 60\)/ })
  t.throws(() => yinYangTask({ encoding: 80 }), { message: /the last input spike comes at encoding = 80 ms, after the trial's end/ })
  t.throws(() => yinYangTask({ trainSize: 2.5 }), { message: /parameter "trainSize" must be an integer, got 2\.5/ })
  t.throws(() => yinYangTask({ temperature: 0 }), { message: /temperature/ })
  t.throws(() => yinYangTask({ windowstart: 3 }), { message: /windowstart/ })
})

test('yinyang task — other split sizes and seeds give other data; trial(rng) draws from the training split', (t) => {
  const small = yinYangTask({ trainSize: 10, trainSeed: 7, validationSize: 4, testSize: 4 })
  t.is(small.splits!.train!.size, 10)
  const a = small.splits!.train!.trial(0).meta
  const b = yinYangTask({ trainSize: 10, trainSeed: 8 }).splits!.train!.trial(0).meta
  t.notDeepEqual(a, b)
  const train = Array.from({ length: 10 }, (_, i) => JSON.stringify(small.splits!.train!.trial(i).meta))
  const rng = new Rng(3)
  for (let k = 0; k < 20; k++) t.true(train.includes(JSON.stringify(small.trial(rng).meta)))
})

test('yinyang task — its plane is the unit square, the domain the disc; the trial of a point is the trial of that sample', (t) => {
  const task = yinYangTask({ trainSize: 3, validationSize: 3, testSize: 3 })
  const plane = task.plane!
  t.deepEqual([plane.x, plane.y], [{ name: 'x', min: 0, max: 1 }, { name: 'y', min: 0, max: 1 }])
  t.true(plane.contains!(0.5, 0.5))
  t.false(plane.contains!(0.02, 0.02))
  const trial = plane.trialAt(0.25, 0.5)
  t.deepEqual(trial.spikes!.map((s) => s[0]), [7.5, 15, 22.5, 15, 0])
  t.is(trial.meta?.label, 2, 'the centre of a dot')
  const sample = task.splits!.test!.trial(0)
  t.deepEqual(plane.pointOf(sample), [sample.meta!.x, sample.meta!.y])
  t.is(task.classification!.label(sample), sample.meta!.label as number)
})

test('yinyang task — fresh samples: yinYangDataset of the given seed and size, encoded as the splits are', (t) => {
  const task = yinYangTask({ trainSize: 3, validationSize: 3, testSize: 3 })
  const fresh = task.fresh!(99, 12)
  t.is(fresh.size, 12)
  const data = yinYangDataset({ size: 12, seed: 99 })
  t.deepEqual(Array.from({ length: 12 }, (_, i) => fresh.trial(i).meta), data.map((s) => yinYangTrial(s, p).meta))
})

test('yinyang task module — resolves the factory named "yinyang" from a container', (t) => {
  const container = new Container()
  container.load(YinYangTaskModule)
  const factory = container.get<TaskFactory>(TaskFactoryToken, { name: 'yinyang' })
  t.is(factory({ temperature: 0.5 }).kind, 'yinyang')
})
