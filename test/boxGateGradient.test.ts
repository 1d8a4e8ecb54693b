import test from 'ava'
import { checkGradient, createNetwork, getOrThrow, networkProblem, packWeights, solverNames, type Loss, type Neuron } from '@spikegrad/core'
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

for (const solver of solverNames) {
  for (const c of cases) {
    test(`${solver}: box gate — ${c.name}: adjoint matches central differences across every entry and exit of the zone`, (t) => {
      const net = createNetwork({
        neuron: c.neuron,
        gate: boxGate({ width: 1, center: c.center, ...(c.period !== undefined && { period: c.period }) }),
        sizes: { inputs: 1, neurons: 1, outputs: 1 },
        tauS: 10,
        losses: [loss],
        initialState: [c.v0, 0],
      })
      if (!isRight(net)) return t.fail(net.left.join('\n'))
      const theta = packWeights(net.right, { U: [[0.3]], W: [[c.W]], b: [0.02], O: [[1]] })
      if (!isRight(theta)) return t.fail(theta.left.join('\n'))
      const trial = { duration: 60, input: (s: number, out: Float64Array) => void (out[0] = 0.5 + 0.3 * Math.sin(s / 7)), target: () => 1 }
      const problem = networkProblem(net.right, trial)
      const iv = { t0: 0, t1: 60, y0: net.right.initialState, theta: theta.right }
      const report = getOrThrow(
        checkGradient(problem, iv, {
          adjoint: { solver, rtol: 1e-10, atol: 1e-12, maxSteps: 1e7 },
          solve: { solver: 'odex', rtol: 1e-12, atol: 1e-14, maxSteps: 1e6 },
        }),
      )
      for (const [name, b] of Object.entries(report.blocks)) {
        t.log(`${name}: ${b.maxRelativeError.toExponential(2)}`)
        t.true(b.maxRelativeError <= 1e-4, `${name}: ${b.maxRelativeError}`)
      }
    })
  }
}
