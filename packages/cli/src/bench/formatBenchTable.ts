import type { AccuracyResult, BatchResult, BenchCaseResult, SparseResult } from './benchTypes.js'

// -------------------------------------------------------------------------------------
// model
// -------------------------------------------------------------------------------------

interface Column<R> {
  readonly title: string
  readonly width: number
  readonly value: (row: R) => string
}

// -------------------------------------------------------------------------------------
// constructors
// -------------------------------------------------------------------------------------

const caseColumns: readonly Column<BenchCaseResult>[] = [
  { title: 'N', width: 4, value: (r) => String(r.n) },
  { title: 'T ms', width: 6, value: (r) => String(r.tMs) },
  { title: 'forward ms', width: 11, value: (r) => fixed(r.forwardMs) },
  { title: 'gradient ms', width: 12, value: (r) => fixed(r.gradientMs) },
  { title: 'ratio', width: 6, value: (r) => r.ratio.toFixed(1) },
  { title: 'RHS fwd', width: 9, value: (r) => String(r.rhsEvals) },
  { title: 'RHS grad', width: 9, value: (r) => String(r.gradientRhsEvals) },
  { title: 'VJP y', width: 9, value: (r) => String(r.vjpStateEvals) },
  { title: 'VJP θ', width: 8, value: (r) => String(r.vjpParamsEvals) },
  { title: 'steps fwd', width: 13, value: (r) => `${r.acceptedSteps}/${r.rejectedSteps}` },
  { title: 'steps bwd', width: 13, value: (r) => `${r.backwardAcceptedSteps}/${r.backwardRejectedSteps}` },
  { title: 'spikes', width: 7, value: (r) => String(r.spikes) },
  { title: 'Hz', width: 5, value: (r) => r.rateHz.toFixed(0) },
  { title: 'max|g|', width: 8, value: (r) => r.maxAbsGradient.toExponential(1) },
  { title: 'RSS MB', width: 7, value: (r) => r.peakRssMb.toFixed(0) },
  { title: 'heap MB', width: 8, value: (r) => r.peakHeapMb.toFixed(0) },
  { title: 'traj MB', width: 8, value: (r) => r.trajectoryMb.toFixed(1) },
  { title: 'kernel', width: 7, value: (r) => `${(100 * r.kernelEfficiency).toFixed(0)}%` },
]

const accuracyColumns: readonly Column<AccuracyResult>[] = [
  { title: 'rtol', width: 6, value: (r) => r.rtol.toExponential(0) },
  { title: 'gradient error', width: 15, value: (r) => r.gradientRelativeError.toExponential(1) },
  { title: 'loss error', width: 11, value: (r) => r.lossRelativeError.toExponential(1) },
  { title: 'gradient ms', width: 12, value: (r) => fixed(r.gradientMs) },
  { title: 'RHS grad', width: 9, value: (r) => String(r.gradientRhsEvals) },
  { title: 'VJP y', width: 9, value: (r) => String(r.vjpStateEvals) },
]

/** The header of the case table (titles right-aligned over their columns). */
export const caseTableHeader = (): string => header(caseColumns)

/** One row of the case table, aligned with {@link caseTableHeader}. */
export const caseTableRow = (r: BenchCaseResult): string => row(caseColumns, r)

/**
 * The accuracy table: one row per tolerance, under a line that names the case and the reference.
 * Errors are normwise, max_i |g_i − g_ref,i| / max_i |g_ref,i|, and |L − L_ref| / |L_ref|.
 */
export function accuracyTable(rows: readonly AccuracyResult[]): string {
  if (rows.length === 0) return ''
  const { n, tMs, referenceRtol } = rows[0]!
  const title =
    `gradient accuracy — N=${n}, T=${tMs} ms, against the gradient at rtol ${referenceRtol.toExponential(0)} ` +
    '(error: max|g − g_ref| / max|g_ref|; loss: |L − L_ref| / |L_ref|)'
  return [title, header(accuracyColumns), ...rows.map((r) => row(accuracyColumns, r))].join('\n')
}

/** The batch speed-up as two lines: what was run, and the times and speed-up. */
export function batchSummary(r: BatchResult): string {
  return [
    `batch gradient — ${r.trials} trials of N=${r.n}, T=${r.tMs} ms (auto-encoding), core's gradient pool, median of ${r.repeats}:`,
    `  1 worker (in-process) ${fixed(r.oneWorkerMs)} ms, 2 worker threads ${fixed(r.twoWorkersMs)} ms: ` +
      `speed-up ${r.speedup.toFixed(2)}× on ${r.cores} cores (load average ${r.loadAverage.toFixed(1)}); ` +
      `summed gradients ${r.identical ? 'identical' : 'NOT identical'} bit for bit`,
  ].join('\n')
}

/** The sparse benchmark's result as a few lines. */
export function sparseSummary(r: SparseResult): string {
  const pct = ((100 * r.sparseEntries) / r.denseEntries).toFixed(1)
  return [
    `sparse recurrence — N=${r.n}, T=${r.tMs} ms, ${r.sparseEntries} of ${r.denseEntries} recurrent weights (${pct} %, drawn at p = ${r.probability}, ` +
      `W_jk ~ N(0, 1/(pN))) against its dense twin (the same values, zeros stored), solver ${r.solver}, median of ${r.repeats}:`,
    `  forward   sparse ${fixed(r.sparseForwardMs)} ms, dense ${fixed(r.denseForwardMs)} ms: sparse ${r.forwardSpeedup.toFixed(2)}× faster ` +
      `(${r.forwardSteps.sparse} and ${r.forwardSteps.dense} steps)`,
    `  gradient  sparse ${fixed(r.sparseGradientMs)} ms, dense ${fixed(r.denseGradientMs)} ms: sparse ${r.gradientSpeedup.toFixed(2)}× faster`,
    `  the twins agree: loss to ${r.lossRelativeDifference.toExponential(1)}, gradient on the sparse entries to ${r.gradientRelativeDifference.toExponential(1)} ` +
      `(relative; load average ${r.loadAverage.toFixed(1)})`,
  ].join('\n')
}

// -------------------------------------------------------------------------------------
// utils
// -------------------------------------------------------------------------------------

function header<R>(columns: readonly Column<R>[]): string {
  return columns.map((c) => c.title.padStart(c.width)).join(' ')
}

function row<R>(columns: readonly Column<R>[], r: R): string {
  return columns.map((c) => c.value(r).padStart(c.width)).join(' ')
}

function fixed(ms: number): string {
  return ms >= 100 ? ms.toFixed(0) : ms.toFixed(1)
}
