import test from 'ava'
import { getOrThrow } from '../util/getOrThrow.js'
import { checkGradient } from './finiteDifference.js'
import { solverNames } from './integrator.js'
import { solveForward } from './solveForward.js'
import { twoNeuronProblem } from './testing/twoNeuronProblem.js'

const problem = twoNeuronProblem()
const isi = (I: number): number => Math.log(I / (I - 1))

for (const solver of solverNames) {
  test(`${solver}: events — two members firing at different rates are located in time order at their closed-form times`, (t) => {
    const I = [1.5, 2.3]
    const sol = getOrThrow(solveForward(problem, { t0: 0, t1: 12, y0: Float64Array.of(0, 0), theta: Float64Array.from(I) }, { solver, rtol: 1e-12, atol: 1e-14, maxSteps: 1e7 }))
    const expected = [0, 1]
      .flatMap((k) => Array.from({ length: Math.floor(12 / isi(I[k])) }, (_, m) => ({ k, t: (m + 1) * isi(I[k]) })))
      .sort((a, b) => a.t - b.t)
    t.deepEqual(sol.events.map((e) => e.index), expected.map((e) => e.k))
    sol.events.forEach((e, i) => t.true(Math.abs(e.t - expected[i].t) <= 1e-10 * expected[i].t, `${e.t} vs ${expected[i].t}`))
    for (let i = 1; i < sol.events.length; i++) t.true(sol.events[i].t >= sol.events[i - 1].t)
  })

  test(`${solver}: events — two members crossing at the same instant are both applied, once each`, (t) => {
    const sol = getOrThrow(solveForward(problem, { t0: 0, t1: 10, y0: Float64Array.of(0, 0), theta: Float64Array.of(2, 2) }, { solver, rtol: 1e-12, atol: 1e-14, maxSteps: 1e7 }))
    const n = Math.floor(10 / isi(2))
    t.is(sol.events.length, 2 * n)
    for (let m = 0; m < n; m++) {
      t.deepEqual([sol.events[2 * m].index, sol.events[2 * m + 1].index], [0, 1])
      t.true(Math.abs(sol.events[2 * m].t - (m + 1) * isi(2)) <= 1e-10)
      t.is(sol.events[2 * m].t, sol.events[2 * m + 1].t)
    }
  })

  test(`${solver}: events — gradient through interleaved resets of two members matches central differences to 1e-6`, (t) => {
    // L = ∫ v0 v1 dt has a kink where a reset of one member passes one of the other (dL/dt* is
    // v1 just before vs just after v1's own reset), so the span keeps every pair of resets
    // further apart (≥ 0.13 ms here) than the finite-difference perturbations move them.
    const report = getOrThrow(
      checkGradient(problem, { t0: 0, t1: 8, y0: Float64Array.of(0.2, 0), theta: Float64Array.of(1.5, 2.3) }, { adjoint: { solver, rtol: 1e-11, atol: 1e-13, maxSteps: 1e7 } }),
    )
    t.log(`max relative error ${report.maxRelativeError.toExponential(2)}`)
    t.true(report.maxRelativeError <= 1e-6)
  })
}
