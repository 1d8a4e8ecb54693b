import test from 'ava'
import { genericRecipe, trainDefaults } from './trainDefaults.js'
import { xorRecipe, xorTask } from '@spikegrad/task-xor'
import { autoencodeRecipe, autoencodeTask } from '@spikegrad/task-autoencode'

test('train defaults — a task with a recipe is trained with it: xor\'s and autoencode\'s', (t) => {
  t.is(trainDefaults(xorTask()).recipe, xorRecipe)
  t.is(trainDefaults(autoencodeTask()).recipe, autoencodeRecipe)
  t.is(trainDefaults(xorTask()).plotTrials, 2)
})

test('train defaults — xor: 80 QIF neurons (tau_v 5 ms, self-coupling 20), raised-cosine gate of width 0.6π, tau_s 10 ms, Adam with a cosine schedule from 0.01 and gradients clipped to norm 100, batches of 16, bs3 at rtol 1e-4 with the trajectory in memory, 300 steps', (t) => {
  const r = xorRecipe
  const hidden = r.network.populations[0]!
  t.deepEqual([hidden.size, hidden.neuron, hidden.gate, hidden.tauS], [80, { name: 'qif', params: { tau_v: 5 } }, { name: 'raised-cosine', width: 0.6 * Math.PI }, 10])
  t.deepEqual(r.network.projections?.[1]?.init, { kind: 'normal', gain: 1, diagonal: 20 })
  t.deepEqual(r.training, { optimizer: { kind: 'adam' }, schedule: { kind: 'cosine', lr: 0.01 }, batchSize: 16, clipNorm: 100 })
  t.deepEqual(r.solver, { solver: 'bs3', rtol: 1e-4, atol: 1e-6, memory: 'all' })
  t.is(r.run.iterations, 300)
})

test('train defaults — autoencode: 40 neurons, batches of 8, tau_v 1 ms, tau_s 3 ms, Adam at 0.03, plus a spike-count cost of 1e-3 per spike', (t) => {
  const r = autoencodeRecipe
  const hidden = r.network.populations[0]!
  t.deepEqual([hidden.size, hidden.neuron, hidden.tauS], [40, { name: 'qif', params: { tau_v: 1 } }, 3])
  t.is(r.training.batchSize, 8)
  t.deepEqual(r.training.schedule, { kind: 'constant', lr: 0.03 })
  t.is(r.training.clipNorm, undefined)
  t.deepEqual(r.network.losses, [{ name: 'spike-count', params: { weight: 1e-3 } }])
})

test('train defaults — a task without a recipe gets the generic one with its own suggestions, ignoring unusable ones', (t) => {
  const r = trainDefaults({ suggested: { neurons: 12, batchSize: 3, tauS: 5, neuron: 'lif', gate: 'box' } }).recipe
  const hidden = r.network.populations[0]!
  t.deepEqual([hidden.size, hidden.tauS, hidden.neuron, hidden.gate.name], [12, 5, { name: 'lif' }, 'box'])
  t.is(r.training.batchSize, 3)
  const odd = trainDefaults({ suggested: { neurons: -3, batchSize: 2.5, tauS: 'fast' } }).recipe
  t.deepEqual(odd, genericRecipe())
  t.deepEqual(genericRecipe().run, { iterations: 200, evaluateEvery: 10, evaluateTrials: 16, checkpointEvery: 5 })
})

test('train defaults — a data set without a recipe trains for epochs, scored on its validation split after each, keeping the best; spike inputs get traces', (t) => {
  const r = genericRecipe({ splits: { train: { size: 10, trial: () => { throw new Error('not drawn') } } }, inputKind: 'spikes', inputSize: 3 })
  t.deepEqual(r.run, { epochs: 20, evaluateEvery: 0, evaluateSplit: 'validation', keepBest: true, checkpointEvery: 5 })
  t.deepEqual(r.network.inputs, [{ name: 'input', kind: 'spikes', size: 3, tauS: 10 }])
})
