/**
 * The integrator contract: one explicit, adaptive integration of dy/dt = f(t, y) between two
 * times, either direction, with a step observer that sees each accepted step and its dense
 * output. odex (behind `odexAdapter.ts`) and the native Runge–Kutta pairs (`rungeKutta.ts`)
 * implement it; nothing above this file knows which one runs.
 */

// -------------------------------------------------------------------------------------
// model
// -------------------------------------------------------------------------------------

/** The names of the built-in solvers (`solvers` in `solver.ts` maps each to its value), as files and `SolveOptions.solver` give them. */
export const solverNames = ['odex', 'dopri5', 'tsit5', 'bs3'] as const
/** The name of an integrator, one of `solverNames`: what `SolveOptions.solver` (and a model's `solver.solver`) takes. */
export type SolverName = (typeof solverNames)[number]

/** dy/dt = f(t, y), written into `out` (overwritten). `y` and `out` have the integrator's dimension. */
export type Rhs = (t: number, y: Float64Array, out: Float64Array) => void

/**
 * One accepted step [tOld, t] (tOld > t when integrating backward), valid only during the
 * observer's call: its arrays are the integrator's own buffers.
 */
export interface Step {
  readonly tOld: number
  readonly t: number
  /** State at tOld and at t. */
  readonly y0: Float64Array
  readonly y1: Float64Array
  /** f at (tOld, y0) and at (t, y1): the slopes of the dense output at its ends. */
  readonly f0: Float64Array
  readonly f1: Float64Array
  /** Writes the dense output at τ in the step into `out`, components 0 … out.length − 1. */
  denseInto(tau: number, out: Float64Array): void
  /** Component `c` of the dense output at τ. */
  component(c: number, tau: number): number
  /**
   * With x = (τ − tOld)/(t − tOld), the dense output is H(x) + x²(1 − x)² R(x), H the cubic
   * Hermite interpolant of y0, y1 and the slopes (t − tOld)·f0, (t − tOld)·f1; this many
   * samples of R determine it (deg R + 1; 0 when the dense output is H itself; +∞ when no
   * bound is known). A store that keeps the ends and this many samples reproduces the dense
   * output to rounding.
   */
  readonly interiorSamples: number
  /** Whether `denseInto` costs O(n) (a native continuous extension) rather than more (odex's lookup). */
  readonly cheapDense: boolean
}

/** Called after every accepted step. Return false to stop after it. */
export type StepObserver = (step: Step) => boolean

export interface IntegratorSettings {
  readonly rtol: number | readonly number[]
  readonly atol: number | readonly number[]
  /** Step budget (accepted + rejected) of this call. */
  readonly maxSteps: number
  /** First trial step; 0 to let the integrator choose it (Hairer's starting-step estimate). */
  readonly initialStep: number
  /** Upper bound on |step|; 0 for none. */
  readonly maxStep: number
  /** Whether the observer reads the dense output (odex builds it only then; the native pairs always have it). */
  readonly dense: boolean
  /**
   * Optional: the longest |step| from (t, y) with slope f beyond what error control asks (see
   * `Problem.stepBound`). The native pairs honour it; odex does not (a problem that declares a
   * bound is solved with a native pair where it matters).
   */
  readonly stepBound?: (t: number, y: Float64Array, f: Float64Array) => number
}

export type IntegrateOutcome = 'done' | 'stopped' | 'max-steps' | 'non-finite' | 'step-underflow' | 'threw'

export interface IntegrateResult {
  readonly outcome: IntegrateOutcome
  /** Time of the last accepted step end (t1 when done). */
  readonly t: number
  /** Size of the last accepted step (signed). */
  readonly lastStep: number
  /** A good first step for a restart from `t` (unsigned; the controller's proposal where there is one). */
  readonly nextStep: number
  readonly steps: number
  readonly accepted: number
  readonly rejected: number
  readonly rhsEvals: number
  /** State at `t` (for 'done' and 'stopped'); the integrator's buffer, valid until its next call. */
  readonly y: Float64Array
  /** For 'non-finite': the offending component and the time of the evaluation. */
  readonly badComponent?: number
  readonly badTime?: number
  /** For 'step-underflow': the step size that was too small. */
  readonly tinyStep?: number
  /** For 'threw': what was thrown. */
  readonly thrown?: unknown
}

/**
 * An integrator for one dimension n, reusable across calls (its buffers are allocated once).
 * `integrate` never throws: what f throws comes back as outcome 'threw'. `y0` is not modified.
 */
export interface Integrator {
  /** The name of its solver (`Solver.name`). */
  readonly name: string
  readonly dimension: number
  /** Whether `initialStep: 0` makes the integrator estimate a first step (restarts after a jump of the state use it). */
  readonly estimatesFirstStep: boolean
  integrate(f: Rhs, t0: number, y0: Float64Array, t1: number, settings: IntegratorSettings, onStep?: StepObserver): IntegrateResult
}
