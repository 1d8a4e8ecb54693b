import test from 'ava'
import { isLeft } from 'fp-ts/lib/Either.js'
import { adjointGradient } from './adjointGradient.js'
import { getOrThrow } from '../util/getOrThrow.js'
import type { Problem } from './problem.js'
import { SolveFailure, type SolveError } from './solveError.js'
import { solverNames } from './integrator.js'
import { solveForward } from './solveForward.js'
import { linearProblem } from './testing/linearProblem.js'

const iv = { t0: 0, t1: 1, y0: Float64Array.from([1, 0]), theta: Float64Array.from([0, 1, -1, 0]) }

const errorOf = <A>(r: ReturnType<typeof solveForward> | ReturnType<typeof adjointGradient>): SolveError => {
  if (!isLeft(r)) throw new Error('expected a failure')
  return r.left
}

test('errors — a y0 of the wrong length is an InvalidProblem naming y0', (t) => {
  const e = errorOf(solveForward(linearProblem(2), { ...iv, y0: new Float64Array(3) }))
  t.is(e._tag, 'InvalidProblem')
  t.regex(e.message, /y0/)
  t.regex(e.message, /length dimension = 2/)
})

test('errors — theta of the wrong length, t1 ≤ t0, a missing function and bad options are named', (t) => {
  t.regex(errorOf(solveForward(linearProblem(2), { ...iv, theta: new Float64Array(3) })).message, /theta/)
  t.regex(errorOf(solveForward(linearProblem(2), { ...iv, t1: 0 })).message, /t1/)
  const noVjp = { ...linearProblem(2), vjpState: undefined } as unknown as Problem
  t.regex(errorOf(adjointGradient(noVjp, iv)).message, /vjpState must be a function/)
  t.regex(errorOf(solveForward(linearProblem(2), iv, { rtol: -1 })).message, /options\.rtol/)
  t.regex(errorOf(solveForward(linearProblem(2), iv, { memory: 'disk' as 'all' })).message, /options\.memory/)
  const unknown = errorOf(solveForward(linearProblem(2), iv, { solver: 'rk4' as 'bs3' })).message
  t.regex(unknown, /options\.solver must be a Solver \(e\.g\. dopri5, or rungeKuttaSolver\(pair\)\) or one of 'odex', 'dopri5', 'tsit5', 'bs3', got 'rk4'/)
})

for (const solver of solverNames) {
  test(`${solver}: errors — a right-hand side that throws becomes ProblemThrew, with where and when`, (t) => {
    const p: Problem = {
      ...linearProblem(2),
      rhs(time) {
        if (time > 0.5) throw new Error('table lookup out of range')
      },
    }
    const e = errorOf(solveForward(p, iv, { solver }))
    t.is(e._tag, 'ProblemThrew')
    t.regex(e.message, /rhs threw at t = 0\.[5-9]\d*: table lookup out of range/)
    t.true(e._tag === 'ProblemThrew' && e.t > 0.5)
  })
}

for (const solver of solverNames) {
  test(`${solver}: errors — a blow-up (y′ = y², y(0) = 1, T = 2) is reported with the time reached, not thrown`, (t) => {
    const blowUp: Problem = {
      dimension: 1,
      parameterCount: 0,
      rhs: (_t, y, _th, out) => void (out[0] = y[0] * y[0]),
      vjpState: (_t, y, _th, l, out) => void (out[0] = 2 * y[0] * l[0]),
      vjpParams: () => undefined,
    }
    const e = errorOf(solveForward(blowUp, { t0: 0, t1: 2, y0: Float64Array.from([1]), theta: new Float64Array(0) }, { solver }))
    t.true(['NonFiniteState', 'StepSizeUnderflow', 'MaxStepsExceeded'].includes(e._tag), e._tag)
    t.true('t' in e && e.t > 0.9 && e.t < 1.01, `t = ${'t' in e ? e.t : '?'}`)
  })
}

for (const solver of solverNames) {
  test(`${solver}: errors — NaN from the right-hand side names the component`, (t) => {
    const p: Problem = { ...linearProblem(2), rhs: (_t, _y, _th, out) => void ((out[0] = 0), (out[1] = Number.NaN)) }
    const e = errorOf(solveForward(p, iv, { solver }))
    t.is(e._tag, 'NonFiniteState')
    t.true('component' in e && e.component === 1)
  })
}

for (const solver of solverNames) {
  test(`${solver}: errors — a non-finite component is named in the problem's terms when it describes them, and the loss accumulator as such`, (t) => {
    const named: Problem = {
      ...linearProblem(2),
      describeComponent: (i) => `x${i} of the toy`,
      rhs: (_t, _y, _th, out) => void ((out[0] = 0), (out[1] = Number.NaN)),
    }
    t.regex(errorOf(solveForward(named, iv, { solver })).message, /in component 1 \(x1 of the toy\)\./)
    const cost: Problem = {
      ...linearProblem(2),
      describeComponent: (i) => `x${i} of the toy`,
      runningCost: { value: () => Number.NaN, gradState: (_t: number, _y: Float64Array, _th: Float64Array, out: Float64Array) => void out.fill(0) },
    }
    t.regex(errorOf(solveForward(cost, iv, { solver })).message, /in component 2 \(the running cost ∫ l dt accumulated so far, i\.e\. the loss\)/)
  })
}

for (const solver of solverNames) {
  test(`${solver}: errors — the step budget gives MaxStepsExceeded with the time reached and the fix`, (t) => {
    const e = errorOf(solveForward(linearProblem(2), { ...iv, t1: 1000 }, { solver, maxSteps: 5 }))
    t.is(e._tag, 'MaxStepsExceeded')
    t.regex(e.message, /Increase `maxSteps`/)
  })
}

test('errors — getOrThrow turns a failure into a SolveFailure carrying the error value', (t) => {
  const err = t.throws(() => getOrThrow(solveForward(linearProblem(2), { ...iv, t1: -1 })), { instanceOf: SolveFailure })
  t.is((err as SolveFailure).error._tag, 'InvalidProblem')
})
