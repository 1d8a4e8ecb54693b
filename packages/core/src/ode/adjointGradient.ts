import { left, right, type Either } from 'fp-ts/lib/Either.js'
import { adjointOf } from './adjointMethod.js'
import type { GradientSolution } from './gradientSolution.js'
import type { InitialValue, Problem } from './problem.js'
import { invalidProblem, problemThrew, type SolveError } from './solveError.js'
import { resolveSolveOptions, type SolveOptions } from './solveOptions.js'
import { validateProblem } from './validateProblem.js'

export type { BackwardStats, GradientSolution, GradientStats } from './gradientSolution.js'

/**
 * The exact gradient of L = ∫ l dt + Φ (+ Ψ, a cost on the event times) with respect to θ and
 * y0 by the continuous adjoint method (DESIGN §2): integrate λ' = −(∂F/∂y)ᵀλ − ∂l/∂y backward
 * from λ(t1) = ∂Φ/∂y + ∂Ψ/∂y, with the jump condition at every event (carrying ∂Ψ/∂t_k), and dL/dθ = ∫ (∂F/∂θ)ᵀλ + ∂l/∂θ dt by Gauss–Legendre
 * quadrature on each backward step. y(t) comes from checkpoints and recomputation
 * (`adjoint: checkpointed`, the default) or from the stored forward pass (`storeAll`); another
 * method (`finiteDifferences()`, one of your own) replaces all of it (`SolveOptions.adjoint`).
 * Never throws.
 */
export function adjointGradient(
  problem: Problem,
  iv: InitialValue,
  options: SolveOptions = {},
): Either<SolveError, GradientSolution> {
  const bad = validateProblem(problem, iv)
  if (bad !== undefined) return left(bad)
  const opts = resolveSolveOptions(options, iv.t1 - iv.t0, problem.dimension)
  if ('field' in opts) return left(invalidProblem(`options.${opts.field}`, opts.problem))
  // resolveSolveOptions checked its shape; a value that only looks like one may still throw
  const method = adjointOf(opts.adjoint)!
  let result: GradientSolution | SolveError
  try {
    result = method.gradient(problem, iv, options, opts)
  } catch (e) {
    return left(problemThrew(`adjoint method '${method.name}'`, iv.t0, e))
  }
  // a method of your own may return anything: a solution of the problem's shape, or a SolveError
  if (typeof result !== 'object' || result === null) return left(problemThrew(`adjoint method '${method.name}'`, iv.t0, new Error(`it returned ${String(result)}, not a solution or a SolveError`)))
  if (!('gradient' in result)) return typeof result.message === 'string' ? left(result) : left(problemThrew(`adjoint method '${method.name}'`, iv.t0, new Error('it returned neither a solution nor a SolveError')))
  if (!(result.gradient instanceof Float64Array) || result.gradient.length !== problem.parameterCount) {
    return left(problemThrew(`adjoint method '${method.name}'`, iv.t0, new Error(`its gradient has ${result.gradient instanceof Float64Array ? result.gradient.length : 'no'} entries, the problem ${problem.parameterCount}`)))
  }
  return right(result)
}

