import test from 'ava'
import { isLeft } from 'fp-ts/lib/Either.js'
import { adjointGradient } from './adjointGradient.js'
import { adjointName, adjointOf, checkpointed, finiteDifferences, storeAll, type Adjoint } from './adjointMethod.js'
import { getOrThrow } from '../util/getOrThrow.js'
import { namedSolveOptions } from './namedSolveOptions.js'
import { solveForward } from './solveForward.js'
import { leakyResetProblem } from './testing/leakyResetProblem.js'
import { linearProblem } from './testing/linearProblem.js'

const A = Float64Array.from([-0.5, 1.2, -0.9, -0.3, 0.4, -0.2, 0.1, 0.7, -0.8])
const linear = { problem: linearProblem(3), iv: { t0: 0, t1: 5, y0: Float64Array.from([1, -0.5, 0.3]), theta: A } }
const leaky = { problem: leakyResetProblem(), iv: { t0: 0, t1: 40, y0: Float64Array.from([0, 0]), theta: Float64Array.from([2, 1, 0, 1]) } }
const tight = { solver: 'odex' as const, rtol: 1e-11, atol: 1e-13, maxSteps: 1e7 }

test('adjoint methods — the values checkpointed and storeAll give the bits of their names (and of the former memory option)', (t) => {
  const { problem, iv } = leaky
  const opts = { solver: 'bs3' as const, rtol: 1e-6, atol: 1e-8, checkpointSteps: 200, trajectoryBudgetMb: 0 }
  const byName = getOrThrow(adjointGradient(problem, iv, { ...opts, adjoint: 'checkpoint' }))
  const byValue = getOrThrow(adjointGradient(problem, iv, { ...opts, adjoint: checkpointed }))
  const former = getOrThrow(adjointGradient(problem, iv, { ...opts, memory: 'checkpoint' }))
  const all = getOrThrow(adjointGradient(problem, iv, { ...opts, adjoint: storeAll }))
  const allFormer = getOrThrow(adjointGradient(problem, iv, { ...opts, memory: 'all' }))
  t.deepEqual(Array.from(byValue.gradient), Array.from(byName.gradient))
  t.deepEqual(Array.from(former.gradient), Array.from(byName.gradient))
  t.deepEqual(Array.from(allFormer.gradient), Array.from(all.gradient))
  t.is(byValue.stats.memory, 'checkpoint')
  t.is(all.stats.memory, 'all')
  // the budget of 0 makes the checkpointed run recompute; keeping all never does
  t.true(byValue.stats.recompute.steps > 0, `recomputed ${byValue.stats.recompute.steps} steps`)
  t.is(all.stats.recompute.steps, 0)
  // adjoint wins over the former spelling
  t.is(getOrThrow(adjointGradient(problem, iv, { ...opts, memory: 'checkpoint', adjoint: 'all' })).stats.memory, 'all')
})

test('adjoint methods — finiteDifferences: dL/dθ and dL/dy0 within its truncation error of the adjoint, from 2 forward solves per entry', (t) => {
  for (const { problem, iv } of [linear, leaky]) {
    const exact = getOrThrow(adjointGradient(problem, iv, tight))
    const fd = getOrThrow(adjointGradient(problem, iv, { ...tight, adjoint: finiteDifferences({ relativeStep: 1e-5 }) }))
    // the loss of a plain forward solve (the adjoint's restarts at checkpoints: the same to the tolerance)
    t.is(fd.loss, getOrThrow(solveForward(problem, iv, tight)).loss)
    t.true(Math.abs(fd.loss - exact.loss) <= 1e-9 * Math.abs(exact.loss))
    t.is(fd.stats.memory, 'none')
    t.is(fd.stats.backward.steps, 0)
    const scale = Math.max(...Array.from(exact.gradient, Math.abs), ...Array.from(exact.initialStateGradient, Math.abs))
    let worst = 0
    exact.gradient.forEach((g, i) => (worst = Math.max(worst, Math.abs(g - fd.gradient[i]))))
    exact.initialStateGradient.forEach((g, i) => (worst = Math.max(worst, Math.abs(g - fd.initialStateGradient[i]))))
    t.log(`worst |fd − adjoint| = ${(worst / scale).toExponential(2)} of the largest entry`)
    // central differences at h = 1e-5: O(h²) with the reset problem's large curvature (5e-5 of
    // the largest entry at h = 1e-4, 1.5e-7 at 1e-5), and rtol/h = 1e-6 of the loss
    t.true(worst <= 1e-6 * scale, `${worst} against ${scale}`)
    t.true(worst > 0, 'two different methods agree to the bit: one of them is not what it says')
  }
  // the five-point stencil is closer still
  const five = getOrThrow(adjointGradient(linear.problem, linear.iv, { ...tight, adjoint: finiteDifferences({ relativeStep: 1e-3, stencil: 'five-point' }) }))
  const exact = getOrThrow(adjointGradient(linear.problem, linear.iv, tight))
  five.gradient.forEach((g, i) => t.true(Math.abs(g - exact.gradient[i]) <= 1e-8 * Math.max(1, Math.abs(exact.gradient[i])), `entry ${i}: ${g} against ${exact.gradient[i]}`))
})

