import { isLeft, left, right, type Either } from 'fp-ts/lib/Either.js'
import type { InitialValue, Problem } from './problem.js'
import type { SolveError } from './solveError.js'
import { solveForward } from './solveForward.js'
import type { SolveOptions } from './solveOptions.js'

/** How the finite-difference oracle differentiates the loss: step, stencil, which entries, and its solves. */
export interface FiniteDifferenceOptions {
  /** Step relative to max(1, |θ_i|) (default 1e-4 for `finiteDifferenceGradient`, 1e-3 for the estimate with its uncertainty). */
  readonly relativeStep?: number
  /** 'central' (2 solves per parameter, error O(h²)) or 'five-point' (4 solves, O(h⁴), default). */
  readonly stencil?: 'central' | 'five-point'
  /** Only these parameter indices (default: all). */
  readonly indices?: readonly number[]
  /**
   * Options of the forward solves. Default: odex at rtol 1e-13, atol 1e-15 and a largest step
   * of 1/1000 of the span — the oracle must be tight (and high order pays there), and a bounded
   * step makes the perturbed solves take nearly the same steps, which keeps step-size changes
   * out of the differences.
   */
  readonly solve?: SolveOptions
}

/**
 * dL/dθ_i by central differences of the loss of `solveForward` — the test oracle for the
 * adjoint. Entries not in `indices` are NaN.
 */
export function finiteDifferenceGradient(
  problem: Problem,
  iv: InitialValue,
  options: FiniteDifferenceOptions = {},
): Either<SolveError, Float64Array> {
  const rel = options.relativeStep ?? 1e-4
  const solve = options.solve ?? oracleSolveOptions(iv)
  const five = (options.stencil ?? 'five-point') === 'five-point'
  const P = problem.parameterCount
  const indices = options.indices ?? Array.from({ length: P }, (_, i) => i)
  const out = new Float64Array(P).fill(Number.NaN)
  const failed = entryDerivatives(iv.theta, indices, rel, five, (theta) => lossOf(solveForward(problem, { ...iv, theta }, solve)), out)
  return failed !== undefined ? left(failed) : right(out)
}

/**
 * out[i] = ∂L/∂x_i for each i of `indices`, by central (2 losses) or five-point (4) differences of
 * step rel·max(1, |x_i|) of `lossWith` at x with entry i moved; the first failure of a loss, else
 * undefined. x itself is left as it was.
 */
export function entryDerivatives(
  x: Float64Array,
  indices: Iterable<number>,
  rel: number,
  five: boolean,
  lossWith: (moved: Float64Array) => Either<SolveError, number>,
  out: Float64Array,
): SolveError | undefined {
  const moved = Float64Array.from(x)
  const lossAt = (i: number, value: number): Either<SolveError, number> => {
    moved[i] = value
    const r = lossWith(moved)
    moved[i] = x[i]
    return r
  }
  for (const i of indices) {
    const h = rel * Math.max(1, Math.abs(x[i]))
    const p1 = lossAt(i, x[i] + h)
    const m1 = lossAt(i, x[i] - h)
    if (isLeft(p1)) return p1.left
    if (isLeft(m1)) return m1.left
    if (!five) {
      out[i] = (p1.right - m1.right) / (2 * h)
      continue
    }
    const p2 = lossAt(i, x[i] + 2 * h)
    const m2 = lossAt(i, x[i] - 2 * h)
    if (isLeft(p2)) return p2.left
    if (isLeft(m2)) return m2.left
    out[i] = (8 * (p1.right - m1.right) - (p2.right - m2.right)) / (12 * h)
  }
  return undefined
}

/** The loss of a forward solve, or its failure. */
export const lossOf = (r: Either<SolveError, { readonly loss: number }>): Either<SolveError, number> => (isLeft(r) ? r : right(r.right.loss))

/** The default solve options of the finite-difference oracle (see `FiniteDifferenceOptions.solve`). */
export function oracleSolveOptions(iv: InitialValue): SolveOptions {
  return { solver: 'odex', rtol: 1e-13, atol: 1e-15, maxStep: (iv.t1 - iv.t0) / 1000 }
}
