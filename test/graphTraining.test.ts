import test from 'ava'
import { constraintViolation, modelToFile, projectionMatrix, type Model, type ModelSpec } from '@spikegrad/core'
import { train } from '@spikegrad/node'
import { isRight } from 'fp-ts/lib/Either.js'
import { repositoryRoot } from './support/repositoryRoot.js'
import { freshModel, reducedAutoencode, trainingPlugins, trainingSolver } from './support/trainingSpecs.js'

/**
 * Excitatory theta neurons and inhibitory LIF neurons on the reduced auto-encoding task: the
 * excitatory recurrence masked (no self-connections, one pair missing), every projection from
 * a population under Dale's law, the inhibitory-to-inhibitory one frozen.
 */
const eiSpec = (seed = 3): ModelSpec => ({
  format: 'spikegrad-spec/2',
  plugins: trainingPlugins,
  task: { name: 'autoencode', params: { ...reducedAutoencode.params, duration: 60 } },
  network: {
    populations: [
      { name: 'exc', size: 4, neuron: { name: 'qif', params: { tau_v: 2 } }, gate: { name: 'raised-cosine', width: 1 }, tauS: 5, sign: 'excitatory' },
      { name: 'inh', size: 2, neuron: { name: 'lif', params: { tau_m: 5 } }, gate: { name: 'poly-bump', width: 0.2 }, tauS: 3, sign: 'inhibitory', biasInit: { kind: 'uniform', min: 0.8, max: 1.2 } },
    ],
    projections: [
      { from: 'input', to: 'exc', init: { kind: 'normal', std: 1.5 } },
      { from: 'input', to: 'inh', init: { kind: 'normal', std: 1.5 } },
      { from: 'exc', to: 'exc', connectivity: { mask: [[0, 1, 1, 1], [1, 0, 1, 1], [1, 1, 0, 0], [1, 1, 1, 0]] }, dale: true },
      { from: 'inh', to: 'exc', dale: true },
      { from: 'exc', to: 'inh', dale: true, init: { kind: 'normal', gain: 2 } },
      { from: 'inh', to: 'inh', dale: true, trained: false },
    ],
    readout: { from: ['exc', 'inh'] },
  },
  seed,
  solver: trainingSolver,
  training: { batchSize: 2, schedule: { kind: 'constant', lr: 0.05 } },
})

const block = (model: Model, name: string): Float64Array => {
  const b = model.network.layout.blocks.find((x) => x.name === name)!
  return model.theta.subarray(b.offset, b.offset + b.length)
}

test('graph training — a masked network under Dale\'s law keeps its constraints over 20 Adam steps, and a frozen block keeps its values', async (t) => {
  const start = await freshModel(eiSpec())
  t.is(constraintViolation(start.network, start.theta), 0, 'the initial weights obey Dale\'s law')
  // one step at a time, so that the constraints are seen after every optimiser step
  let model = start
  for (let k = 1; k <= 20; k++) {
    const stepped = await train(model, { iterations: k })
    if (!isRight(stepped)) return t.fail(stepped.left.message)
    model = stepped.right
    t.is(constraintViolation(model.network, model.theta), 0, `after step ${k}`)
  }
  const end = model
  t.is(end.iteration, 20)
  t.true(Array.from(block(end, 'exc<-inh')).every((w) => w <= 0))
  t.true(Array.from(block(end, 'exc<-exc')).every((w) => w >= 0))
  t.deepEqual(Array.from(block(end, 'inh<-inh')), Array.from(block(start, 'inh<-inh')), 'the frozen block is unchanged, bit for bit')
  t.notDeepEqual(Array.from(block(end, 'exc<-exc')), Array.from(block(start, 'exc<-exc')), 'the trained blocks moved')
  const mask = projectionMatrix(end.network, 'exc<-exc', end.theta)
  for (const [j, k] of [[0, 0], [1, 1], [2, 2], [3, 3], [2, 3]] as const) t.is(mask.values[j * 4 + k], 0, `W[${j}][${k}] stays 0`)
  const losses = end.history.iterations.map((r) => r.loss)
  t.true(losses.every(Number.isFinite))
  t.log(`loss ${losses[0]!.toFixed(3)} → ${losses[losses.length - 1]!.toFixed(3)}`)
})

test('graph training — the gradients of a graph network are the same bits on 2 worker threads as in-process', async (t) => {
  const model = await freshModel(eiSpec(5))
  const inProcess = await train(model, { iterations: 2 })
  const onWorkers = await train(model, { iterations: 2, workers: 2, baseDir: repositoryRoot() })
  if (!isRight(inProcess) || !isRight(onWorkers)) return t.fail('training failed')
  t.deepEqual(Array.from(onWorkers.right.theta), Array.from(inProcess.right.theta))
  t.deepEqual(onWorkers.right.history.iterations.map((r) => r.loss), inProcess.right.history.iterations.map((r) => r.loss))
})

test('graph training — a feedforward network (input → hidden LIF → output LIF) and a sparse recurrent one train from code', async (t) => {
  const feedforward: ModelSpec = {
    ...eiSpec(),
    network: {
      populations: [
        { name: 'hidden', size: 6, neuron: { name: 'lif' }, gate: { name: 'poly-bump', width: 0.2 }, tauS: 5, biasInit: { kind: 'uniform', min: 0.7, max: 1.1 } },
        { name: 'output', size: 3, neuron: { name: 'lif' }, gate: { name: 'poly-bump', width: 0.2 }, tauS: 5, biasInit: { kind: 'uniform', min: 0.7, max: 1.1 } },
      ],
      projections: [
        { from: 'input', to: 'hidden', init: { kind: 'normal', std: 2 } },
        { from: 'hidden', to: 'output', init: { kind: 'normal', gain: 2 } },
      ],
      readout: { from: ['output'] },
    },
  }
  const sparse: ModelSpec = {
    ...eiSpec(),
    network: {
      populations: [{ name: 'hidden', size: 12, neuron: { name: 'qif' }, gate: { name: 'raised-cosine', width: 1 }, tauS: 5 }],
      projections: [
        { from: 'input', to: 'hidden' },
        { from: 'hidden', to: 'hidden', connectivity: { probability: 0.1, seed: 2 } },
      ],
      readout: { from: ['hidden'] },
    },
  }
  for (const [name, spec] of [['feedforward', feedforward], ['sparse', sparse]] as const) {
    const model = await freshModel(spec)
    const r = await train(model, { iterations: 3 })
    if (!isRight(r)) return t.fail(`${name}: ${r.left.message}`)
    t.is(r.right.iteration, 3, name)
    t.notDeepEqual(Array.from(r.right.theta), Array.from(model.theta), name)
    t.true(r.right.history.iterations.every((i) => Number.isFinite(i.loss) && i.gradientNorm > 0), name)
    const file = modelToFile(r.right)
    t.is(file.format, 'spikegrad-model/3')
    t.deepEqual(Object.keys(file.weights), r.right.network.layout.blocks.map((b) => b.name))
  }
})