test('adjoint methods — one of your own is called with the problem and both option forms; one that throws is a SolveError naming it', (t) => {
  const calls: string[] = []
  const mine: Adjoint = {
    name: 'mine',
    gradient(problem, iv, options, resolved) {
      calls.push(`${problem.dimension} ${options.rtol} ${resolved.solver.name}`)
      return checkpointed.gradient(problem, iv, options, resolved)
    },
  }
  const g = getOrThrow(adjointGradient(leaky.problem, leaky.iv, { rtol: 1e-6, adjoint: mine }))
  t.deepEqual(calls, ['2 0.000001 bs3'])
  t.deepEqual(Array.from(g.gradient), Array.from(getOrThrow(adjointGradient(leaky.problem, leaky.iv, { rtol: 1e-6 })).gradient))
  const broken: Adjoint = {
    name: 'broken',
    gradient() {
      throw new Error('not today')
    },
  }
  const r = adjointGradient(leaky.problem, leaky.iv, { adjoint: broken })
  t.true(isLeft(r))
  if (isLeft(r)) t.regex(r.left.message, /adjoint method 'broken' threw.*not today/)
})

test('adjoint methods — a bad adjoint is refused naming the field; a method of your own stays in its thread', (t) => {
  for (const bad of ['backprop', { name: 'no gradient' }, 3]) {
    const r = adjointGradient(leaky.problem, leaky.iv, { adjoint: bad as never })
    t.true(isLeft(r))
    if (isLeft(r)) t.regex(r.left.message, /options\.adjoint.*checkpointed, storeAll, finiteDifferences/)
  }
  t.deepEqual(namedSolveOptions({ rtol: 1e-4, adjoint: storeAll }), { rtol: 1e-4, adjoint: 'all' })
  t.deepEqual(namedSolveOptions({ adjoint: finiteDifferences() }), { adjoint: 'finite-differences' })
  const own = namedSolveOptions({ adjoint: finiteDifferences({ relativeStep: 1e-6 }) })
  t.true('complaint' in own && /adjoint 'finite-differences \(relativeStep 0\.000001, central\)' is not one of checkpoint, all, finite-differences: an adjoint of your own runs in this thread only/.test(own.complaint), JSON.stringify(own))
  // its options are checked where it runs
  for (const [bad, field] of [[{ relativeStep: 0 }, 'relativeStep'], [{ relativeStep: Number.NaN }, 'relativeStep'], [{ stencil: 'five_point' }, 'stencil']] as const) {
    const r = adjointGradient(leaky.problem, leaky.iv, { adjoint: finiteDifferences(bad as never) })
    t.true(isLeft(r) && r.left.message.includes(`options.adjoint.${field}`), isLeft(r) ? r.left.message : 'solved')
  }
  // a method of your own that returns nonsense is a SolveError naming it, never an exception
  for (const returned of [undefined, 3, {}, { gradient: new Float64Array(1) }]) {
    const odd: Adjoint = { name: 'odd', gradient: () => returned as never }
    const r = adjointGradient(leaky.problem, leaky.iv, { adjoint: odd })
    t.true(isLeft(r) && /adjoint method 'odd'/.test(r.left.message), isLeft(r) ? r.left.message : 'solved')
  }
  t.is(adjointOf('all'), storeAll)
  t.is(adjointOf('nope' as never), undefined)
  t.is(adjointName(checkpointed), 'checkpoint')
})
