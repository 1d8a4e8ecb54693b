/**
 * The one place that talks to odex (Hairer's GBS extrapolation code, non-stiff). Everything
 * else in spikegrad integrates through `integrate`, so another integrator could replace odex
 * by rewriting this file alone. odex types do not leak out of it.
 */
import { Outcome, Solver } from 'odex'

/** dy/dt written into `out` (plain arrays, as odex hands them). */
export type PlainRhs = (t: number, y: number[], out: number[]) => void

/** Evaluates component `c` of the dense output at time `t` within the current step. */
export type DenseOutput = (c: number, t: number) => number

/**
 * Called after every accepted step [tOld, t] (tOld > t when integrating backward) with the
 * state at its end. `dense` is valid only during the call. Return false to stop after it.
 *
 * `denseDegree` bounds the degree of the dense output's correction term on the step: with
 * x = (τ − tOld)/(t − tOld), odex's dense output is y(x) = H(x) + x²(1 − x)² R(x), H the
 * cubic Hermite of the end states and the end right-hand sides (those of the integrator's
 * last evaluations at tOld and t), and deg R = 2k − 3 ≤ denseDegree, k the extrapolation
 * column the step was accepted at; denseDegree + 1 samples of R determine it.
 */
export type StepObserver = (tOld: number, t: number, y: number[], dense: DenseOutput | undefined, denseDegree: number) => boolean

export interface IntegratorSettings {
  readonly rtol: number | readonly number[]
  readonly atol: number | readonly number[]
  /** Step budget (accepted + rejected) of this call. */
  readonly maxSteps: number
  /** First trial step; restarts should pass the last accepted step. */
  readonly initialStep: number
  /** Upper bound on |step|; 0 for none. */
  readonly maxStep: number
  /** Components for which dense output is needed; undefined or empty: none. */
  readonly denseComponents?: readonly number[] | 'all'
}

export type IntegrateOutcome = 'done' | 'stopped' | 'max-steps' | 'non-finite' | 'threw'

export interface IntegrateResult {
  readonly outcome: IntegrateOutcome
  /** Time of the last accepted step end (t1 when done). */
  readonly t: number
  /** Size of the last accepted step (signed), a good first step for a restart. */
  readonly lastStep: number
  readonly steps: number
  readonly accepted: number
  readonly rejected: number
  readonly rhsEvals: number
  /** State at `t` (for 'done' and 'stopped'). */
  readonly y: readonly number[]
  /** For 'non-finite': the offending component and the time of the evaluation. */
  readonly badComponent?: number
  readonly badTime?: number
  /** For 'threw': what was thrown. */
  readonly thrown?: unknown
}

class NonFinite {
  constructor(
    readonly t: number,
    readonly component: number,
  ) {}
}

/**
 * Integrates dy/dt = f(t, y) from t0 to t1 (either direction) with odex, calling `onStep`
 * after each accepted step. `y0` is not modified.
 */
export function integrate(
  f: PlainRhs,
  n: number,
  t0: number,
  y0: ArrayLike<number>,
  t1: number,
  settings: IntegratorSettings,
  onStep?: StepObserver,
): IntegrateResult {
  const solver = new Solver(n)
  solver.relativeTolerance = typeof settings.rtol === 'number' ? settings.rtol : [...settings.rtol]
  solver.absoluteTolerance = typeof settings.atol === 'number' ? settings.atol : [...settings.atol]
  solver.maxSteps = Math.max(1, Math.floor(settings.maxSteps))
  solver.initialStepSize = Math.abs(settings.initialStep) > 0 ? Math.abs(settings.initialStep) : 1e-4
  solver.maxStepSize = settings.maxStep > 0 ? settings.maxStep : 0
  const dc = settings.denseComponents
  const wantDense = dc === 'all' || (dc !== undefined && dc.length > 0)
  solver.denseOutput = wantDense
  solver.denseComponents = dc === 'all' || dc === undefined ? undefined : [...dc]

  const out = new Array<number>(n).fill(0)
  let rhsEvals = 0
  // times of the evaluations since the last accepted step, for the degree bound
  let evalTimes = new Float64Array(256)
  let evalsInStep = 0
  const g = (t: number, y: number[]): number[] => {
    if (evalsInStep === evalTimes.length) {
      const grown = new Float64Array(2 * evalTimes.length)
      grown.set(evalTimes)
      evalTimes = grown
    }
    evalTimes[evalsInStep++] = t
    f(t, y, out)
    rhsEvals++
    for (let i = 0; i < n; i++) {
      if (!Number.isFinite(out[i])) throw new NonFinite(t, i)
    }
    return out
  }

  let tLast = t0
  let lastStep = 0
  let stopped = false
  const solOut =
    onStep === undefined && !wantDense
      ? undefined
      : (_nr: number, tOld: number, t: number, y: number[], dense?: DenseOutput): boolean | void => {
          if (t === tOld) return true
          tLast = t
          lastStep = t - tOld
          const degree = denseDegreeBound(evalTimes, evalsInStep, t)
          evalsInStep = 0
          if (onStep !== undefined && onStep(tOld, t, y, dense, degree) === false) {
            stopped = true
            return false
          }
          return true
        }

  const start: number[] = Array.from(y0)
  const base = { t: tLast, lastStep, steps: 0, accepted: 0, rejected: 0, rhsEvals, y: start }
  let result: ReturnType<Solver['solve']>
  try {
    result = solver.solve(g, t0, start, t1, solOut)
  } catch (e) {
    if (e instanceof NonFinite) {
      return { ...base, t: tLast, lastStep, rhsEvals, outcome: 'non-finite', badComponent: e.component, badTime: e.t }
    }
    return { ...base, t: tLast, lastStep, rhsEvals, outcome: 'threw', thrown: e }
  }
  const counts = {
    steps: result.nStep,
    accepted: result.nAccept,
    rejected: result.nReject,
    rhsEvals,
    lastStep,
    y: result.y,
  }
  if (result.outcome === Outcome.MaxStepsExceeded) return { ...counts, t: tLast, outcome: 'max-steps' }
  if (stopped || result.outcome === Outcome.EarlyReturn) return { ...counts, t: tLast, outcome: 'stopped' }
  return { ...counts, t: t1, outcome: 'done' }
}

/**
 * Upper bound on 2k − 3, k the extrapolation column of the step just accepted (ending at t),
 * from the evaluations made since the previous one (`count` times in `times`). With dense
 * output odex uses the step numbers n_j = 4j − 2 (the GBS sequence 2, 6, 10, …): an attempt at
 * column k evaluates the right-hand side n_1 + … + n_k = 2k² times, k of them (the final
 * smoothing step of each row) at t itself, and once more at t for the derivative there (the
 * one at the start is the previous step's). Rejected attempts only add evaluations, so both
 * counts bound k from above. Should the counts ever not fit this scheme (k < 2), the bound
 * is +∞: no claim.
 */
function denseDegreeBound(times: Float64Array, count: number, t: number): number {
  let atEnd = 0
  for (let i = 0; i < count; i++) if (times[i] === t) atEnd++
  const k = Math.min(atEnd - 1, Math.floor(Math.sqrt((count - 1) / 2)))
  return k >= 2 ? 2 * k - 3 : Number.POSITIVE_INFINITY
}
