import test from 'ava'
import { adjointGradient } from './adjointGradient.js'
import { checkGradient } from './finiteDifference.js'
import { solverNames } from './integrator.js'
import { hermiteFormWeights, type RungeKuttaPair } from './rungeKuttaPair.js'
import { resolveSolveOptions } from './solveOptions.js'
import { namedSolveOptions } from './namedSolveOptions.js'
import { bs3, dopri5, odex, rungeKuttaSolver, solverName, solverOf, solvers, tsit5 } from './solver.js'
import { leakyResetProblem } from './testing/leakyResetProblem.js'
import { getOrThrow } from '../util/getOrThrow.js'

/** Heun–Euler 2(1) in FSAL form: y1 = y0 + h (k1 + k2)/2, the embedded Euler step y0 + h k1. */
const heunEuler = (): RungeKuttaPair => ({
  name: 'heun-euler',
  order: 2,
  embeddedOrder: 1,
  c: Float64Array.of(0, 1, 1),
  a: [Float64Array.of(), Float64Array.of(1), Float64Array.of(0.5, 0.5)],
  e: Float64Array.of(-0.5, 0.5, 0),
  dense: hermiteFormWeights(Float64Array.of(0.5, 0.5, 0), undefined),
  interiorSamples: 0,
  denseOrder: 2,
})

const leaky = { problem: leakyResetProblem(), iv: { t0: 0, t1: 10, y0: Float64Array.from([0, 0]), theta: Float64Array.from([2, 1, 0, 1]) } }

test('solvers as values — each built-in name stands for its value, and the defaults that depend on the solver are as documented', (t) => {
  t.deepEqual(Object.keys(solvers).sort(), [...solverNames].sort())
  for (const name of solverNames) {
    t.is(solverOf(name), solvers[name])
    t.is(solverOf(solvers[name]), solvers[name])
    t.is(solverName(solvers[name]), name)
    t.is(solvers[name].name, name)
    t.is(solvers[name].integrator(3).name, name)
  }
  const at = (s: typeof bs3, rtol = 1e-4) => {
    const d = s.defaults(rtol, 10)
    return [d.denseNodes, d.quadratureNodes, d.samplesPerStep(d.denseNodes), d.initialStep]
  }
  t.deepEqual(at(bs3), [2, 2, 0, 0], 'bs3: its dense output is the Hermite of the ends')
  t.deepEqual(at(dopri5), [3, 3, 1, 0])
  t.deepEqual(at(tsit5), [3, 3, 1, 0])
  t.deepEqual(at(odex), [4, 4, 4, 0.01], 'odex at rtol 1e-4: first column 3')
  t.deepEqual(at(odex, 1e-10), [12, 8, 12, 0.01])
  t.is(solverOf('rk4' as never), undefined)
  t.is(solverOf({ name: 'x' } as never), undefined)
})

test('solvers as values — a value gives the bits its name gives', (t) => {
  for (const name of solverNames) {
    const byName = getOrThrow(adjointGradient(leaky.problem, leaky.iv, { solver: name, rtol: 1e-6, atol: 1e-8 }))
    const byValue = getOrThrow(adjointGradient(leaky.problem, leaky.iv, { solver: solvers[name], rtol: 1e-6, atol: 1e-8 }))
    t.is(byValue.loss, byName.loss, name)
    t.deepEqual(Array.from(byValue.gradient), Array.from(byName.gradient), name)
  }
})

test('solvers as values — a Runge–Kutta pair of your own (Heun–Euler 2(1)) solves with resets and events, and its adjoint gradient matches central differences', (t) => {
  const heun = rungeKuttaSolver(heunEuler())
  t.is(heun.name, 'heun-euler')
  t.deepEqual([heun.defaults(1e-4, 1).denseNodes, heun.defaults(1e-4, 1).quadratureNodes], [2, 2], '⌈(order + 1)/2⌉ Gauss–Legendre nodes')
  const report = getOrThrow(checkGradient(leaky.problem, leaky.iv, { adjoint: { solver: heun, rtol: 1e-8, atol: 1e-10, maxSteps: 1e7 } }))
  t.log(`Heun–Euler: max relative error ${report.maxRelativeError.toExponential(2)} against central differences`)
  t.true(report.maxRelativeError <= 1e-5, `max relative error ${report.maxRelativeError}`)
  // a second-order pair takes far more steps than bs3 at the same tolerance: it is the pair that ran
  const heunSteps = getOrThrow(adjointGradient(leaky.problem, leaky.iv, { solver: heun, rtol: 1e-6, atol: 1e-8 })).stats.forward.steps
  const bs3Steps = getOrThrow(adjointGradient(leaky.problem, leaky.iv, { solver: bs3, rtol: 1e-6, atol: 1e-8 })).stats.forward.steps
  t.true(heunSteps > 2 * bs3Steps, `Heun–Euler ${heunSteps} steps, bs3 ${bs3Steps}`)
})

