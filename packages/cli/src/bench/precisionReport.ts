import type { TopLevelSpec } from 'vega-lite'
import { renderSvg } from '../plots/renderSvg.js'
import type { PrecisionResult, ReferenceResult } from './benchTypes.js'
import { fastestTo } from './precisionSummary.js'

/** The work–precision table of one case: one row per solver and tolerance. */
export function precisionTable(points: readonly PrecisionResult[], reference: ReferenceResult): string {
  if (points.length === 0) return ''
  const { network, n, tMs } = points[0]!
  const title =
    `work–precision — ${network} network N=${n}, T=${tMs} ms, ${points[0]!.mode} mode: error ‖g − g_ref‖/‖g_ref‖ against ` +
    `${reference.solver} at rtol ${reference.rtol.toExponential(0)} (which ${reference.checkSolver} there matches to ${reference.agreement.toExponential(1)})`
  const columns: readonly [string, number, (p: PrecisionResult) => string][] = [
    ['solver', 7, (p) => p.solver],
    ['rtol', 6, (p) => p.rtol.toExponential(0)],
    ['error', 8, (p) => p.gradientRelativeError.toExponential(1)],
    ['gradient ms', 12, (p) => fixed(p.gradientMs)],
    ['forward ms', 11, (p) => fixed(p.forwardMs)],
    ['ratio', 6, (p) => p.ratio.toFixed(2)],
    ['RHS fwd', 8, (p) => String(p.rhsEvals)],
    ['steps fwd', 12, (p) => `${p.acceptedSteps}/${p.rejectedSteps}`],
    ['steps bwd', 10, (p) => String(p.backwardAcceptedSteps)],
    ['recomp', 7, (p) => String(p.recomputedSteps)],
    ['VJP y', 7, (p) => String(p.vjpStateEvals)],
    ['VJP θ', 7, (p) => String(p.vjpParamsEvals)],
    ['kernel', 7, (p) => `${(100 * p.kernelEfficiency).toFixed(0)}%`],
  ]
  const line = (cells: readonly string[]): string => cells.map((c, i) => (i === 0 ? c.padEnd(columns[i]![1]) : c.padStart(columns[i]![1]))).join(' ')
  return [title, line(columns.map((c) => c[0])), ...points.map((p) => line(columns.map((c) => c[2](p))))].join('\n')
}

/**
 * For each gradient error, the solvers in order of the time they need for it (log–log
 * interpolated): first reaching it, and staying within it at every tighter tolerance.
 */
export function precisionSummary(points: readonly PrecisionResult[], errors: readonly number[]): string {
  if (points.length === 0) return ''
  const { n, tMs } = points[0]!
  return [false, true]
    .flatMap((stay) => errors.map((error) => ({ stay, error })))
    .map(({ stay, error }) => {
      const ranked = fastestTo(points, error, stay)
      const odex = ranked.find((r) => r.solver === 'odex')
      const cells = ranked.map(
        (r) =>
          `${r.solver} ${fixed(r.gradientMs)} ms (ratio ${r.ratio.toFixed(2)}${odex !== undefined && r !== odex ? `, ${(r.gradientMs / odex.gradientMs).toFixed(2)}× odex` : ''})`,
      )
      const what = stay ? 'stays within' : 'first within'
      return `  N=${n} T=${tMs} ms, ${what} ${(100 * error).toPrecision(2)} %: ${cells.length > 0 ? cells.join('; ') : 'no solver'}`
    })
    .join('\n')
}

/**
 * The work–precision diagram: the gradient's relative error against its time, log–log, one
 * line per solver (points from loose to tight tolerance), one panel per case.
 */
function precisionSpec(points: readonly PrecisionResult[]): TopLevelSpec {
  const rows = points.map((p) => ({
    case: `${p.network} N=${p.n}, T=${p.tMs} ms`,
    n: p.n,
    solver: p.solver,
    rtol: p.rtol,
    error: p.gradientRelativeError,
    ms: p.gradientMs,
  }))
  return {
    $schema: 'https://vega.github.io/schema/vega-lite/v6.json',
    title: 'work–precision of the adjoint gradient (each point a tolerance, loose to tight)',
    data: { values: rows },
    facet: { field: 'case', type: 'nominal', title: null, sort: { field: 'n', op: 'min' } },
    columns: 3,
    resolve: { scale: { x: 'independent', y: 'independent' } },
    spec: {
      width: 300,
      height: 240,
      mark: { type: 'line', point: true },
      encoding: {
        x: { field: 'ms', type: 'quantitative', scale: { type: 'log' }, title: 'gradient time, ms (log)' },
        y: { field: 'error', type: 'quantitative', scale: { type: 'log' }, title: '‖g − g_ref‖ / ‖g_ref‖ (log)' },
        color: { field: 'solver', type: 'nominal', title: 'solver' },
        order: { field: 'rtol', sort: 'descending' },
        tooltip: [{ field: 'solver' }, { field: 'rtol' }, { field: 'error' }, { field: 'ms' }],
      },
    },
  } as TopLevelSpec
}

/** The work–precision diagram as an SVG document. */
export function precisionPlot(points: readonly PrecisionResult[]): Promise<string> {
  return renderSvg(precisionSpec(points))
}

function fixed(ms: number): string {
  return ms >= 100 ? ms.toFixed(0) : ms.toFixed(1)
}
