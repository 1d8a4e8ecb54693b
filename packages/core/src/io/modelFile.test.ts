import test from 'ava'
import { mkdtempSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { isLeft, isRight } from 'fp-ts/lib/Either.js'
import { decodeModelFile, formatModelFile, MODEL_FORMAT, readModelFile, writeModelFile, type ModelFile } from './modelFile.js'

/** A small valid model file: 2 inputs, 4 neurons, 1 output. */
const sample = (): ModelFile => ({
  format: MODEL_FORMAT,
  plugins: ['@spikegrad/neuron-qif', '@spikegrad/gates', '@spikegrad/task-xor'],
  task: { name: 'xor', params: { responseWindow: 30 } },
  neuron: { name: 'qif', params: { tau_v: 2 } },
  gate: { name: 'raised-cosine', width: 1 },
  losses: [{ name: 'spike-count', params: { weight: 1e-3 } }],
  sizes: { inputs: 2, neurons: 4, outputs: 1 },
  tauS: 10,
  seed: 42,
  solver: { rtol: 1e-4, memory: 'all' },
  training: { optimizer: { kind: 'adam' }, schedule: { kind: 'constant', lr: 0.01 }, batchSize: 4 },
  weights: {
    U: [[0.1, -0.2], [0.3, 0.4], [1 / 3, -0.5], [0.6, 0.7]],
    W: [[0, 1e-17, 0.2, 0.3], [0.1, 0, -0.2, 0.3], [0.1, 0.2, 0, 0.3], [0.1, 0.2, 0.3, 0]],
    b: [0.01, -0.02, 0.03, Math.PI],
    O: [[0.5, -0.5, 0.25, -0.25]],
  },
  iteration: 2,
  optimizerState: { kind: 'adam', step: 2, buffers: { m: [0.1, 1e-300], v: [2.5e-7, 0] } },
  history: {
    iterations: [
      { iteration: 0, loss: 15.2, gradientNorm: 3.1, learningRate: 0.01, wallTime: 812.5 },
      { iteration: 1, loss: 14.9, gradientNorm: 2.7, learningRate: 0.01, wallTime: 790 },
    ],
    evaluations: [{ iteration: 2, scores: { accuracy: 0.5 }, loss: 14.8, firingRate: 12.5 }],
  },
})

const errorsOf = (value: unknown): readonly string[] => {
  const r = decodeModelFile(value)
  return isLeft(r) ? r.left : []
}

test('model file — written and read back, every number comes back with the same bits', (t) => {
  const path = join(mkdtempSync(join(tmpdir(), 'spikegrad-model-')), 'model.json')
  const file = sample()
  t.true(isRight(writeModelFile(path, file)))
  const back = readModelFile(path)
  t.true(isRight(back), isLeft(back) ? back.left.join('\n') : '')
  if (isRight(back)) t.deepEqual(back.right, file)
})

test('model file — the text is JSON with each row of numbers and each history record on one line', (t) => {
  const text = formatModelFile(sample())
  t.deepEqual(JSON.parse(text), JSON.parse(JSON.stringify(sample())))
  t.true(text.includes('"b": [0.01, -0.02, 0.03, 3.141592653589793]'), text)
  t.true(text.includes('[0.3333333333333333, -0.5]'), text)
  t.true(text.includes('"format": "spikegrad-model/1"'))
  t.true(text.includes('{ "iteration": 1, "loss": 14.9, "gradientNorm": 2.7, "learningRate": 0.01, "wallTime": 790 }'), text)
  t.true(text.includes('{ "iteration": 2, "scores": { "accuracy": 0.5 }, "loss": 14.8, "firingRate": 12.5 }'), text)
})

test('model file — a bad weight is named down to its row and column', (t) => {
  const file = sample() as unknown as { weights: { W: unknown[][] } }
  file.weights.W[3][2] = 'x'
  t.deepEqual(errorsOf(file), ['model.weights.W[3][2]: expected a finite number, got "x"'])
})

test('model file — weights of the wrong shape for the sizes are named with the shape expected', (t) => {
  const file = sample() as unknown as { weights: { U: unknown[]; b: unknown[]; O: unknown[][] } }
  file.weights.U.pop()
  file.weights.b.push(1)
  file.weights.O[0] = [1, 2]
  t.deepEqual(errorsOf(file), [
    'model.weights.U: expected 4 rows, got 3',
    'model.weights.b: expected 4 entries, got 5',
    'model.weights.O[0]: expected 4 columns, got 2',
  ])
})

test('model file — a missing or bad field of the specification or the history is named', (t) => {
  const file = sample() as unknown as Record<string, unknown> & { history: { iterations: { loss: unknown }[] } }
  delete file.tauS
  file.seed = -1
  file.history.iterations[1].loss = null
  t.deepEqual(errorsOf(file), [
    'model.tauS: expected a positive number, got nothing (the field is missing)',
    'model.seed: expected an integer seed in [0, 4294967295], got -1',
    'model.history.iterations[1].loss: expected a finite number, got null',
  ])
})

test('model file — another format is refused by name, and a file that is not JSON names its line', (t) => {
  t.deepEqual(errorsOf({ ...sample(), format: 'spikegrad-network/1' }), [
    'model.format: expected "spikegrad-model/1", got "spikegrad-network/1"; this is not a spikegrad model file of a version this spikegrad reads',
  ])
  const bad = join(mkdtempSync(join(tmpdir(), 'spikegrad-model-')), 'bad.json')
  writeFileSync(bad, formatModelFile(sample()).replace('"tauS": 10,', '"tauS": 10,,'))
  const r = readModelFile(bad)
  t.true(isLeft(r) && /bad\.json:\d+:\d+: not valid JSON/.test(r.left[0]), isLeft(r) ? r.left[0] : 'read')
})
