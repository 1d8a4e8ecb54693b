import type { Either } from 'fp-ts/lib/Either.js'
import type { BlockProblem } from './blocks/blockProblem.js'
import type { GradientSolution } from './gradientSolution.js'
import type { InitialValue, Problem } from './problem.js'
import type { SolveError } from './solveError.js'
import { adjointNames, isAdjointLike, type AdjointName } from './adjointNames.js'
import { restartSteps } from './restartSteps.js'
import { solverNames, type SolverName } from './integrator.js'
import { solverOf, type Solver } from './solver.js'
import { describeOption, isStructureLike, structureNames, type StructureName } from './structureNames.js'

/**
 * How a solve is run. Every field has a default; `resolveSolveOptions` fills them in and
 * validates user values (the returned error names the field).
 */
export interface SolveOptions {
  /**
   * The integrator of the forward and the backward pass, a `Solver` value or a built-in one's
   * name (default `defaultSolverFor(rtol)`: bs3 at rtol ≥ 1e-6, odex below):
   * - `bs3` ('bs3'): Bogacki–Shampine 3(2), FSAL, cubic Hermite dense output;
   * - `dopri5` ('dopri5'): Dormand–Prince 5(4), FSAL, order-4 dense output;
   * - `tsit5` ('tsit5'): Tsitouras 5(4), FSAL, order-4 dense output;
   * - `odex` ('odex'): odex's Gragg–Bulirsch–Stoer extrapolation (high, adaptive order);
   * - any embedded Runge–Kutta pair of your own: `rungeKuttaSolver(pair)` (in this thread only:
   *   worker threads, queues and files carry a solver by its name).
   * The native pairs share a PI step-size controller. The README's work–precision measurements
   * say which is fastest for a given gradient accuracy.
   */
  readonly solver?: SolverName | Solver
  /** Relative tolerance of the forward integration (default 1e-8). */
  readonly rtol?: number
  /** Absolute tolerance, scalar or per component (default 1e-10). */
  readonly atol?: number | readonly number[]
  /** Tolerances of the backward (adjoint) integration (default: the forward ones). */
  readonly adjointRtol?: number
  readonly adjointAtol?: number
  /** Budget of integrator steps over the whole solve, forward or backward (default 100000). */
  readonly maxSteps?: number
  /** First trial step (default: odex 1e-3 of the time span; the native pairs estimate it, Hairer's way). */
  readonly initialStep?: number
  /** Largest step allowed (default: none). */
  readonly maxStep?: number
  /**
   * How the gradient is made from the forward solve, an `Adjoint` value or a built-in one's name
   * (adjointMethod.ts):
   * - `checkpointed` ('checkpoint', the default): the continuous adjoint; only the state at
   *   checkpoints (every `checkpointSteps` accepted steps) is kept beyond `trajectoryBudgetMb`,
   *   and each segment is recomputed when the backward pass reaches it; memory is
   *   O(checkpoints × n + checkpointSteps × nodes × n), independent of the trial length;
   * - `storeAll` ('all'): the continuous adjoint with every step kept (no recomputation, more
   *   memory). The forward integration restarts at checkpoints in both, so both give the same
   *   gradient to rounding;
   * - `finiteDifferences({ relativeStep, stencil })` ('finite-differences'): differences of the
   *   loss of forward solves, 2 per entry of θ and y0 — a reference, not a training method;
   * - a method of your own: `{ name, gradient(problem, iv, options, resolved) }` (in this thread
   *   only: worker threads, queues and files carry an adjoint by its name).
   * The structures that split a network (by blocks, closed form) compute the continuous adjoint
   * themselves; asked for another method, they solve the network whole (and say so when it
   * cannot be: a network with delays).
   */
  readonly adjoint?: AdjointName | Adjoint
  /** The former spelling of `adjoint: 'checkpoint' | 'all'` (files written before `adjoint` say it so); `adjoint` wins when both are given. */
  readonly memory?: 'checkpoint' | 'all'
  /**
   * Accepted steps between checkpoints (default: the multiple of 200 steps that a quarter of
   * `trajectoryBudgetMb` holds, at (4 + samples)·n·8 bytes a step, at least 200 — 800 for
   * n = 160 with 'bs3'). The backward pass recomputes the segments whose recordings the forward
   * pass did not keep (see `trajectoryBudgetMb`).
   * The integrator restarts at checkpoints and every 200 steps within a segment, so multiples
   * of 200 all integrate alike.
   */
  readonly checkpointSteps?: number
  /**
   * Trajectory the gradient keeps in checkpoint mode, MiB (default 64): the forward pass keeps
   * the recordings of its latest segments up to this size, and the backward pass recomputes only
   * the segments before them (a trial whose whole trajectory fits is not recomputed at all);
   * 0 keeps only the segment that reaches the end. The default checkpoint spacing is a quarter
   * of it. A structured solve (by blocks), which keeps its whole recording, is held to it too:
   * beyond it the trial is solved whole. Ignored with `adjoint: 'all'`.
   */
  readonly trajectoryBudgetMb?: number
  /**
   * Most dense-output samples kept per step for the backward pass, besides the free Hermite
   * ends. A whole step takes min(denseNodes, what determines its dense output), which
   * reproduces the dense output on it to rounding; a step cut short at an event takes
   * denseNodes. odex: default from the tolerance, 2k − 2 for its starting extrapolation column
   * k = ⌊1.5 − 0.6 log10 rtol⌋ (4 at rtol 1e-4, 8 at 1e-6, 12 at 1e-10); a step accepted at
   * column k needs 2k − 2 (most steps: 4), and 16 reproduces any odex dense output exactly.
   * The native pairs: default 3 ('bs3': 2); a whole step needs 1 ('dopri5', 'tsit5') or none
   * ('bs3', whose dense output is the cubic Hermite of the ends). Fewer samples cost accuracy
   * of the gradient, not of the loss.
   */
  readonly denseNodes?: number
  /**
   * Gauss–Legendre nodes per backward step for the parameter quadrature (default: odex k + 1,
   * 3 to 8; 'dopri5' and 'tsit5' 3; 'bs3' 2).
   */
  readonly quadratureNodes?: number
  /** Event times are located to this relative accuracy (default 1e-12). */
  readonly eventTolerance?: number
  /**
   * How a problem with structure is solved (a network: `networkGradient`), a `Structure` value or
   * a built-in one's name:
   * - `monolithic` ('monolithic', the default): as one ODE with one step size for everything;
   * - `byBlocks` ('blocks'): by its structure (DESIGN §8) — a network whose population graph has
   *   no cycle as one block per population and one component per neuron, each on its own steps;
   *   a network with a cycle (recurrence) is solved whole. The blocks run a Runge–Kutta pair (bs3
   *   where the solver would be odex); with bs3 the components of a block are integrated side by
   *   side;
   * - `closedForm` ('closed-form'): without ODE steps where the problem has a closed form (a
   *   network of LIF populations that read spike inputs, with a readout: docs/closed-form.md),
   *   else whole (by blocks with delays). Its quadrature follows `rtol`; the other options do not
   *   apply to it.
   */
  readonly structure?: StructureName | Structure
}

