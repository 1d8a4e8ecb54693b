import { isLeft, left, right, type Either } from 'fp-ts/lib/Either.js'
import { adjointGradient } from './adjointGradient.js'
import type { InitialValue, Problem } from './problem.js'
import type { SolveError } from './solveError.js'
import { solveForward } from './solveForward.js'
import type { SolveOptions } from './solveOptions.js'

export interface FiniteDifferenceOptions {
  /** Step relative to max(1, |θ_i|) (default 1e-4). */
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

export interface BlockCheck {
  /** max_i |adjoint_i − fd_i| / max_i |fd_i| over the checked entries of the block. */
  readonly maxRelativeError: number
  readonly maxAbsoluteError: number
  /** Index (within the block) of the largest absolute difference. */
  readonly worstIndex: number
  readonly checked: number
}

export interface GradientCheckReport {
  readonly loss: number
  /** The largest block error. */
  readonly maxRelativeError: number
  readonly blocks: Readonly<Record<string, BlockCheck>>
  readonly adjoint: Float64Array
  readonly finiteDifference: Float64Array
}

export interface CheckGradientOptions extends FiniteDifferenceOptions {
  /** Options of the adjoint solve (default: the same as the finite-difference solves). */
  readonly adjoint?: SolveOptions
  /** Check at most this many entries per block, spread evenly (default: all). */
  readonly perBlock?: number
}

/**
 * Compares the adjoint gradient with finite differences, block by block (the problem's
 * `parameterBlocks`, or one block 'theta'). The error of a block is normwise:
 * max|adjoint − fd| / max|fd|, which stays meaningful when some entries are near zero.
 */
export function checkGradient(
  problem: Problem,
  iv: InitialValue,
  options: CheckGradientOptions = {},
): Either<SolveError, GradientCheckReport> {
  const solve = options.solve ?? oracleSolveOptions(iv)
  const adj = adjointGradient(problem, iv, options.adjoint ?? solve)
  if (isLeft(adj)) return adj
  const blocks = problem.parameterBlocks ?? [{ name: 'theta', offset: 0, length: problem.parameterCount }]
  const indices: number[] = []
  for (const b of blocks) {
    const k = Math.min(b.length, options.perBlock ?? b.length)
    for (let j = 0; j < k; j++) indices.push(b.offset + (k === b.length ? j : Math.floor((j * b.length) / k)))
  }
  const fd = finiteDifferenceGradient(problem, iv, { ...options, solve, indices: options.indices ?? indices })
  if (isLeft(fd)) return left(fd.left)
  return right(compareWithFiniteDifferences(problem, adj.right.loss, adj.right.gradient, fd.right))
}

/**
 * The block-by-block comparison of `checkGradient` for an adjoint gradient and finite
 * differences already at hand (NaN entries of `fd` are not checked) — e.g. one set of finite
 * differences against the adjoints of several solvers.
 */
export function compareWithFiniteDifferences(problem: Problem, loss: number, adjoint: Float64Array, fd: Float64Array): GradientCheckReport {
  const blocks = problem.parameterBlocks ?? [{ name: 'theta', offset: 0, length: problem.parameterCount }]
  const g = adjoint
  const report: Record<string, BlockCheck> = {}
  let worst = 0
  for (const b of blocks) {
    let maxAbs = 0
    let scale = 0
    let worstIndex = -1
    let checked = 0
    for (let j = 0; j < b.length; j++) {
      const f = fd[b.offset + j]
      if (Number.isNaN(f)) continue
      checked++
      scale = Math.max(scale, Math.abs(f))
      const d = Math.abs(g[b.offset + j] - f)
      if (d > maxAbs || worstIndex < 0) {
        maxAbs = Math.max(maxAbs, d)
        worstIndex = j
      }
    }
    const relErr = checked === 0 ? 0 : scale > 0 ? maxAbs / scale : maxAbs
    report[b.name] = { maxRelativeError: relErr, maxAbsoluteError: maxAbs, worstIndex, checked }
    worst = Math.max(worst, relErr)
  }
  return { loss, maxRelativeError: worst, blocks: report, adjoint: g, finiteDifference: fd }
}
