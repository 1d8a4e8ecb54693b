import test from 'ava'
import { genericTrainDefaults, trainDefaults } from './trainDefaults.js'
import { xorTask } from '@spikegrad/task-xor'
import { autoencodeTask } from '@spikegrad/task-autoencode'

test('train defaults — xor: 80 QIF neurons (tau_v 5 ms, self-coupling 20), raised-cosine gate of width 0.6π, tau_s 10 ms, Adam with a cosine schedule from 0.01 and gradients clipped to norm 100, batches of 16, bs3 at rtol 1e-4 with the trajectory in memory', (t) => {
  const d = trainDefaults('xor', xorTask().suggested)
  t.is(d.neurons, 80)
  t.deepEqual(d.neuron, { name: 'qif', params: { tau_v: 5 } })
  t.deepEqual(d.init, { selfCoupling: 20 })
  t.deepEqual(d.gate, { name: 'raised-cosine', width: 0.6 * Math.PI })
  t.is(d.tauS, 10)
  t.deepEqual(d.optimizer, { kind: 'adam' })
  t.is(d.lr, 0.01)
  t.is(d.schedule, 'cosine')
  t.is(d.clipNorm, 100)
  t.is(d.batchSize, 16)
  t.deepEqual(d.solver, { solver: 'bs3', rtol: 1e-4, atol: 1e-6, memory: 'all' })
  t.deepEqual(d.losses, [])
  t.is(d.iterations, 300)
  t.is(d.checkpointEvery, 5)
})

test('train defaults — autoencode: the task\'s suggested 40 neurons and batches of 8, tau_v 1 ms, tau_s 3 ms, Adam at 0.03, plus a spike-count cost of 1e-3 per spike', (t) => {
  const d = trainDefaults('autoencode', autoencodeTask().suggested)
  t.is(d.neurons, 40)
  t.deepEqual(d.neuron, { name: 'qif', params: { tau_v: 1 } })
  t.is(d.batchSize, 8)
  t.is(d.tauS, 3)
  t.is(d.lr, 0.03)
  t.is(d.schedule, 'constant')
  t.is(d.clipNorm, undefined)
  t.deepEqual(d.losses, [{ name: 'spike-count', params: { weight: 1e-3 } }])
})

test('train defaults — another task takes its own suggestions over the generic defaults, and ignores unusable ones', (t) => {
  const d = trainDefaults('third-party', { neurons: 12, batchSize: 3, tauS: 5, neuron: 'lif', gate: 'box', loss: 'mse' })
  t.is(d.neurons, 12)
  t.is(d.batchSize, 3)
  t.is(d.tauS, 5)
  t.deepEqual(d.neuron, { name: 'lif' })
  t.deepEqual(d.gate, { name: 'box', width: genericTrainDefaults.gate.width })
  const odd = trainDefaults('third-party', { neurons: -3, batchSize: 2.5, tauS: 'fast' })
  t.is(odd.neurons, genericTrainDefaults.neurons)
  t.is(odd.batchSize, genericTrainDefaults.batchSize)
  t.is(odd.tauS, genericTrainDefaults.tauS)
  t.deepEqual(trainDefaults('third-party'), genericTrainDefaults)
})

test('train defaults — the table of task defaults overrides the task\'s suggestions', (t) => {
  t.is(trainDefaults('xor', { neurons: 3, batchSize: 2 }).neurons, 80)
  t.is(trainDefaults('xor', { neurons: 3, batchSize: 2 }).batchSize, 16)
})
