import test from 'ava'
import { checkGradient, createNetwork, getOrThrow, networkGradient, networkProblem, trialInitialState, type ComposedNetwork, type SolveOptions } from '@spikegrad/core'
import { boxGate } from '@spikegrad/gates'
import { lifNeuron } from '@spikegrad/neuron-lif'
import { loadNetworkConfig } from '@spikegrad/node'
import { isRight } from 'fp-ts/lib/Either.js'
import { join } from 'node:path'
import { heterogeneousSpec as spec, heterogeneousTheta as thetaOf, heterogeneousTrial as trial } from './support/heterogeneousNetwork.js'
import { repositoryRoot } from './support/repositoryRoot.js'

for (const structure of ['monolithic', 'blocks'] as const) {
  test(`per-neuron parameters — every per-neuron block (tau_m, v_th, v_reset, tau_s of each neuron) agrees with finite differences, ${structure} solve`, (t) => {
    const net = getOrThrow(
      createNetwork(
        spec(
          {
            neuron: lifNeuron({ tau_m: [6, 9, 14], v_th: { kind: 'uniform', min: 0.9, max: 1.1 }, v_reset: [0, -0.1, 0.1] }),
            tauS: { kind: 'uniform', min: 4, max: 6 },
            train: { tauS: true, params: ['tau_m', 'v_th', 'v_reset'] },
          },
          { neuron: lifNeuron({ tau_m: { kind: 'log-normal', median: 10, sigma: 0.2 } }), train: { params: ['tau_m'] } },
        ),
      ),
    )
    const theta = thetaOf(net)
    const solve: SolveOptions = { rtol: 1e-10, atol: 1e-12, structure }
    const problem = networkProblem(net, trial)
    const iv = { t0: 0, t1: trial.duration, y0: trialInitialState(net, trial), theta }
    const g = getOrThrow(networkGradient(net, theta, trial, solve))
    const report = getOrThrow(checkGradient(problem, iv, { adjoint: solve, gradient: () => networkGradient(net, theta, trial, solve) }))
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


for (const structure of ['monolithic', 'blocks'] as const) {
  test(`per-neuron parameters — a box gate moved neuron by neuron (per-neuron thresholds): its edge events agree with finite differences, ${structure} solve`, (t) => {
    const gate = { shape: boxGate, width: 0.2 }
    // the thresholds fixed: a trained threshold resets the voltage on the box's upper edge, where the loss has a kink (shared or not)
    const net = getOrThrow(createNetwork(spec({ neuron: lifNeuron({ v_th: [0.95, 1, 1.08], tau_m: [6, 9, 14] }), gate, tauS: [4, 5, 6], train: { tauS: true, params: ['tau_m'] } }, { gate })))
    t.deepEqual([...net.populations[0].gateShift!].map((x) => Number(x.toFixed(12))), [0, 0.05, 0.13])
    const theta = thetaOf(net)
    const solve: SolveOptions = { rtol: 1e-10, atol: 1e-12, structure }
    const g = getOrThrow(networkGradient(net, theta, trial, solve))
    t.true(g.events.filter((e) => e.family === 'gate-edge:hidden').length >= 6, 'the hidden neurons cross their gates')
    const report = getOrThrow(
      checkGradient(networkProblem(net, trial), { t0: 0, t1: trial.duration, y0: trialInitialState(net, trial), theta }, { adjoint: solve, gradient: () => networkGradient(net, theta, trial, solve) }),
    )
    for (const [name, b] of Object.entries(report.blocks)) {
      t.log(`${name}: ${b.maxRelativeError.toExponential(2)} over ${b.checked} (± ${b.uncertainty.toExponential(1)})`)
      t.true(b.maxRelativeError <= 1e-5, name)
      t.deepEqual(b.unresolved, [], name)
    }
    t.true(report.ok)
  })
}

async function example(): Promise<ComposedNetwork> {
  const r = await loadNetworkConfig(join(repositoryRoot(), 'examples', 'heterogeneous-lif.json'))
  if (!isRight(r)) throw new Error(r.left.message)
  return r.right
}

// the whole check of every entry (62) takes about a minute a structure: `npx spikegrad gradient --config
// examples/heterogeneous-lif.json --check [--structure blocks]`; here every per-neuron block in full, the others sampled
for (const structure of ['monolithic', 'blocks'] as const) {
  test(`examples/heterogeneous-lif.json — its per-neuron blocks (tau_m, v_th, tau_s of every neuron) agree with finite differences within 1e-5, ${structure} solve`, async (t) => {
    const c = await example()
    const solve: SolveOptions = { ...c.solve, structure }
    const perNeuron = c.network.layout.blocks.filter((b) => b.perNeuron === true).map((b) => b.name)
    t.deepEqual(perNeuron, ['tau_s:hidden', 'tau_s:output', 'tau_m:hidden', 'v_th:hidden', 'tau_m:output', 'v_th:output'])
    // every entry of a per-neuron block, the first and the last of the others
    const indices = c.network.layout.blocks.flatMap((b) =>
      b.perNeuron === true ? Array.from({ length: b.length }, (_, j) => b.offset + j) : [b.offset, b.offset + b.length - 1],
    )
    const report = getOrThrow(
      checkGradient(networkProblem(c.network, c.trial), c.initialValue, {
        adjoint: solve,
        gradient: () => networkGradient(c.network, c.initialValue.theta, c.trial, solve),
        indices,
      }),
    )
    for (const [name, b] of Object.entries(report.blocks)) {
      t.log(`${name}: ${b.maxRelativeError.toExponential(2)} over ${b.checked} (± ${b.uncertainty.toExponential(1)})`)
      t.true(b.maxRelativeError <= 1e-5, name)
      t.deepEqual(b.unresolved, [], name)
    }
    t.true(report.ok)
  })
}
