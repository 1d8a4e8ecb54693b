import test from 'ava'
import { mkdtempSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { isLeft, isRight } from 'fp-ts/lib/Either.js'
import { decodeModelFile, formatModelFile, MODEL_FORMAT_V1, type ModelFile } from '@spikegrad/core'
import { readModelFile, writeModelFile } from './modelFiles.js'

/** A small model file of the earlier format (2 inputs, 4 neurons, 1 output), read as format 2. */
const sample = (): ModelFile => {
  const decoded = decodeModelFile({
    format: MODEL_FORMAT_V1,
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
      iterations: [{ iteration: 0, loss: 15.2, gradientNorm: 3.1, learningRate: 0.01, wallTime: 812.5 }],
      evaluations: [{ iteration: 2, scores: { accuracy: 0.5 }, loss: 14.8, firingRate: 12.5 }],
    },
  })
  if (isLeft(decoded)) throw new Error(decoded.left.message)
  return decoded.right
}

const scratch = (name: string): string => join(mkdtempSync(join(tmpdir(), 'spikegrad-model-')), name)

test('model file — written and read back, every number comes back with the same bits', (t) => {
  const path = scratch('model.json')
  const file = sample()
  t.true(isRight(writeModelFile(path, file)))
  const back = readModelFile(path)
  t.true(isRight(back), isLeft(back) ? back.left.message : '')
  if (isRight(back)) t.deepEqual(back.right, file)
})

test('model file — a file that is not JSON names its line, and a bad field its file and field', (t) => {
  const bad = scratch('bad.json')
  writeFileSync(bad, formatModelFile(sample()).replace('"tauS": 10,', '"tauS": 10,,'))
  const r = readModelFile(bad)
  t.true(isLeft(r) && /bad\.json:\d+:\d+: not valid JSON/.test(r.left.message), isLeft(r) ? r.left.message : 'read')
  const field = scratch('field.json')
  writeFileSync(field, formatModelFile(sample()).replace('"seed": 42', '"seed": -1'))
  const f = readModelFile(field)
  t.true(isLeft(f) && f.left.message.includes(`${field}: model.spec.seed: expected an integer seed`), isLeft(f) ? f.left.message : 'read')
})
