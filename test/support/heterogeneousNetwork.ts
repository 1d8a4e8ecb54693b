import { initialWeights, Rng, type Network, type NetworkSpec, type PopulationSpec, type Trial } from '@spikegrad/core'
import { polyBumpGate } from '@spikegrad/gates'
import { mseLoss } from '@spikegrad/losses'
import { lifNeuron } from '@spikegrad/neuron-lif'

const gate = { shape: polyBumpGate, width: 0.2 }

/** 3 spike inputs → `hidden` (given) → 2 LIF `output`, mse readout. */
export const heterogeneousSpec = (hidden: Partial<PopulationSpec>, output: Partial<PopulationSpec> = {}): NetworkSpec => ({
  inputs: [{ name: 'input', kind: 'spikes', size: 3, tauS: 5 }],
  populations: [
    { name: 'hidden', size: 3, neuron: lifNeuron(), gate, tauS: 5, ...hidden },
    { name: 'output', size: 2, neuron: lifNeuron(), gate, tauS: 5, ...output },
  ],
  projections: [
    { from: 'input', to: 'hidden', init: { kind: 'normal', std: 1.5 } },
    { from: 'hidden', to: 'output', init: { kind: 'normal', std: 1.2 } },
  ],
  readout: { size: 2, from: ['output'] },
  losses: [mseLoss()],
})

export const heterogeneousTrial: Trial = {
  duration: 30,
  input: () => undefined,
  spikes: [Float64Array.of(2, 9.5, 17), Float64Array.of(4.25, 12), Float64Array.of(6, 21.5)],
  target: (t, out) => ((out[0] = 0.05 + 0.03 * Math.sin(t / 6)), (out[1] = 0.04), 1),
}

/** θ: the network's initial values, input weights shifted up and biases near threshold so that the neurons fire. */
export function heterogeneousTheta(net: Network): Float64Array {
  const theta = initialWeights(net, new Rng(7))
  for (const b of net.layout.blocks) {
    if (b.name === 'hidden<-input' || b.name === 'output<-hidden') for (let i = b.offset; i < b.offset + b.length; i++) theta[i] += 2.5
    if (b.kind === 'bias') theta.fill(0.7, b.offset, b.offset + b.length)
  }
  return theta
}

