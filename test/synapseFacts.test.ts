import test from 'ava'
import { checkNeuron, createNetwork, getOrThrow, networkProblem, packWeights, solveForward, type GateFactory, type Loss, type Trial, recurrentNetwork, recurrentWeights } from '@spikegrad/core'
import { boxGate, polyBumpGate, raisedCosineGate } from '@spikegrad/gates'
import { isRight } from 'fp-ts/lib/Either.js'
import { integratorNeuron } from './support/integratorNeuron.js'

// The paper's synapse: tau_s ds/dt = -s + g(v) dv/dt. Integrating, the charge delivered is
//   ∫_0^T s dt + tau_s (s(T) - s(0)) = ∫ g(v) v' dt = G(v(T)) - G(v(0)),  G' = g,
// which depends only on where v starts and ends — not on how fast it moves. These tests drive
// one synapse with a prescribed voltage (an integrator neuron, dv/dt = input) through the real
// network code, and measure the charge as the loss L = ∫ s dt (+ tau_s s(T) where s(T) ≠ 0).

const tauS = 10
const width = 1
const gates: Record<string, GateFactory> = { box: boxGate, 'raised-cosine': raisedCosineGate, 'poly-bump': polyBumpGate }

/** L = ∫ o dt with o = s (O = 1), plus tau_s · s(T) if `withTail`. */
const chargeLoss = (withTail: boolean): Loss => ({
  kind: 'charge',
  value: (_t, o) => o[0],
  gradient(_t, _o, _s, _target, _w, gradO) {
    gradO[0] += 1
  },
  ...(withTail && {
    terminal: {
      value: (sEnd: Float64Array, sStart: Float64Array, tau: Float64Array) => tau[0] * (sEnd[0] - sStart[0]),
      gradient(sEnd: Float64Array, sStart: Float64Array, tau: Float64Array, gradS: Float64Array, gradTau: Float64Array) {
        gradS[0] += tau[0]
        gradTau[0] += sEnd[0] - sStart[0]
      },
    },
  }),
})

/** Charge delivered when the voltage follows v0 + ∫ velocity, over [0, T]. */
function charge(gate: GateFactory, v0: number, velocity: (t: number) => number, T: number, withTail = false, breakpoints?: number[]): number {
  const net = createNetwork(recurrentNetwork({
    neuron: integratorNeuron(),
    gate: gate({ width, center: 0 }),
    sizes: { inputs: 1, neurons: 1, outputs: 1 },
    tauS,
    losses: [chargeLoss(withTail)],
    initialState: [v0, 0],
  }))
  if (!isRight(net)) throw new Error(net.left.message)
  const theta = packWeights(net.right, recurrentWeights({ U: [[1]], W: [[0]], b: [0], O: [[1]] }))
  if (!isRight(theta)) throw new Error(theta.left.message)
  const trial: Trial = {
    duration: T,
    input: (t, out) => void (out[0] = velocity(t)),
    target: () => 1,
    ...(breakpoints && { breakpoints }),
  }
  const problem = networkProblem(net.right, trial)
  return getOrThrow(solveForward(problem, { t0: 0, t1: T, y0: net.right.initialState, theta: theta.right }, { rtol: 1e-12, atol: 1e-14 }))
    .loss
}

/** G(v) − G(a) = ∫_a^v g by composite Simpson on a fine grid (g is smooth within the zone). */
function G(gate: GateFactory, a: number, v: number): number {
  const g = gate({ width, center: 0 })
  const n = 20000
  const h = (v - a) / n
  let sum = g.value(a) + g.value(v)
  for (let k = 1; k < n; k++) sum += (k % 2 === 1 ? 4 : 2) * g.value(a + k * h)
  return (sum * h) / 3
}

test('integrator test neuron — its derivatives pass checkNeuron', (t) => {
  const report = checkNeuron(integratorNeuron())
  t.true(report.ok)
})

for (const [name, gate] of Object.entries(gates)) {
  test(`${name} gate — a voltage crossing the whole zone slowly delivers ∫ s dt = 1 (±1e-6)`, (t) => {
    const q = charge(gate, -1, () => 0.005, 600) // crosses [-0.5, 0.5] in 200 ms
    t.true(Math.abs(q - 1) <= 1e-6, `∫ s dt = ${q}`)
  })

  test(`${name} gate — a voltage crossing the whole zone fast delivers ∫ s dt = 1 (±1e-6)`, (t) => {
    const q = charge(gate, -1, () => 2, 300) // crosses in 0.5 ms, 20 times faster than tau_s
    t.true(Math.abs(q - 1) <= 1e-6, `∫ s dt = ${q}`)
  })

  test(`${name} gate — a voltage that stays below the zone delivers nothing`, (t) => {
    const q = charge(gate, -2, (s) => (1.3 / 20) * Math.exp(-s / 20), 300) // rises to -0.7 and stops
    t.is(q, 0)
  })

  test(`${name} gate — a voltage that enters the zone and turns back has delivered a graded charge at its turning point, strictly between 0 and 1`, (t) => {
    // v = -1 + 0.8 sin(π t / 200): up to -0.2 at t = 100 (inside the zone), back to -1 at t = 200.
    const velocity = (s: number): number => (s < 200 ? ((0.8 * Math.PI) / 200) * Math.cos((Math.PI * s) / 200) : 0)
    const atTurn = charge(gate, -1, velocity, 100, true)
    const expected = G(gate, -0.5, -0.2)
    t.true(atTurn > 0 && atTurn < 1, `charge at the turning point ${atTurn}`)
    t.true(Math.abs(atTurn - expected) <= 1e-6, `charge ${atTurn}, G(-0.2) - G(-1) = ${expected}`)
    // ... and on the way back down the gate takes the same charge back: the net charge is
    // G(v(T)) − G(v(0)) = 0, whatever the path.
    const net = charge(gate, -1, velocity, 600, false, [200])
    t.true(Math.abs(net) <= 1e-6, `net charge after returning below the zone: ${net}`)
  })
}
