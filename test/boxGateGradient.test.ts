import test from 'ava'
import { adjointGradient, compareWithFiniteDifferences, createNetwork, finiteDifferenceEstimate, getOrThrow, networkProblem, packWeights, recurrentNetwork, recurrentWeights, solverNames, type Loss, type Neuron } from '@spikegrad/core'
import { boxGate } from '@spikegrad/gates'
import { qifNeuron } from '@spikegrad/neuron-qif'
import { isRight } from 'fp-ts/lib/Either.js'
import { integratorNeuron } from './support/integratorNeuron.js'

// The box gate (the paper's figure) makes the right-hand side jump where v enters and leaves
// the zone; g' is two δ-functions there. The network declares the jumps as identity events on
// the gate's own side function, and the adjoint's jump condition carries the δ-terms. Here the
// adjoint is compared with central differences on small networks where every crossing counts.
// Both the oracle and the forward pass resolve each jump only to the integration tolerance (an
// accepted step may straddle a jump before the event is found), so the agreement is a few 1e-5,
// not the 1e-7 of the smooth gates.

const loss: Loss = {
  kind: 'track',
  value: (_t, o) => 0.5 * (o[0] - 0.05) ** 2,
  gradient(_t, o, _s, _target, _w, gradO) {
    gradO[0] += o[0] - 0.05
  },
}

const cases: { name: string; neuron: Neuron; center: number; period?: number; v0: number; W: number }[] = [
  { name: 'prescribed voltage, zone on the line', neuron: integratorNeuron(), center: 0, v0: -1, W: 0.2 },
  { name: 'prescribed voltage, periodic zone', neuron: integratorNeuron(), center: 0, period: 2 * Math.PI, v0: -1, W: 0 },
  { name: 'theta neuron with a self-synapse, periodic zone at π', neuron: qifNeuron(), center: Math.PI, period: 2 * Math.PI, v0: 0, W: 0.2 },
]

for (const c of cases) {
  test(`box gate — ${c.name}: the adjoint of every solver matches finite differences across every entry and exit of the zone`, (t) => {
    const net = createNetwork(recurrentNetwork({
      neuron: c.neuron,
      gate: boxGate({ width: 1, center: c.center, ...(c.period !== undefined && { period: c.period }) }),
      sizes: { inputs: 1, neurons: 1, outputs: 1 },
      tauS: 10,
      losses: [loss],
      initialState: [c.v0, 0],
    }))
    if (!isRight(net)) return t.fail(net.left.message)
    const theta = packWeights(net.right, recurrentWeights({ U: [[0.3]], W: [[c.W]], b: [0.02], O: [[1]] }))
    if (!isRight(theta)) return t.fail(theta.left.message)
    const trial = { duration: 60, input: (s: number, out: Float64Array) => void (out[0] = 0.5 + 0.3 * Math.sin(s / 7)), target: () => 1 }
    const problem = networkProblem(net.right, trial)
    const iv = { t0: 0, t1: 60, y0: net.right.initialState, theta: theta.right }
    // one oracle (odex, tight) for all solvers
    const fd = getOrThrow(finiteDifferenceEstimate(problem, iv, { solve: { solver: 'odex', rtol: 1e-12, atol: 1e-14, maxSteps: 1e6 } }))
    for (const solver of solverNames) {
      const g = getOrThrow(adjointGradient(problem, iv, { solver, rtol: 1e-10, atol: 1e-12, maxSteps: 1e7 }))
      const report = compareWithFiniteDifferences(problem, g.loss, g.gradient, fd, 1e-4)
      for (const [name, b] of Object.entries(report.blocks)) {
        t.log(`${solver}, ${name}: ${b.maxRelativeError.toExponential(2)} (± ${b.uncertainty.toExponential(1)})`)
        t.true(b.maxRelativeError <= 1e-4, `${solver}, ${name}: ${b.maxRelativeError}`)
        t.deepEqual(b.unresolved, [], `${solver}, ${name}`)
      }
    }
  })
}
