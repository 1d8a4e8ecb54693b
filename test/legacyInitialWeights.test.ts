import test from 'ava'
import { createNetwork, getOrThrow, initialWeights, recurrentNetwork, Rng } from '@spikegrad/core'
import { raisedCosineGate } from '@spikegrad/gates'
import { mseLoss } from '@spikegrad/losses'
import { qifNeuron } from '@spikegrad/neuron-qif'
import { readFileSync } from 'node:fs'
import { join } from 'node:path'
import { repositoryRoot } from './support/repositoryRoot.js'

test('initial weights — a one-population network with the scales of earlier versions draws their weights, bit for bit', (t) => {
  const fixture = JSON.parse(readFileSync(join(repositoryRoot(), 'test', 'fixtures', 'legacy-gradients.json'), 'utf8')).initialWeights
  const net = getOrThrow(
    createNetwork(
      recurrentNetwork({
        neuron: qifNeuron(),
        gate: raisedCosineGate({ width: 1, center: Math.PI, period: 2 * Math.PI }),
        sizes: { inputs: 2, neurons: 5, outputs: 2 },
        tauS: 10,
        losses: [mseLoss()],
        train: { tauS: true, neuronParams: ['tau_v'] },
        init: fixture.options,
      }),
    ),
  )
  t.deepEqual(Array.from(initialWeights(net, new Rng(fixture.seed))), fixture.theta)
})
