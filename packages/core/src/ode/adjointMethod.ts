/**
 * How a gradient is made from a problem's forward solve — the adjoint method, as a value
 * (`SolveOptions.adjoint`): the continuous adjoint with checkpoints (`checkpointed`, the
 * default), the continuous adjoint with every step kept (`storeAll`), or central differences of
 * the loss (`finiteDifferences`). A method of your own is an object with a name and a `gradient`
 * function; files and other threads carry the built-in ones by name.
 */
import { isLeft } from 'fp-ts/lib/Either.js'
import type { AdjointName } from './adjointNames.js'
import { runAdjoint } from './runAdjoint.js'
import { entryDerivatives, finiteDifferenceGradient, lossOf } from './finiteDifferenceGradient.js'
import type { GradientSolution } from './gradientSolution.js'
import type { InitialValue, Problem } from './problem.js'
import { invalidProblem, type SolveError } from './solveError.js'
import { solveForward } from './solveForward.js'
import type { Adjoint, ResolvedSolveOptions, SolveOptions } from './solveOptions.js'

// -------------------------------------------------------------------------------------
// model
// -------------------------------------------------------------------------------------

export type { Adjoint } from './solveOptions.js'

// -------------------------------------------------------------------------------------
// constructors
// -------------------------------------------------------------------------------------

/**
 * The continuous adjoint (DESIGN §2), y(t) on the backward pass recomputed from checkpoints
 * every `checkpointSteps` accepted steps, but for the latest segments that fit in
 * `trajectoryBudgetMb` (a trial whose trajectory fits is not recomputed at all): memory bounded
 * whatever the trial's length. The default.
 */
export const checkpointed: Adjoint = {
  name: 'checkpoint',
  continuous: { keepAll: false },
  gradient: (problem, iv, _options, resolved) => runAdjoint(problem, iv, resolved, false),
}

/** The continuous adjoint with every forward step kept: no recomputation, memory growing with the trial. */
export const storeAll: Adjoint = {
  name: 'all',
  continuous: { keepAll: true },
  gradient: (problem, iv, _options, resolved) => runAdjoint(problem, iv, resolved, true),
}

/** How `finiteDifferences` differentiates (its defaults differ from the test oracle's `FiniteDifferenceOptions`: central here, five-point there). */
export interface FiniteDifferencesOptions {
  /** Step relative to max(1, |x|) (default 1e-4). */
  readonly relativeStep?: number
  /** 'central' (2 solves per entry, error O(h²), the default) or 'five-point' (4 solves, O(h⁴)). */
  readonly stencil?: 'central' | 'five-point'
}

/**
 * dL/dθ and dL/dy0 by differences of the loss of forward solves at the same options — 2 solves
 * per entry (central), no adjoint and no trajectory kept. A reference for a method of your own,
 * or for a problem whose vector–Jacobian products you do not trust; its error is about
 * rtol/step + step² of the loss, so give it a tight rtol. The name 'finite-differences' is this
 * method with its defaults.
 */
export function finiteDifferences(options: FiniteDifferencesOptions = {}): Adjoint {
  return options.relativeStep === undefined && options.stencil === undefined ? defaultFiniteDifferences : differences(options)
}

function differences(options: FiniteDifferencesOptions): Adjoint {
  const relativeStep = options.relativeStep ?? 1e-4
  const stencil = options.stencil ?? 'central'
  const named = options.relativeStep === undefined && options.stencil === undefined
  return {
    name: named ? 'finite-differences' : `finite-differences (relativeStep ${relativeStep}, ${stencil})`,
    gradient(problem, iv, given, resolved) {
      if (!(Number.isFinite(relativeStep) && relativeStep > 0)) return invalidProblem('options.adjoint.relativeStep', `must be a positive number, got ${relativeStep}`)
      if (stencil !== 'central' && stencil !== 'five-point') return invalidProblem('options.adjoint.stencil', `must be 'central' or 'five-point', got ${String(stencil)}`)
      const clock = performance.now()
      const { adjoint: _adjoint, memory: _memory, ...solve } = given
      const base = solveForward(problem, iv, solve)
      if (isLeft(base)) return base.left
      const fd = { relativeStep, stencil, solve }
      const gradient = finiteDifferenceGradient(problem, iv, fd)
      if (isLeft(gradient)) return gradient.left
      // dL/dy0: the same differences, with y0 moved instead of θ
      const initialStateGradient = new Float64Array(problem.dimension)
      const all = Array.from({ length: problem.dimension }, (_, i) => i)
      const failed = entryDerivatives(iv.y0, all, relativeStep, stencil === 'five-point', (y0) => lossOf(solveForward(problem, { ...iv, y0 }, solve)), initialStateGradient)
      if (failed !== undefined) return failed
      const solved = base.right
      return {
        loss: solved.loss,
        gradient: gradient.right,
        initialStateGradient,
        y1: Float64Array.from(solved.y1),
        events: solved.events,
        stats: {
          forward: { ...solved.stats, checkpoints: 0 },
          recompute: { rhsEvals: 0, steps: 0, accepted: 0, rejected: 0, events: 0 },
          backward: { vjpStateEvals: 0, vjpParamsEvals: 0, rhsEvals: 0, steps: 0, accepted: 0, rejected: 0 },
          peakTrajectoryBytes: 0,
          memory: 'none',
          timing: { forwardMs: performance.now() - clock, recomputeMs: 0, backwardMs: 0, quadratureMs: 0 },
        },
      }
    },
  }
}

const defaultFiniteDifferences = differences({})

/** The built-in adjoint methods by the names files give them. */
export const adjoints: Readonly<Record<AdjointName, Adjoint>> = {
  checkpoint: checkpointed,
  all: storeAll,
  'finite-differences': defaultFiniteDifferences,
}

// -------------------------------------------------------------------------------------
// utils
// -------------------------------------------------------------------------------------

/** The method a name or value stands for (undefined for neither). */
export function adjointOf(a: AdjointName | Adjoint | undefined | null): Adjoint | undefined {
  if (typeof a === 'string') return Object.hasOwn(adjoints, a) ? adjoints[a as AdjointName] : undefined
  return a != null && typeof a === 'object' && typeof a.gradient === 'function' && typeof a.name === 'string' ? a : undefined
}

/** The name of a built-in method (given by name or value); undefined for a method of your own. */
export function adjointName(a: AdjointName | Adjoint): AdjointName | undefined {
  if (typeof a === 'string') return Object.hasOwn(adjoints, a) ? a : undefined
  const entry = Object.entries(adjoints).find(([, v]) => v === a)
  return entry === undefined ? undefined : (entry[0] as AdjointName)
}
