import test from 'ava'
import {
  compareWithFiniteDifferences,
  createNetwork,
  finiteDifferenceEstimate,
  getOrThrow,
  networkGradient,
  networkProblem,
  trialInitialState,
  type FiniteDifferenceEstimate,
  type InitialValue,
  type Network,
  type NetworkSpec,
  type SolveOptions,
  type Trial,
} from '@spikegrad/core'
import { boxGate } from '@spikegrad/gates'
import { lifNeuron } from '@spikegrad/neuron-lif'
import { loadNetworkConfig } from '@spikegrad/node'
import { isRight } from 'fp-ts/lib/Either.js'
import { join } from 'node:path'
import { heterogeneousSpec as spec, heterogeneousTheta as thetaOf, heterogeneousTrial as trial } from './support/heterogeneousNetwork.js'
import { repositoryRoot } from './support/repositoryRoot.js'

/** One network at one θ, and the entries of its gradient to check (default: every entry of every trainable block). */
interface Case {
  readonly net: Network
  readonly trial: Trial
  readonly iv: InitialValue
  readonly indices?: readonly number[]
  readonly solve?: SolveOptions
}

/**
 * The case, built afresh on each call, with the finite-difference oracle of its monolithic
 * problem, computed on the first call only: the oracle's default solves do not depend on the
 * structure of the solve being checked, so the tests of both structures share it. Each entry is
 * resolved to 1% of the tolerance the tests judge by (1e-5 of its block).
 */
function withSharedOracle(build: () => Promise<Case>): () => Promise<Case & { fd: FiniteDifferenceEstimate }> {
  let memo: FiniteDifferenceEstimate | undefined
  return async () => {
    const c = await build()
    const all = c.net.layout.blocks.filter((b) => b.trainable).flatMap((b) => Array.from({ length: b.length }, (_, j) => b.offset + j))
    memo ??= getOrThrow(finiteDifferenceEstimate(networkProblem(c.net, c.trial), c.iv, { indices: c.indices ?? all, resolution: 1e-7 }))
    return { ...c, fd: memo }
  }
}

/** A case on the shared trial of support/heterogeneousNetwork.ts, at its θ. */
const onTrial = (net: Network): Case => ({ net, trial, iv: { t0: 0, t1: trial.duration, y0: trialInitialState(net, trial), theta: thetaOf(net) } })

const perNeuronSpec: NetworkSpec = spec(
  {
    neuron: lifNeuron({ tau_m: [6, 9, 14], v_th: { kind: 'uniform', min: 0.9, max: 1.1 }, v_reset: [0, -0.1, 0.1] }),
    tauS: { kind: 'uniform', min: 4, max: 6 },
    train: { tauS: true, params: ['tau_m', 'v_th', 'v_reset'] },
  },
  { neuron: lifNeuron({ tau_m: { kind: 'log-normal', median: 10, sigma: 0.2 } }), train: { params: ['tau_m'] } },
)
const perNeuronCase = withSharedOracle(async () => onTrial(getOrThrow(createNetwork(perNeuronSpec))))

for (const structure of ['monolithic', 'blocks'] as const) {
  test(`per-neuron parameters — every per-neuron block (tau_m, v_th, v_reset, tau_s of each neuron) agrees with finite differences, ${structure} solve`, async (t) => {
    const { net, iv, fd } = await perNeuronCase()
    const theta = iv.theta
    const solve: SolveOptions = { rtol: 1e-10, atol: 1e-12, structure }
    const problem = networkProblem(net, trial)
    const g = getOrThrow(networkGradient(net, theta, trial, solve))
    const report = compareWithFiniteDifferences(problem, g.loss, g.gradient, fd)
    t.true(g.events.filter((e) => e.family === 'reset:hidden').length >= 3, 'the hidden neurons fire')
    t.true(g.events.some((e) => e.family === 'reset:output'), 'the output neurons fire')
    for (const name of ['tau_s:hidden', 'tau_m:hidden', 'v_th:hidden', 'v_reset:hidden', 'tau_m:output']) t.truthy(report.blocks[name], name)
    for (const [name, b] of Object.entries(report.blocks)) {
      t.log(`${name}: ${b.maxRelativeError.toExponential(2)} over ${b.checked} (± ${b.uncertainty.toExponential(1)})`)
      t.true(b.maxRelativeError <= 1e-5, name)
      t.deepEqual(b.unresolved, [], name)
    }
    t.true(report.ok)
  })
}


