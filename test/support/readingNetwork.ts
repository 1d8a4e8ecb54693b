import { createNetwork, getOrThrow, initialWeights, Rng, type Network, type Trial } from '@spikegrad/core'
import { polyBumpGate } from '@spikegrad/gates'
import { firstSpikeCrossEntropyLoss, spikeCountTargetLoss, vanRossumLoss, type voltageMseLoss } from '@spikegrad/losses'
import { lifNeuron } from '@spikegrad/neuron-lif'

/**
 * 4 spike inputs → 6 LIF → 3 LIF, and losses that read populations by name: the first spike of
 * each output neuron (with the stand-in voltage at T of a silent one), the hidden neurons' spike
 * counts (their charges), and the van Rossum distance of the output's traces to target trains.
 */
export function readingNetwork(extra: readonly ReturnType<typeof voltageMseLoss>[] = []): { net: Network; theta: Float64Array; trial: Trial } {
  const lif = () => lifNeuron({ tau_m: 10 })
  const net = getOrThrow(
    createNetwork({
      inputs: [{ name: 'input', kind: 'spikes', size: 4, tauS: 5 }],
      populations: [
        { name: 'hidden', size: 6, neuron: lif(), gate: { shape: polyBumpGate, width: 0.2 }, tauS: 5, biasInit: { kind: 'constant', value: 0.8 } },
        { name: 'output', size: 3, neuron: lif(), gate: { shape: polyBumpGate, width: 0.2 }, tauS: 5, biasInit: { kind: 'constant', value: 0.8 } },
      ],
      projections: [
        { from: 'input', to: 'hidden', init: { kind: 'normal', gain: 30 } },
        { from: 'hidden', to: 'output', init: { kind: 'normal', gain: 30 } },
      ],
      readout: { size: 3, from: ['output'] },
      losses: [
        firstSpikeCrossEntropyLoss({ tau0: 2, tau1: 10, alpha: 0.01 }, { population: 'output' }),
        spikeCountTargetLoss({ scale: 0.1, low: 1, high: 1 }, { population: 'hidden' }),
        vanRossumLoss({ tau: 5, scale: 0.05 }, { population: 'output' }),
        ...extra,
      ],
    }),
  )
  const theta = initialWeights(net, new Rng(3))
  const trial: Trial = {
    duration: 40,
    input: () => undefined,
    spikes: [Float64Array.of(2, 11, 25), Float64Array.of(4, 18), Float64Array.of(7, 21, 30), Float64Array.of(1, 14)],
    targetSpikes: [Float64Array.of(12, 30), Float64Array.of(20), Float64Array.of()],
    target: (_t, out) => {
      out.set([0, 1, 0])
      return 1
    },
  }
  return { net, theta, trial }
}

