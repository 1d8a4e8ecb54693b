import type { PrecisionResult } from './benchTypes.js'

// -------------------------------------------------------------------------------------
// model
// -------------------------------------------------------------------------------------

/** What one solver needs to reach a gradient error on one case. */
interface TimeToAccuracy {
  readonly solver: string
  /** Gradient time at the error, ms, interpolated log–log between the measured points around it. */
  readonly gradientMs: number
  /** gradient / forward time there (interpolated the same way). */
  readonly ratio: number
  /** Kernel efficiency of the forward solve there. */
  readonly kernelEfficiency: number
}

// -------------------------------------------------------------------------------------
// utils
// -------------------------------------------------------------------------------------

/**
 * The time a solver's gradient needs for a relative error of `error` on one case: between the
 * loosest point within `error` and the point just looser than it (in the order of the sweep,
 * loose to tight), log-time interpolated linearly in log-error; the loosest point itself when
 * it is already within; undefined when no point is within.
 */
export function timeToAccuracy(points: readonly PrecisionResult[], error: number): TimeToAccuracy | undefined {
  const sorted = [...points].sort((a, b) => b.rtol - a.rtol)
  const k = sorted.findIndex((p) => p.gradientRelativeError <= error)
  if (k < 0) return undefined
  const within = sorted[k]!
  const solver = within.solver
  if (k === 0) return { solver, gradientMs: within.gradientMs, ratio: within.ratio, kernelEfficiency: within.kernelEfficiency }
  const outside = sorted[k - 1]!
  const x0 = Math.log(outside.gradientRelativeError)
  const x1 = Math.log(within.gradientRelativeError)
  const w = x0 === x1 ? 1 : (x0 - Math.log(error)) / (x0 - x1)
  const lerpLog = (a: number, b: number): number => Math.exp((1 - w) * Math.log(a) + w * Math.log(b))
  return {
    solver,
    gradientMs: lerpLog(outside.gradientMs, within.gradientMs),
    ratio: (1 - w) * outside.ratio + w * within.ratio,
    kernelEfficiency: (1 - w) * outside.kernelEfficiency + w * within.kernelEfficiency,
  }
}

/**
 * What a solver needs to stay within `error`: the loosest tolerance from which every tighter
 * point of the sweep is within it (an error that falls with the tolerance is what makes a
 * tolerance a promise), interpolated like {@link timeToAccuracy} against the point before it.
 * Undefined when the tightest point is not within.
 */
export function timeToStayWithin(points: readonly PrecisionResult[], error: number): TimeToAccuracy | undefined {
  const sorted = [...points].sort((a, b) => b.rtol - a.rtol)
  let k = sorted.length
  while (k > 0 && sorted[k - 1]!.gradientRelativeError <= error) k--
  if (k === sorted.length) return undefined
  return timeToAccuracy(sorted.slice(Math.max(0, k - 1)), error)
}

/**
 * Per solver of one case, its time to `error`, fastest first (solvers that never reach it left
 * out); with `stay`, the time from which it stays within (see {@link timeToStayWithin}).
 */
export function fastestTo(points: readonly PrecisionResult[], error: number, stay = false): TimeToAccuracy[] {
  const bySolver = new Map<string, PrecisionResult[]>()
  for (const p of points) bySolver.set(p.solver, [...(bySolver.get(p.solver) ?? []), p])
  return [...bySolver.values()]
    .map((ps) => (stay ? timeToStayWithin(ps, error) : timeToAccuracy(ps, error)))
    .filter((t): t is TimeToAccuracy => t !== undefined)
    .sort((a, b) => a.gradientMs - b.gradientMs)
}