const boxGateCase = withSharedOracle(async () => {
  const gate = { shape: boxGate, width: 0.2 }
  // the thresholds fixed: a trained threshold resets the voltage on the box's upper edge, where the loss has a kink (shared or not)
  return onTrial(getOrThrow(createNetwork(spec({ neuron: lifNeuron({ v_th: [0.95, 1, 1.08], tau_m: [6, 9, 14] }), gate, tauS: [4, 5, 6], train: { tauS: true, params: ['tau_m'] } }, { gate }))))
})

for (const structure of ['monolithic', 'blocks'] as const) {
  test(`per-neuron parameters — a box gate moved neuron by neuron (per-neuron thresholds): its edge events agree with finite differences, ${structure} solve`, async (t) => {
    const { net, iv, fd } = await boxGateCase()
    const theta = iv.theta
    t.deepEqual([...net.populations[0].gateShift!].map((x) => Number(x.toFixed(12))), [0, 0.05, 0.13])
    const solve: SolveOptions = { rtol: 1e-10, atol: 1e-12, structure }
    const g = getOrThrow(networkGradient(net, theta, trial, solve))
    t.true(g.events.filter((e) => e.family === 'gate-edge:hidden').length >= 6, 'the hidden neurons cross their gates')
    const report = compareWithFiniteDifferences(networkProblem(net, trial), g.loss, g.gradient, fd)
    for (const [name, b] of Object.entries(report.blocks)) {
      t.log(`${name}: ${b.maxRelativeError.toExponential(2)} over ${b.checked} (± ${b.uncertainty.toExponential(1)})`)
      t.true(b.maxRelativeError <= 1e-5, name)
      t.deepEqual(b.unresolved, [], name)
    }
    t.true(report.ok)
  })
}

// every entry of a per-neuron block, the first and the last of the others
const exampleCase = withSharedOracle(async () => {
  const r = await loadNetworkConfig(join(repositoryRoot(), 'examples', 'heterogeneous-lif.json'))
  if (!isRight(r)) throw new Error(r.left.message)
  const c = r.right
  const indices = c.network.layout.blocks.flatMap((b) => (b.perNeuron === true ? Array.from({ length: b.length }, (_, j) => b.offset + j) : [b.offset, b.offset + b.length - 1]))
  return { net: c.network, trial: c.trial, iv: c.initialValue, indices, solve: c.solve }
})

// the whole check of every entry (62) takes about a minute a structure: `npx spikegrad gradient --config
// examples/heterogeneous-lif.json --check [--structure blocks]`; here every per-neuron block in full, the others sampled
for (const structure of ['monolithic', 'blocks'] as const) {
  test(`examples/heterogeneous-lif.json — its per-neuron blocks (tau_m, v_th, tau_s of every neuron) agree with finite differences within 1e-5, ${structure} solve`, async (t) => {
    const c = await exampleCase()
    const solve: SolveOptions = { ...c.solve, structure }
    const perNeuron = c.net.layout.blocks.filter((b) => b.perNeuron === true).map((b) => b.name)
    t.deepEqual(perNeuron, ['tau_s:hidden', 'tau_s:output', 'tau_m:hidden', 'v_th:hidden', 'tau_m:output', 'v_th:output'])
    const g = getOrThrow(networkGradient(c.net, c.iv.theta, c.trial, solve))
    const report = compareWithFiniteDifferences(networkProblem(c.net, c.trial), g.loss, g.gradient, c.fd)
    for (const [name, b] of Object.entries(report.blocks)) {
      t.log(`${name}: ${b.maxRelativeError.toExponential(2)} over ${b.checked} (± ${b.uncertainty.toExponential(1)})`)
      t.true(b.maxRelativeError <= 1e-5, name)
      t.deepEqual(b.unresolved, [], name)
    }
    t.true(report.ok)
  })
}