/** The options with every default filled in — but `structure`, which the caller that poses the problem reads (`structureOf`). */
export type ResolvedSolveOptions = Required<Omit<SolveOptions, 'atol' | 'initialStep' | 'maxStep' | 'solver' | 'structure'>> & {
  readonly solver: Solver
  /** The adjoint method, by name or value (`adjointOf` gives the value). */
  readonly adjoint: AdjointName | Adjoint
  readonly atol: number | readonly number[]
  /** 0: the integrator chooses the first step. */
  readonly initialStep: number
  readonly maxStep: number
}

/** The solver when the options name none, at the tolerances training uses (rtol ≥ 1e-6; see `defaultSolverFor`). */
export const defaultSolver: SolverName = 'bs3'

/**
 * The solver when the options name none: bs3 at rtol ≥ 1e-6 — the fastest to a gradient within
 * a few per cent in the work–precision benchmark — and odex, whose order rises with the
 * tolerance, below it (a third-order pair needs ~10× the steps per decade there).
 */
export const defaultSolverFor = (rtol: number): SolverName => (rtol >= 1e-6 ? defaultSolver : 'odex')

/** Fills in defaults for a span of length `span`; returns the name and complaint of a bad field. */
export function resolveSolveOptions(
  options: SolveOptions,
  span: number,
  dimension: number,
): ResolvedSolveOptions | { readonly field: string; readonly problem: string } {
  const positive = (field: string, v: number | undefined): { field: string; problem: string } | undefined =>
    v !== undefined && !(Number.isFinite(v) && v > 0) ? { field, problem: `must be a positive number, got ${v}` } : undefined
  const integer = (field: string, v: number | undefined, min: number): { field: string; problem: string } | undefined =>
    v !== undefined && !(Number.isInteger(v) && v >= min) ? { field, problem: `must be an integer ≥ ${min}, got ${v}` } : undefined
  const bad =
    positive('rtol', options.rtol) ??
    positive('adjointRtol', options.adjointRtol) ??
    positive('adjointAtol', options.adjointAtol) ??
    positive('initialStep', options.initialStep) ??
    positive('maxStep', options.maxStep) ??
    positive('eventTolerance', options.eventTolerance) ??
    integer('maxSteps', options.maxSteps, 1) ??
    integer('checkpointSteps', options.checkpointSteps, 1) ??
    integer('denseNodes', options.denseNodes, 0) ??
    integer('quadratureNodes', options.quadratureNodes, 1) ??
    (options.trajectoryBudgetMb !== undefined && !(Number.isFinite(options.trajectoryBudgetMb) && options.trajectoryBudgetMb >= 0)
      ? { field: 'trajectoryBudgetMb', problem: `must be a number ≥ 0, got ${options.trajectoryBudgetMb}` }
      : undefined)
  if (bad !== undefined) return bad
  const atol = options.atol ?? 1e-10
  if (typeof atol === 'number') {
    const b = positive('atol', atol)
    if (b !== undefined) return b
  } else if (atol.length !== dimension || !atol.every((a) => Number.isFinite(a) && a > 0)) {
    return { field: 'atol', problem: `must be a positive number or ${dimension} positive numbers` }
  }
  if (options.memory !== undefined && options.memory !== 'checkpoint' && options.memory !== 'all') {
    return { field: 'memory', problem: `must be 'checkpoint' or 'all', got ${String(options.memory)}` }
  }
  if (options.adjoint != null && !isAdjointLike(options.adjoint)) {
    return { field: 'adjoint', problem: `must be an Adjoint (checkpointed, storeAll, finiteDifferences()) or one of ${adjointNames.map((n) => `'${n}'`).join(', ')}, got ${describeOption(options.adjoint)}` }
  }
  // a structure is chosen by whoever poses the problem both ways (`networkGradient`); checked
  // here too, so that every solve refuses a bad one
  if (options.structure != null && !isStructureLike(options.structure)) {
    return { field: 'structure', problem: `must be a Structure (monolithic, byBlocks, closedForm) or one of ${structureNames.map((n) => `'${n}'`).join(', ')}, got ${describeOption(options.structure)}` }
  }
  const rtol = options.rtol ?? 1e-8
  const solver = solverOf(options.solver ?? defaultSolverFor(rtol))
  if (solver === undefined) {
    return { field: 'solver', problem: `must be a Solver (e.g. dopri5, or rungeKuttaSolver(pair)) or one of ${solverNames.map((s) => `'${s}'`).join(', ')}, got ${describeOption(options.solver)}` }
  }
  const defaults = solver.defaults(rtol, span)
  const denseNodes = options.denseNodes ?? defaults.denseNodes
  const perStep = 4 + defaults.samplesPerStep(denseNodes)
  const trajectoryBudgetMb = options.trajectoryBudgetMb ?? defaultTrajectoryBudgetMb
  const adjoint = options.adjoint ?? options.memory ?? 'checkpoint'
  const budgetBytes = Math.max(trajectoryBudgetMb, 1) * 2 ** 20
  return {
    solver,
    rtol,
    atol,
    adjointRtol: options.adjointRtol ?? rtol,
    adjointAtol: options.adjointAtol ?? (typeof atol === 'number' ? atol : Math.min(...atol)),
    maxSteps: options.maxSteps ?? 100000,
    initialStep: options.initialStep ?? defaults.initialStep,
    maxStep: options.maxStep ?? 0,
    adjoint,
    memory: adjoint === 'all' || (typeof adjoint === 'object' && adjoint.continuous?.keepAll === true) ? 'all' : 'checkpoint',
    checkpointSteps:
      options.checkpointSteps ?? restartSteps * Math.max(1, Math.floor(budgetBytes / (4 * restartSteps * perStep * dimension * 8))),
    trajectoryBudgetMb,
    denseNodes,
    quadratureNodes: options.quadratureNodes ?? defaults.quadratureNodes,
    eventTolerance: options.eventTolerance ?? 1e-12,
  }
}