test('solvers as values — an inconsistent tableau is refused naming the field; a value that is no solver is refused by the solve', (t) => {
  const bad = (change: Partial<RungeKuttaPair>) => () => rungeKuttaSolver({ ...heunEuler(), ...change })
  t.throws(bad({ c: Float64Array.of(0, 0.5, 1) }), { message: 'Runge–Kutta pair "heun-euler": row a[1] sums to 1, but c[1] is 0.5 (each stage time is its row\'s sum)' })
  t.throws(bad({ c: Float64Array.of(0, 1, 0.9) }), { message: /c\[2\] must be 1 \(the last stage is FSAL/ })
  t.throws(bad({ embeddedOrder: 2 }), { message: /embeddedOrder must be an integer from 1 to order − 1 \(1\), got 2/ })
  t.throws(bad({ e: Float64Array.of(1, 2) }), { message: /e must hold 3 error weights, got 2/ })
  t.throws(bad({ a: [Float64Array.of(), Float64Array.of(1)] }), { message: /a must have one row per stage \(3\), got 2/ })
  t.throws(bad({ a: [Float64Array.of(), undefined as never, Float64Array.of(0.5, 0.5)] }), { instanceOf: RangeError, message: /a\[1\] must hold 1 entries/ })
  t.throws(bad({ e: Float64Array.of(3, 0.5, 0) }), { message: /the error weights e sum to 3\.5, not 0/ })
  // b = (0.9, 0.1) has order 1 only (Σ b c = 0.1)
  t.throws(bad({ a: [Float64Array.of(), Float64Array.of(1), Float64Array.of(0.9, 0.1)], e: Float64Array.of(-0.1, 0.1, 0) }), {
    message: 'Runge–Kutta pair "heun-euler": the weights b (row a[2]) do not have order 2: Σ b_i c_i = 0.1, order 2 needs 0.5',
  })
  t.throws(bad({ order: 3, embeddedOrder: 2 }), { message: /the weights b \(row a\[2\]\) do not have order 3: Σ b_i c_i² = 0\.5, order 3 needs 0\.333/ })
  const r = resolveSolveOptions({ solver: { name: 'mine' } as never }, 1, 2)
  t.true('field' in r && r.field === 'solver', JSON.stringify(r))
  if ('field' in r) t.regex(r.problem, /must be a Solver \(e\.g\. dopri5, or rungeKuttaSolver\(pair\)\) or one of 'odex', 'dopri5', 'tsit5', 'bs3', got an object named 'mine' that is not one/)
  const left = adjointGradient(leaky.problem, leaky.iv, { solver: 'rk4' as never })
  t.is(left._tag, 'Left')
  if (left._tag === 'Left') t.regex(left.left.message, /solver.*got 'rk4'/)
})

test('solvers as values — a message to another thread carries a built-in solver by its name, and refuses one of your own with the reason', (t) => {
  t.deepEqual(namedSolveOptions({ solver: null as never, structure: undefined, rtol: 1e-3 }), { rtol: 1e-3 }, 'null and undefined: the defaults')
  const notOne = namedSolveOptions({ solver: { name: 'x' } as never })
  t.true('complaint' in notOne && /solver must be a Solver or one of odex, dopri5, tsit5, bs3, got an object named 'x' that is not one/.test(notOne.complaint), JSON.stringify(notOne))
  t.deepEqual(namedSolveOptions({ solver: dopri5, rtol: 1e-4 }), { solver: 'dopri5', rtol: 1e-4 })
  t.deepEqual(namedSolveOptions({ solver: 'odex' as const }), { solver: 'odex' })
  t.deepEqual(namedSolveOptions({ rtol: 1e-3 }), { rtol: 1e-3 })
  const mine = namedSolveOptions({ solver: rungeKuttaSolver(heunEuler()) })
  t.true('complaint' in mine)
  if ('complaint' in mine) t.regex(mine.complaint, /the solver 'heun-euler' is not one of odex, dopri5, tsit5, bs3: a solver of your own runs in this thread only/)
})

test('structures — every solve refuses a structure that is none, naming the field (a name not built in, or an object without a gradient)', (t) => {
  for (const bad of ['by-neuron', 42, { name: 'x' }]) {
    const r = adjointGradient(leaky.problem, leaky.iv, { structure: bad as never })
    t.is(r._tag, 'Left', String(bad))
    if (r._tag === 'Left') t.regex(r.left.message, /options\.structure must be a Structure \(monolithic, byBlocks, closedForm\) or one of 'monolithic', 'blocks', 'closed-form', got /)
  }
  t.is(adjointGradient(leaky.problem, leaky.iv, { structure: 'blocks', rtol: 1e-4, atol: 1e-6 })._tag, 'Right', 'a problem without structure ignores a good one')
})
