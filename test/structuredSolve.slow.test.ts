import test from 'ava'
import {
  adjointGradient,
  compareWithFiniteDifferences,
  createNetwork,
  finiteDifferenceEstimate,
  getOrThrow,
  initialWeights,
  networkGradient,
  networkProblem,
  Rng,
  sampledSignal,
  type Network,
  type NetworkSpec,
  type SolveOptions,
  type Trial,
} from '@spikegrad/core'
import { trialInitialState } from '@spikegrad/core'
import { boxGate, polyBumpGate } from '@spikegrad/gates'
import { crossEntropyLoss, mseLoss, spikeCountLoss } from '@spikegrad/losses'
import { lifNeuron } from '@spikegrad/neuron-lif'

/**
 * A small feedforward network that exercises what a per-neuron component must carry: two spike
 * groups of different tau (one of them sparse, one channel spiking at t < 0), an analog input, a
 * box gate (identity events at its edges) in the output layer, trained tau_s and tau_m, a frozen
 * projection, a cross-entropy, an MSE and a spike-count cost with its terminal term.
 */
function variety(): { net: Network; theta: Float64Array; trial: Trial } {
  const spec: NetworkSpec = {
    inputs: [
      { name: 'fast', kind: 'spikes', size: 3, tauS: 3 },
      { name: 'slow', kind: 'spikes', size: 2, tauS: 8 },
      { name: 'drive', kind: 'analog', size: 1 },
    ],
    populations: [
      { name: 'hidden', size: 6, neuron: lifNeuron({ tau_m: 10 }), gate: { shape: polyBumpGate, width: 0.2 }, tauS: 5, train: { tauS: true, params: ['tau_m'] } },
      { name: 'out', size: 2, neuron: lifNeuron({ tau_m: 8 }), gate: { shape: boxGate, width: 0.3 }, tauS: 4 },
    ],
    projections: [
      { from: 'fast', to: 'hidden', init: { kind: 'uniform', min: 6, max: 12 } },
      { from: 'slow', to: 'hidden', connectivity: { indices: [[0, 0], [2, 1], [3, 0], [5, 1]] }, init: { kind: 'uniform', min: 5, max: 9 } },
      { from: 'drive', to: 'hidden', init: { kind: 'uniform', min: 0.2, max: 0.4 } },
      { from: 'hidden', to: 'out', init: { kind: 'uniform', min: 2, max: 4 } },
      { from: 'fast', to: 'out', trained: false, init: { kind: 'constant', value: 0.5 } },
    ],
    readout: { size: 2, from: ['hidden', 'out'], init: { kind: 'normal', std: 0.5 } },
    losses: [crossEntropyLoss({ temperature: 0.5 }), mseLoss(), spikeCountLoss({ weight: 0.01 })],
  }
  const net = getOrThrow(createNetwork(spec))
  const theta = initialWeights(net, new Rng(7))
  const drive = sampledSignal({ dt: 5, channels: 1, values: Array.from({ length: 13 }, (_, k) => 0.3 + 0.2 * Math.sin(k / 2)) })
  const trial: Trial = {
    duration: 60,
    input: (s, out) => drive.at(s, out),
    spikes: [[-2, 5, 21], [8, 30], [12, 13.5, 40], [3, 33], [-1, 17, 44]],
    target: (s, out) => {
      out[0] = s < 30 ? 0 : 1
      out[1] = s < 30 ? 1 : 0
      return s >= 20 ? 1 : 0
    },
    breakpoints: [20, 30],
  }
  return { net, theta, trial }
}

test('structured solve — spike groups, sparse and frozen projections, an analog input, a box gate, trained tau_s and tau_m, three losses: every block against finite differences', (t) => {
  const { net, theta, trial } = variety()
  const problem = networkProblem(net, trial)
  const iv = { t0: 0, t1: trial.duration, y0: trialInitialState(net, trial), theta }
  const solve: SolveOptions = { solver: 'bs3', rtol: 1e-9, atol: 1e-11, maxSteps: 10_000_000 }
  const mono = getOrThrow(adjointGradient(problem, iv, solve))
  const spikes = mono.events.filter((e) => e.family.startsWith('reset:'))
  t.log(`resets: hidden ${spikes.filter((e) => e.family === 'reset:hidden').length}, out ${spikes.filter((e) => e.family === 'reset:out').length}`)
  t.true(spikes.some((e) => e.family === 'reset:out'), 'the output layer fires')
  const g = getOrThrow(networkGradient(net, theta, trial, { ...solve, structure: 'blocks' }))
  t.true(Math.abs(g.loss - mono.loss) <= 1e-6 * Math.abs(mono.loss), `loss ${g.loss} against ${mono.loss}`)
  const indices = net.layout.blocks.filter((b) => b.trainable).flatMap((b) => [...new Set([b.offset, b.offset + Math.floor(b.length / 2), b.offset + b.length - 1])])
  const fd = getOrThrow(finiteDifferenceEstimate(problem, iv, { indices, resolution: 1e-7 }))
  const report = compareWithFiniteDifferences(problem, g.loss, g.gradient, fd)
  for (const [name, b] of Object.entries(report.blocks)) {
    t.log(`${name}: max relative error ${b.maxRelativeError.toExponential(2)} over ${b.checked} entries (± ${b.uncertainty.toExponential(1)})`)
    t.true(b.maxRelativeError <= 1e-5, name)
  }
  t.true(report.ok)
  // the frozen projection gets no gradient, as in the monolithic solve
  const frozen = net.layout.blocks.find((b) => b.name === 'out<-fast')!
  t.true(g.gradient.subarray(frozen.offset, frozen.offset + frozen.length).every((x) => x === 0))
})

