import test from 'ava'
import { getOrThrow } from '../util/getOrThrow.js'
import { adjointGradient } from './adjointGradient.js'
import { checkGradient } from './finiteDifference.js'
import type { EventCost, EventOccurrence, Problem } from './problem.js'
import { solveForward } from './solveForward.js'
import { leakyResetProblem } from './testing/leakyResetProblem.js'
import { twoNeuronProblem } from './testing/twoNeuronProblem.js'

// A leaky integrator tau v' = −v + I with the threshold v_th a parameter (θ = [I, v_th, v_reset, tau])
// fires, from v(0) = 0, at t_k = k · tau · ln((I − v_reset)/(I − v_th)) while v_reset = 0 (the first
// interval does not move with v_reset, the later ones do). Its own costs are dropped:
// the loss is the event-time cost alone, so every bit of the gradient goes through the jump condition.
const bare = (): Problem => {
  const { runningCost: _r, terminalCost: _t, ...rest } = leakyResetProblem()
  return rest
}
const iv = { t0: 0, t1: 5, y0: Float64Array.of(0, 0), theta: Float64Array.of(2, 1, 0, 1) }
const tight = { rtol: 1e-12, atol: 1e-14, maxSteps: 1e7 }

/** Ψ = Σ_k w_k (t_k − a_k)², a separable cost on every event time. */
const separable = (w: (k: number) => number, a: (k: number) => number): EventCost => ({
  value(events) {
    let sum = 0
    events.forEach((e, k) => (sum += w(k) * (e.t - a(k)) ** 2))
    return sum
  },
  gradient(events, _t1, _y1, _theta, gradTimes) {
    events.forEach((e, k) => (gradTimes[k] = 2 * w(k) * (e.t - a(k))))
  },
})

test('event-time cost — Ψ = Σ w_k (t_k − a_k)² over 7 resets: the adjoint gives the closed-form dΨ/dθ (drive, threshold, reset, tau)', (t) => {
  const w = (k: number): number => 1 / (k + 1)
  const a = (k: number): number => 0.5 * k
  const problem = { ...bare(), eventCost: separable(w, a) }
  const g = getOrThrow(adjointGradient(problem, iv, tight))
  const [I, vTh, vReset, tau] = iv.theta
  const isi = tau * Math.log((I - vReset) / (I - vTh))
  const K = Math.floor(iv.t1 / isi)
  t.is(g.events.length, K)
  t.true(K >= 7, `${K} events`)
  // ∂isi/∂θ in closed form
  const dIsi = [tau * (1 / (I - vReset) - 1 / (I - vTh)), tau / (I - vTh), -tau / (I - vReset), isi / tau]
  let loss = 0
  const expected = [0, 0, 0, 0]
  for (let k = 0; k < K; k++) {
    const tk = (k + 1) * isi
    loss += w(k) * (tk - a(k)) ** 2
    for (let i = 0; i < 4; i++) expected[i] += 2 * w(k) * (tk - a(k)) * (i === 2 ? k : k + 1) * dIsi[i]
  }
  t.true(Math.abs(g.loss - loss) <= 1e-9 * loss, `loss ${g.loss}, closed form ${loss}`)
  for (let i = 0; i < 4; i++) {
    const err = Math.abs(g.gradient[i] - expected[i]) / Math.abs(expected[i])
    t.true(err <= 1e-7, `dΨ/dθ[${i}]: adjoint ${g.gradient[i]}, closed form ${expected[i]}, relative error ${err}`)
  }
})

test('event-time cost — the same cost agrees with finite differences to 1e-6 per parameter, and solveForward counts Ψ in the loss', (t) => {
  const problem = { ...bare(), eventCost: separable(() => 1, (k) => 0.6 * k) }
  const report = getOrThrow(checkGradient(problem, iv, { adjoint: tight }))
  for (const [name, b] of Object.entries(report.blocks)) t.true(b.maxRelativeError <= 1e-6, `${name}: ${b.maxRelativeError}`)
  const forward = getOrThrow(solveForward(problem, iv, tight))
  t.true(forward.loss > 0)
  t.true(Math.abs(forward.loss - report.loss) <= 1e-9 * forward.loss, `solveForward ${forward.loss}, adjointGradient ${report.loss}`)
})

/**
 * A cost that couples the events and reads the final state, as a first-spike loss does:
 * Ψ = log Σ_m exp(−t_first,m) + ½ v(T)² + t_last · I over the two members of `twoNeuronProblem`
 * (each member's first event, the last event of all, and a direct dependence on θ).
 */
const coupled: EventCost = {
  value(events, _t1, y1, theta) {
    const first = firstTimes(events)
    const last = events[events.length - 1]!.t
    return Math.log(Math.exp(-first[0]!.t) + Math.exp(-first[1]!.t)) + 0.5 * y1[0]! * y1[0]! + last * theta[0]!
  },
  gradient(events, _t1, y1, theta, gradTimes, gradState, acc) {
    const first = firstTimes(events)
    const z = Math.exp(-first[0]!.t) + Math.exp(-first[1]!.t)
    for (const f of first) gradTimes[f.k] += -Math.exp(-f.t) / z
    gradTimes[events.length - 1] += theta[0]!
    gradState[0] = y1[0]!
    acc[0] += events[events.length - 1]!.t
  },
}
function firstTimes(events: readonly EventOccurrence[]): { t: number; k: number }[] {
  const out: { t: number; k: number }[] = []
  events.forEach((e, k) => {
    if (out[e.index] === undefined) out[e.index] = { t: e.t, k }
  })
  return out
}

test('event-time cost — coupled first-event times, the final state and θ: two members, interleaved resets, against finite differences to 1e-6', (t) => {
  const problem = { ...twoNeuronProblem(), eventCost: coupled }
  const iv2 = { t0: 0, t1: 4.5, y0: Float64Array.of(0.2, 0), theta: Float64Array.of(1.5, 2.3) }
  const g = getOrThrow(adjointGradient(problem, iv2, tight))
  t.true(g.events.length >= 5, `${g.events.length} events`)
  t.deepEqual([...new Set(g.events.map((e) => e.index))].sort(), [0, 1])
  const report = getOrThrow(checkGradient(problem, iv2, { adjoint: tight }))
  t.true(report.maxRelativeError <= 1e-6, `max relative error ${report.maxRelativeError}`)
})

test('event-time cost — the initial-state gradient carries it too (dL/dy0 against central differences)', (t) => {
  const problem = { ...bare(), eventCost: separable(() => 1, () => 0) }
  const start = { ...iv, y0: Float64Array.of(0.3, 0) }
  const g = getOrThrow(adjointGradient(problem, start, tight))
  const h = 1e-5
  const at = (d: number): number => getOrThrow(solveForward(problem, { ...start, y0: Float64Array.of(0.3 + d, 0) }, tight)).loss
  const fd = (at(h) - at(-h)) / (2 * h)
  t.true(Math.abs(g.initialStateGradient[0]! - fd) <= 1e-6 * Math.abs(fd), `dL/dv0: adjoint ${g.initialStateGradient[0]}, central difference ${fd}`)
})

test('event-time cost — a problem whose eventCost lacks gradient is refused, naming the field', (t) => {
  const problem = { ...bare(), eventCost: { value: () => 0 } as unknown as EventCost }
  const r = adjointGradient(problem, iv)
  t.true(r._tag === 'Left' && /eventCost/.test(r.left.message), JSON.stringify(r))
})
