// Writes examples/heterogeneous-lif.json: the network of examples/feedforward-lif.json (spike
// inputs → 10 LIF → 2 LIF, mse readout) with per-neuron membrane time constants, thresholds and
// synaptic time constants in both populations, all trained. The weights of the projections,
// biases and readout are feedforward-lif's; the per-neuron parameters are the values their rules
// draw (so the file's θ is the network's own initial θ for those blocks).
//
//   npx tsc -b && node scripts/make-heterogeneous-example.mjs
import { readFileSync, writeFileSync } from 'node:fs'
import { Container } from 'inversify'
import { composeNetwork, initialWeights, Rng, unpackWeights } from '@spikegrad/core'
import { GatesModule } from '@spikegrad/gates'
import { LossesModule } from '@spikegrad/losses'
import { LifNeuronModule } from '@spikegrad/neuron-lif'

const base = JSON.parse(readFileSync(new URL('../examples/feedforward-lif.json', import.meta.url), 'utf8'))
const heterogeneous = (p, seed) => ({
  ...p,
  neuron: {
    name: 'lif',
    params: {
      tau_m: { kind: 'log-normal', median: 10, sigma: 0.3, seed },
      v_th: { kind: 'uniform', min: 0.9, max: 1.1, seed },
      v_reset: 0,
    },
  },
  tauS: { kind: 'uniform', min: 4, max: 6, seed },
  train: { tauS: true, params: ['tau_m', 'v_th'] },
})
const { weights: baseWeights, ...rest } = base
const config = { ...rest, populations: base.populations.map((p, q) => heterogeneous(p, q + 1)) }

const container = new Container()
container.load(LifNeuronModule, GatesModule, LossesModule)
const net = composeNetwork(container, config, 'config')
if (net._tag === 'Left') throw new Error(net.left.message)
const drawn = unpackWeights(net.right, initialWeights(net.right, new Rng(1)))
const weights = Object.fromEntries(Object.entries(drawn).map(([name, value]) => [name, baseWeights[name] ?? value]))
const out = { format: config.format, plugins: config.plugins, inputs: config.inputs, populations: config.populations, projections: config.projections, readout: config.readout, losses: config.losses, weights, ...Object.fromEntries(Object.entries(rest).filter(([k]) => !(k in config) || ['duration', 'spikes', 'target', 'solver'].includes(k)).filter(([k]) => !['format', 'plugins', 'inputs', 'populations', 'projections', 'readout', 'losses'].includes(k))) }
writeFileSync(new URL('../examples/heterogeneous-lif.json', import.meta.url), JSON.stringify(out, null, 1) + '\n')
console.log(`wrote examples/heterogeneous-lif.json: blocks ${Object.keys(weights).join(', ')}`)
