import test from 'ava'
import { markCount, xmlProblems } from '../plots/svgCheck.test-kit.js'
import type { PrecisionResult } from './benchTypes.js'
import { gradientRelativeError } from './gradientError.js'
import { precisionNetwork } from './precisionNetworks.js'
import { precisionPlot, precisionTable } from './precisionReport.js'
import { fastestTo, timeToAccuracy, timeToStayWithin } from './precisionSummary.js'

/** A point of the diagram with only what the summary reads set to something meaningful. */
const point = (solver: PrecisionResult['solver'], rtol: number, error: number, gradientMs: number, ratio = 2): PrecisionResult => ({
  kind: 'precision',
  network: 'theta',
  solver,
  n: 80,
  tMs: 500,
  rtol,
  atol: rtol / 100,
  mode: 'checkpoint',
  referenceRtol: 1e-11,
  gradientRelativeError: error,
  gradientMs,
  forwardMs: gradientMs / ratio,
  ratio,
  repeats: 1,
  rhsEvals: 10,
  gradientRhsEvals: 20,
  vjpStateEvals: 5,
  vjpParamsEvals: 3,
  acceptedSteps: 4,
  rejectedSteps: 1,
  backwardAcceptedSteps: 2,
  recomputedSteps: 0,
  matvecUs: 1,
  kernelEfficiency: 0.5,
  loadAverage: 0,
})

test('gradientRelativeError — the 2-norm of the difference over the 2-norm of the reference, all entries together', (t) => {
  t.is(gradientRelativeError([3, 4], [3, 4]), 0)
  t.is(gradientRelativeError([3, 5], [3, 4]), 1 / 5)
  t.is(gradientRelativeError([0, 1], [0, 0]), 1)
  t.throws(() => gradientRelativeError([1], [1, 2]), { instanceOf: RangeError })
})

test('timeToAccuracy — interpolates the time log–log between the points around the error; the loosest point when it is within; undefined when none is', (t) => {
  const sweep = [point('bs3', 1e-3, 0.1, 100, 2), point('bs3', 1e-4, 0.01, 1000, 3), point('bs3', 1e-5, 0.001, 5000, 3)]
  const at = timeToAccuracy(sweep, Math.sqrt(0.1 * 0.01))!
  t.is(at.solver, 'bs3')
  t.true(Math.abs(at.gradientMs - Math.sqrt(100 * 1000)) < 1e-9, `${at.gradientMs}`)
  t.true(Math.abs(at.ratio - 2.5) < 1e-12)
  t.true(Math.abs(timeToAccuracy([...sweep].reverse(), 0.01)!.gradientMs - 1000) < 1e-9)
  t.is(timeToAccuracy(sweep, 0.5)!.gradientMs, 100)
  t.is(timeToAccuracy(sweep, 1e-4), undefined)
})

test('fastestTo — ranks the solvers of a case by their time to an error, leaving out those that never reach it', (t) => {
  const points = [
    point('odex', 1e-4, 0.05, 400),
    point('odex', 1e-5, 0.004, 900),
    point('bs3', 1e-4, 0.02, 300),
    point('dopri5', 1e-4, 0.3, 50),
  ]
  t.deepEqual(
    fastestTo(points, 0.02).map((r) => r.solver),
    ['bs3', 'odex'],
  )
})

test('precisionPlot — a well-formed SVG with one line per solver and panel, and the table has a row per point', async (t) => {
  const points = [point('odex', 1e-4, 0.05, 400), point('odex', 1e-5, 0.004, 900), point('bs3', 1e-4, 0.02, 300), point('bs3', 1e-5, 0.002, 600)]
  const svg = await precisionPlot(points)
  t.deepEqual(xmlProblems(svg), [])
  t.is(markCount(svg, 'mark-line role-mark'), 2)
  t.is(markCount(svg, 'mark-symbol role-mark'), 4)
  const reference = { kind: 'reference', network: 'theta', n: 80, tMs: 500, solver: 'dopri5', checkSolver: 'tsit5', rtol: 1e-11, agreement: 1e-6, parameters: 1, file: '', ms: 1, checkMs: 1 } as const
  const table = precisionTable(points, reference).split('\n')
  t.is(table.length, 2 + points.length)
  t.regex(table[0]!, /against dopri5 at rtol 1e-11 \(which tsit5 there matches to 1\.0e-6\)/)
  t.regex(table[2]!, /^odex +1e-4 +5\.0e-2 +400 /)
})

test('precisionNetwork — the theta kind is the benchmark network; an unknown kind names the known ones', (t) => {
  const { initialValue } = precisionNetwork({ network: 'theta', n: 5, tMs: 20, seed: 1 })
  t.is(initialValue.y0.length, 10)
  t.throws(() => precisionNetwork({ network: 'lif-feedforward', n: 5, tMs: 20, seed: 1 }), { message: /no benchmark network of kind "lif-feedforward" \(known: theta\)/ })
})

test('timeToStayWithin — from the loosest tolerance after which every tighter point is within the error', (t) => {
  // within at 1e-4 by luck, out again at 1e-5, within from 1e-6 on
  const erratic = [point('dopri5', 1e-3, 0.5, 100), point('dopri5', 1e-4, 0.01, 200), point('dopri5', 1e-5, 0.06, 400), point('dopri5', 1e-6, 0.006, 800)]
  t.is(timeToAccuracy(erratic, 0.02)!.gradientMs > 100 && timeToAccuracy(erratic, 0.02)!.gradientMs < 200, true)
  const stay = timeToStayWithin(erratic, 0.02)!
  t.true(stay.gradientMs > 400 && stay.gradientMs < 800, `${stay.gradientMs}`)
  t.is(timeToStayWithin(erratic, 0.001), undefined)
  t.is(timeToStayWithin(erratic, 1)!.gradientMs, 100)
  t.deepEqual(
    fastestTo([...erratic, point('bs3', 1e-4, 0.019, 300), point('bs3', 1e-5, 0.004, 500)], 0.02, true).map((r) => r.solver),
    ['bs3', 'dopri5'],
  )
})
