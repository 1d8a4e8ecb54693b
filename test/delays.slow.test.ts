import test, { type ExecutionContext } from 'ava'
import { checkNetworkGradient, createNetwork, getOrThrow, initialWeights, Rng, type DelaySpec, type Network, type Trial } from '@spikegrad/core'
import { polyBumpGate } from '@spikegrad/gates'
import { firstSpikeCrossEntropyLoss, mseLoss } from '@spikegrad/losses'
import { lifNeuron } from '@spikegrad/neuron-lif'

// 3 spike inputs (one spike before 0) → 4 LIF → 2 LIF over 40 ms, every delay trained and
// different (uniform on [0.5, 4] ms): each delay gradient against finite differences of the
// structured solve (bs3 at rtol 1e-11, the oracle checkNetworkGradient uses for delays)
const lif = { neuron: lifNeuron({ tau_m: 10 }), gate: { shape: polyBumpGate, width: 0.2 }, tauS: 5, biasInit: { kind: 'uniform', min: 0.3, max: 0.6 } } as const
const trial: Trial = {
  duration: 40,
  spikes: [Float64Array.of(3, 12), Float64Array.of(6), Float64Array.of(-1, 9, 20)],
  input: () => undefined,
  target: (_t, out) => {
    out[0] = 0.05
    out[1] = 0.1
    return 1
  },
}

/** The entries `indices` of the structured gradient against finite differences (bs3 at rtol 1e-10): every named block within 1e-5, every entry resolved. */
function checkBlocks(t: ExecutionContext, net: Network, theta: Float64Array, indices: readonly number[], names: readonly string[]): void {
  const check = getOrThrow(checkNetworkGradient(net, { name: 'none', outputs: 2 } as never, { theta, trial, indices, resolution: 1e-7, adjoint: { solver: 'bs3', rtol: 1e-10, atol: 1e-12, maxSteps: 100_000_000 } }))
  for (const name of names) {
    const b = check.blocks[name]!
    t.log(`${name}: ${b.maxRelativeError.toExponential(2)} over ${b.checked} (± ${b.uncertainty.toExponential(1)})`)
    t.true(b.checked >= 1, `${name}: checked`)
    t.true(b.maxRelativeError <= 1e-5, `${name}: ${b.maxRelativeError}`)
    t.is(b.unresolved.length, 0, `${name}: the oracle resolves every entry`)
  }
  t.true(check.ok)
}

for (const [first, second, loss] of [
  ['synaptic', 'axonal', 'mse'],
  ['dendritic', 'synaptic', 'mse'],
  // DelGrad's setting: a loss on the first output spikes (both output neurons fire)
  ['synaptic', 'synaptic', 'first-spike'],
] as const) {
  test(`delays — ${first} delays on the spike inputs, ${second} on hidden → output, ${loss} loss: every block within 1e-5 of finite differences`, (t) => {
    const delay = (kind: DelaySpec['kind']): DelaySpec => ({ kind, init: { kind: 'uniform', min: 0.5, max: 4 } })
    const net = getOrThrow(
      createNetwork({
        inputs: [{ name: 'input', kind: 'spikes', size: 3, tauS: 5 }],
        populations: [
          { name: 'hidden', size: 4, ...lif },
          { name: 'output', size: 2, ...lif },
        ],
        projections: [
          { from: 'input', to: 'hidden', init: { kind: 'uniform', min: 3, max: 6 }, delay: delay(first) },
          { from: 'hidden', to: 'output', init: { kind: 'uniform', min: 2, max: 4 }, delay: delay(second) },
        ],
        readout: { size: 2, from: ['output'] },
        losses: [loss === 'mse' ? mseLoss() : firstSpikeCrossEntropyLoss({ tau0: 2, tau1: 10, alpha: 0.01 }, { population: 'output' })],
      }),
    )
    const theta = initialWeights(net, new Rng(3))
    // the delay blocks, and one weight of each projection (the others' gradients are the
    // undelayed ones, checked elsewhere): the first and last entry of each
    const indices = net.layout.blocks
      .filter((b) => b.kind === 'delay' || b.kind === 'projection')
      .flatMap((b) => (b.kind === 'delay' ? [b.offset, b.offset + b.length - 1] : [b.offset + b.length - 1]))
    checkBlocks(t, net, theta, indices, ['hidden<-input', 'output<-hidden', 'delay:hidden<-input', 'delay:output<-hidden'])
  })
}

test('delays — on the feedforward projections around a recurrent component (input → hidden delayed, hidden → a recurrent output population): every block within 1e-5 of finite differences', (t) => {
  const net = getOrThrow(
    createNetwork({
      inputs: [{ name: 'input', kind: 'spikes', size: 3, tauS: 5 }],
      populations: [
        { name: 'hidden', size: 4, ...lif },
        { name: 'output', size: 3, ...lif },
      ],
      projections: [
        { from: 'input', to: 'hidden', init: { kind: 'uniform', min: 3, max: 6 }, delay: { kind: 'synaptic', init: { kind: 'uniform', min: 0.5, max: 4 } } },
        { from: 'hidden', to: 'output', init: { kind: 'uniform', min: 2, max: 4 } },
        { from: 'output', to: 'output', init: { kind: 'normal', gain: 2 } },
      ],
      readout: { size: 2, from: ['output'] },
      losses: [mseLoss()],
    }),
  )
  const theta = initialWeights(net, new Rng(3))
  const indices = net.layout.blocks
    .filter((b) => b.kind === 'delay' || b.kind === 'projection')
    .flatMap((b) => (b.kind === 'delay' ? [b.offset, b.offset + b.length - 1] : [b.offset, b.offset + b.length - 1]))
  checkBlocks(t, net, theta, indices, ['hidden<-input', 'output<-hidden', 'output<-output', 'delay:hidden<-input'])
})