/** The default of `SolveOptions.trajectoryBudgetMb`. */
const defaultTrajectoryBudgetMb = 64

// -------------------------------------------------------------------------------------
// strategies: what `adjoint` and `structure` take (the values are in adjointMethod.ts and
// structure.ts; the contracts are here, beside the options that hold them, so that no part of
// the solver has to import the solves to name them)
// -------------------------------------------------------------------------------------

/** An adjoint method: L, dL/dθ and dL/dy0 of a problem (validated) from its solve options, given and resolved. */
export interface Adjoint {
  readonly name: string
  /**
   * Present for the continuous adjoint (`checkpointed`, `storeAll`, or a method that wraps one):
   * the structures that split a problem compute that adjoint themselves, keeping every step when
   * `keepAll`, else within `trajectoryBudgetMb`. A method without it is given the whole problem.
   */
  readonly continuous?: { readonly keepAll: boolean }
  gradient(problem: Problem, iv: InitialValue, options: SolveOptions, resolved: ResolvedSolveOptions): GradientSolution | SolveError
}

/**
 * A problem that can be posed whole — one ODE from y0 — or by its structure. Both are built
 * lazily, on demand of the strategy (a failure to build is a SolveError); `blocks` may decline
 * with the reason.
 */
export interface PosedProblem {
  whole(): Either<SolveError, { readonly problem: Problem; readonly y0: Float64Array }>
  blocks(): Either<SolveError, BlockProblem | { readonly reason: string }>
  /**
   * Optional: the problem's own closed-form solution, when it has one — its loss and gradient at
   * θ without integrating an ODE (rtol sets its quadrature) — or why it has none.
   */
  closedForm?(): Either<SolveError, ClosedFormSolver | { readonly reason: string }>
}

/** A problem's loss and gradient in closed form (`PosedProblem.closedForm`). */
export interface ClosedFormSolver {
  gradient(theta: Float64Array, options: { readonly rtol: number }): Either<SolveError, GradientSolution>
}

/** How a posed problem's loss and gradient are computed: what `SolveOptions.structure` takes. */
export interface Structure {
  /** Its name in reports and, for the built-in ones, in files. */
  readonly name: string
  /** L and dL/dθ on [t0, t1] at θ. Never throws. */
  gradient(posed: PosedProblem, iv: { readonly t0: number; readonly t1: number; readonly theta: Float64Array }, options: SolveOptions): Either<SolveError, GradientSolution>
}
