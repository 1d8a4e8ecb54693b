import { isLeft, right, type Either } from 'fp-ts/lib/Either.js'
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
  const theta = Float64Array.from(iv.theta)
  const lossAt = (i: number, value: number): Either<SolveError, number> => {
    const saved = theta[i]
    theta[i] = value
    const r = solveForward(problem, { ...iv, theta }, solve)
    theta[i] = saved
    return isLeft(r) ? r : right(r.right.loss)
  }
  for (const i of indices) {
    const h = rel * Math.max(1, Math.abs(iv.theta[i]))
    const x = iv.theta[i]
    const p1 = lossAt(i, x + h)
    const m1 = lossAt(i, x - h)
    if (isLeft(p1)) return p1
    if (isLeft(m1)) return m1
    if (!five) {
      out[i] = (p1.right - m1.right) / (2 * h)
      continue
    }
    const p2 = lossAt(i, x + 2 * h)
    const m2 = lossAt(i, x - 2 * h)
    if (isLeft(p2)) return p2
    if (isLeft(m2)) return m2
    out[i] = (8 * (p1.right - m1.right) - (p2.right - m2.right)) / (12 * h)
  }
  return right(out)
}

/** The default solve options of the finite-difference oracle (see `FiniteDifferenceOptions.solve`). */
export function oracleSolveOptions(iv: InitialValue): SolveOptions {
  return { solver: 'odex', rtol: 1e-13, atol: 1e-15, maxStep: (iv.t1 - iv.t0) / 1000 }
}
