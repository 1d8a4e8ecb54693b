import test from 'ava'
import { isLeft, isRight } from 'fp-ts/lib/Either.js'
import { adjointGradient } from './adjointGradient.js'
import { checkGradient } from './finiteDifference.js'
import { getOrThrow } from '../util/getOrThrow.js'
import { solverNames } from './integrator.js'
import { solveForward } from './solveForward.js'
import { leakyResetProblem } from './testing/leakyResetProblem.js'
import { linearProblem } from './testing/linearProblem.js'

const A = Float64Array.from([-0.5, 1.2, -0.9, -0.3, 0.4, -0.2, 0.1, 0.7, -0.8])
const linear = { problem: linearProblem(3), iv: { t0: 0, t1: 5, y0: Float64Array.from([1, -0.5, 0.3]), theta: A } }

const leaky = { problem: leakyResetProblem(), iv: { t0: 0, t1: 40, y0: Float64Array.from([0, 0]), theta: Float64Array.from([2, 1, 0, 1]) } }

// every test runs with every solver, at the same tolerances and bounds
for (const solver of solverNames) {
  test(`${solver}: adjoint — linear y′ = A y, L = ∫½|y|²: gradient matches central differences to 1e-7 at tolerance 1e-10`, (t) => {
    const tol = { solver, rtol: 1e-10, atol: 1e-12, maxSteps: 1e7 }
    const report = getOrThrow(checkGradient(linear.problem, linear.iv, { adjoint: tol }))
    t.log(`max relative error ${report.maxRelativeError.toExponential(2)}`)
    t.true(report.maxRelativeError <= 1e-7, `max relative error ${report.maxRelativeError}`)
    t.is(report.blocks.A.checked, 9)
  })

  test(`${solver}: adjoint — dL/dy0 of the linear problem matches central differences`, (t) => {
    const { problem, iv } = linear
    const g = getOrThrow(adjointGradient(problem, iv, { solver, rtol: 1e-11, atol: 1e-13, maxSteps: 1e7 }))
    for (let i = 0; i < 3; i++) {
      const h = 1e-4
      const at = (d: number): number => {
        const y0 = Float64Array.from(iv.y0)
        y0[i] += d
        return getOrThrow(solveForward(problem, { ...iv, y0 }, { solver, rtol: 1e-12, atol: 1e-14, maxSteps: 1e7 })).loss
      }
      const fd = (8 * (at(h) - at(-h)) - (at(2 * h) - at(-2 * h))) / (12 * h)
      const err = Math.abs(g.initialStateGradient[i] - fd) / Math.abs(fd)
      t.true(err < 1e-7, `dL/dy0[${i}]: adjoint ${g.initialStateGradient[i]}, fd ${fd}, rel ${err}`)
    }
  })

  test(`${solver}: events — a leaky integrator with threshold reset fires ≥ 50 times at the closed-form interval`, (t) => {
    const sol = getOrThrow(solveForward(leaky.problem, leaky.iv, { solver, rtol: 1e-12, atol: 1e-14, maxSteps: 1e7 }))
    t.true(sol.events.length >= 50, `${sol.events.length} events`)
    const isi = Math.log(2)
    sol.events.forEach((ev, k) => {
      const expected = (k + 1) * isi
      t.true(Math.abs(ev.t - expected) <= 1e-9 * expected, `event ${k} at ${ev.t}, expected ${expected}`)
    })
  })

  test(`${solver}: events — gradient with respect to drive, threshold (condition), reset (jump) and tau matches central differences to 1e-6`, (t) => {
    const report = getOrThrow(checkGradient(leaky.problem, leaky.iv, { adjoint: { solver, rtol: 1e-11, atol: 1e-13, maxSteps: 1e7 } }))
    for (const [name, b] of Object.entries(report.blocks)) t.log(`${name}: ${b.maxRelativeError.toExponential(2)}`)
    for (const name of ['I', 'vTh', 'vReset', 'tau']) {
      t.true(report.blocks[name].maxRelativeError <= 1e-6, `${name}: ${report.blocks[name].maxRelativeError}`)
    }
  })

  test(`${solver}: checkpoints — checkpoint mode gives the keep-everything gradient to 1e-9, with less trajectory memory`, (t) => {
    // a budget of 0 keeps only the recording of the last segment: every other one is recomputed
    const opts = { solver, rtol: 1e-10, atol: 1e-12, maxSteps: 1e7, checkpointSteps: 3, trajectoryBudgetMb: 0 }
    for (const { problem, iv } of [linear, leaky]) {
      const all = getOrThrow(adjointGradient(problem, iv, { ...opts, memory: 'all' }))
      const cp = getOrThrow(adjointGradient(problem, iv, { ...opts, memory: 'checkpoint' }))
      t.true(all.stats.forward.checkpoints > 2, 'several checkpoints')
      for (let i = 0; i < all.gradient.length; i++) {
        const scale = Math.max(...all.gradient.map(Math.abs))
        t.true(Math.abs(all.gradient[i] - cp.gradient[i]) <= 1e-9 * scale, `θ[${i}]: ${all.gradient[i]} vs ${cp.gradient[i]}`)
      }
      t.is(all.loss, cp.loss)
      t.true(cp.stats.peakTrajectoryBytes < all.stats.peakTrajectoryBytes)
      t.true(cp.stats.recompute.rhsEvals > 0)
      t.is(all.stats.recompute.rhsEvals, 0)
    }
  })

  test(`${solver}: checkpoints — different checkpoint spacings agree to the integration tolerance`, (t) => {
    const a = getOrThrow(adjointGradient(leaky.problem, leaky.iv, { solver, rtol: 1e-11, atol: 1e-13, maxSteps: 1e7, checkpointSteps: 7 }))
    const b = getOrThrow(adjointGradient(leaky.problem, leaky.iv, { solver, rtol: 1e-11, atol: 1e-13, maxSteps: 1e7, checkpointSteps: 1000 }))
    const scale = Math.max(...b.gradient.map(Math.abs))
    for (let i = 0; i < 4; i++) t.true(Math.abs(a.gradient[i] - b.gradient[i]) <= 1e-7 * scale)
  })

  test(`${solver}: checkpoints — the segment that reaches the end is recorded by the forward pass, not recomputed`, (t) => {
    const opts = { solver, rtol: 1e-10, atol: 1e-12, maxSteps: 1e7 }
    // one segment: nothing is recomputed
    const one = getOrThrow(adjointGradient(leaky.problem, leaky.iv, { ...opts, memory: 'checkpoint', checkpointSteps: 10_000_000 }))
    t.is(one.stats.forward.checkpoints, 1)
    t.is(one.stats.recompute.rhsEvals, 0)
    // several segments: fewer steps are recomputed than the forward pass took, and the gradient is the same
    const many = getOrThrow(adjointGradient(leaky.problem, leaky.iv, { ...opts, memory: 'checkpoint', checkpointSteps: 10, trajectoryBudgetMb: 0 }))
    const all = getOrThrow(adjointGradient(leaky.problem, leaky.iv, { ...opts, memory: 'all', checkpointSteps: 10 }))
    t.true(many.stats.forward.checkpoints > 2, `${many.stats.forward.checkpoints} checkpoints`)
    t.true(many.stats.recompute.accepted > 0)
    t.true(many.stats.recompute.accepted < many.stats.forward.accepted, `${many.stats.recompute.accepted} of ${many.stats.forward.accepted} steps recomputed`)
    // a budget of 0 keeps the segment that reaches the end (of at most 10 steps) and no other
    t.true(many.stats.recompute.accepted >= many.stats.forward.accepted - 10, `${many.stats.recompute.accepted} of ${many.stats.forward.accepted} steps recomputed`)
    // with the default budget the whole (small) trajectory is kept: nothing is recomputed
    const kept = getOrThrow(adjointGradient(leaky.problem, leaky.iv, { ...opts, memory: 'checkpoint', checkpointSteps: 10 }))
    t.true(kept.stats.forward.checkpoints > 2)
    t.is(kept.stats.recompute.accepted, 0)
    t.deepEqual(Array.from(kept.gradient), Array.from(many.gradient))
    const scale = Math.max(...all.gradient.map(Math.abs))
    for (let i = 0; i < all.gradient.length; i++) {
      t.true(Math.abs(all.gradient[i] - many.gradient[i]) <= 1e-9 * scale, `θ[${i}]: ${all.gradient[i]} vs ${many.gradient[i]}`)
    }
  })
}
