import test from 'ava'
import { isLeft } from 'fp-ts/lib/Either.js'
import { neuronPlugin } from '../io/neuronRef.js'
import { formatIssue } from '../util/invalid.js'
import { decodeModelFile, formatModelFile, MODEL_FORMAT_V1, type ModelFile } from './modelFile.js'

/** A small valid model file of the earlier format: 2 inputs, 4 neurons, 1 output. */
const sampleV1 = () => ({
  format: MODEL_FORMAT_V1,
  plugins: ['@spikegrad/neuron-qif', '@spikegrad/gates', '@spikegrad/task-xor'],
  task: { name: 'xor', params: { responseWindow: 30 } },
  neuron: { name: 'qif', params: { tau_v: 2 } },
  gate: { name: 'raised-cosine', width: 1 },
  losses: [{ name: 'spike-count', params: { weight: 1e-3 } }],
  sizes: { inputs: 2, neurons: 4, outputs: 1 },
  tauS: 10,
  seed: 42,
  solver: { rtol: 1e-4, memory: 'all' as const },
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

/** The same model in format 2. */
const sample = (): ModelFile => {
  const decoded = decodeModelFile(sampleV1())
  if (isLeft(decoded)) throw new Error(decoded.left.message)
  return decoded.right
}

const errorsOf = (value: unknown): readonly string[] => {
  const r = decodeModelFile(value)
  return isLeft(r) ? r.left.issues.map(formatIssue) : []
}

test('model file — the text is JSON with each row of numbers and each history record on one line', (t) => {
  const text = formatModelFile(sample())
  t.deepEqual(JSON.parse(text), JSON.parse(JSON.stringify(sample())))
  t.true(text.includes('"bias:hidden": [0.01, -0.02, 0.03, 3.141592653589793]'), text)
  t.true(text.includes('[0.3333333333333333, -0.5]'), text)
  t.true(text.includes('"format": "spikegrad-model/3"'))
  t.true(text.includes('{ "iteration": 1, "loss": 14.9, "gradientNorm": 2.7, "learningRate": 0.01, "wallTime": 790 }'), text)
  t.true(text.includes('{ "iteration": 2, "scores": { "accuracy": 0.5 }, "loss": 14.8, "firingRate": 12.5 }'), text)
})

test('model file — a file of the earlier format is read as the same network in format 2', (t) => {
  const file = sample()
  t.is(file.spec.format, 'spikegrad-spec/2')
  t.deepEqual(file.spec.network.populations.map((p) => [p.name, p.size, neuronPlugin(p.neuron).name, p.tauS]), [['hidden', 4, 'qif', 10]])
  t.deepEqual(file.spec.network.projections?.map((p) => `${p.to}<-${p.from}`), ['hidden<-input', 'hidden<-hidden'])
  t.deepEqual(Object.keys(file.weights), ['hidden<-input', 'hidden<-hidden', 'bias:hidden', 'readout<-hidden'])
  t.deepEqual(file.weights['hidden<-hidden'], sampleV1().weights.W)
  t.deepEqual(file.spec.network.losses, [{ name: 'spike-count', params: { weight: 1e-3 } }])
  t.is(file.iteration, 2)
  t.deepEqual(file.optimizerState, sampleV1().optimizerState)
})

test('model file — a missing or bad field of the specification or the history is named', (t) => {
  const file = JSON.parse(JSON.stringify(sample())) as Record<string, unknown> & {
    spec: { network: { populations: Record<string, unknown>[] }; seed: unknown }
    history: { iterations: { loss: unknown }[] }
  }
  delete file.spec.network.populations[0].tauS
  file.spec.seed = -1
  file.history.iterations[1].loss = null
  t.deepEqual(errorsOf(file), [
    'model.spec.network.populations[0].tauS: expected a positive number (ms), a list of one per neuron, or a rule { "kind": … }, got nothing (the field is missing)',
    'model.spec.seed: expected an integer seed in [0, 4294967295], got -1',
    'model.history.iterations[1].loss: expected a finite number, got null',
  ])
})

test('model file — an unknown field is refused by name with the nearest known one', (t) => {
  const file = JSON.parse(JSON.stringify(sample())) as { spec: Record<string, unknown> }
  file.spec.solvr = file.spec.solver
  t.deepEqual(errorsOf(file), ['model.spec.solvr: unknown field; did you mean "solver"?'])
})

test('model file — another format is refused by name', (t) => {
  t.deepEqual(errorsOf({ ...sample(), format: 'spikegrad-network/1' }), [
    'model.format: expected "spikegrad-model/3" (or "spikegrad-model/2", "spikegrad-model/1"), got "spikegrad-network/1"; this is not a spikegrad model file of a version this spikegrad reads',
  ])
  t.deepEqual(errorsOf([1, 2]), ['model: must be a JSON object (a spikegrad model file), got an array'])
})

test('model file — counts of iterations that contradict each other are refused, each by its field', (t) => {
  const fix = 'the file was edited or mixed from two runs: use the file a run wrote'
  const edited = (edit: (f: any) => void): unknown => {
    const f = JSON.parse(JSON.stringify(sample())) as any
    edit(f)
    return f
  }
  t.deepEqual(errorsOf(edited((f) => (f.optimizerState.step = 7))), [`model.optimizerState.step: is 7, but model.iteration is 2 (one optimiser step per iteration); ${fix}`])
  t.deepEqual(errorsOf(edited((f) => (f.iteration = 1))), [
    `model.optimizerState.step: is 2, but model.iteration is 1 (one optimiser step per iteration); ${fix}`,
    `model.history.iterations[1].iteration: is 1; records must be of iterations before 1 (model.iteration), in increasing order; ${fix}`,
    `model.history.evaluations[0].iteration: is 2; evaluations must be at iterations up to 1 (model.iteration), in order; ${fix}`,
  ])
  t.deepEqual(errorsOf(edited((f) => (f.history.iterations[1].iteration = 0))), [
    `model.history.iterations[1].iteration: is 0; records must be of iterations before 2 (model.iteration), in increasing order; ${fix}`,
  ])
  t.deepEqual(errorsOf({ ...sampleV1(), iteration: 5, optimizerState: { kind: 'adam', step: 5, buffers: {} } }), [], 'a history may have gaps')
})
