import { isLeft, left, right, type Either } from 'fp-ts/lib/Either.js'
import { adjointGradient } from './adjointGradient.js'
import type { InitialValue, ParameterBlock, Problem } from './problem.js'
import type { SolveError } from './solveError.js'
import { solveForward } from './solveForward.js'
import type { SolveOptions } from './solveOptions.js'
import { finiteDifferenceGradient, oracleSolveOptions, type FiniteDifferenceOptions } from './finiteDifferenceGradient.js'

export { finiteDifferenceGradient, oracleSolveOptions, type FiniteDifferenceOptions } from './finiteDifferenceGradient.js'

/**
 * A loss that is not one problem's forward solve — a problem solved by its structure — as the
 * oracle differentiates it: θ ↦ L(θ) (its own solve options inside), and θ's layout. A check of
 * one needs the gradient to check (`CheckGradientOptions.gradient`).
 */
export interface LossFunction {
  readonly parameterCount: number
  readonly parameterBlocks?: readonly ParameterBlock[]
  loss(theta: Float64Array): Either<SolveError, number>
}

const isProblem = (p: Problem | LossFunction): p is Problem => 'rhs' in p

/** How the adjoint gradient compares with finite differences on one parameter block (see `checkGradient`). */
export interface BlockCheck {
  /**
   * max_i |adjoint_i − fd_i| / scale over the entries the oracle resolves (see `unresolved`):
   * the adjoint's error, as far as finite differences can tell. The scale is the block's
   * largest entry: of the finite differences checked, or of the adjoint over the whole block.
   */
  readonly maxRelativeError: number
  /** max_i |adjoint_i − fd_i| over the resolved entries, unscaled. */
  readonly maxAbsoluteError: number
  /** Index (within the block) of the largest resolved difference (−1 when none is resolved). */
  readonly worstIndex: number
  /** Entries compared (those with a finite-difference estimate). */
  readonly checked: number
  /** The oracle's own uncertainty: max_i u_i / scale (u_i: the spread between its step sizes). */
  readonly uncertainty: number
  /** Entries where the adjoint and the finite differences disagree beyond the tolerance and the oracle's uncertainty. */
  readonly disagreements: number
  /**
   * Entries where they differ by more than the tolerance but no more than the oracle's own
   * uncertainty: finite differences are unreliable there, and they say nothing of the adjoint.
   */
  readonly unresolved: readonly number[]
}

/**
 * The result of `checkGradient` (or `compareWithFiniteDifferences`): whether the adjoint
 * agrees with finite differences, block by block, with both gradients for inspection.
 */
export interface GradientCheckReport {
  /** L at θ, as the adjoint solve gave it. */
  readonly loss: number
  /** The largest block error (resolved entries). */
  readonly maxRelativeError: number
  /** The tolerance the entries were judged by, relative to each block's scale (the larger of its largest finite difference and its largest adjoint entry). */
  readonly tolerance: number
  /** True when no entry of any block disagrees beyond the tolerance and the oracle's uncertainty. */
  readonly ok: boolean
  /** The comparison of each trainable block, by block name ('theta' for a problem without blocks). */
  readonly blocks: Readonly<Record<string, BlockCheck>>
  /** The adjoint gradient dL/dθ (all entries). */
  readonly adjoint: Float64Array
  /** The oracle's estimates (NaN for entries not checked). */
  readonly finiteDifference: Float64Array
  /** Their uncertainties (NaN for entries not checked). */
  readonly finiteDifferenceUncertainty: Float64Array
}

/**
 * How `checkGradient` compares: the oracle's options (its stencil is always the five-point
 * ladder of `finiteDifferenceEstimate`, walked as its options say), the adjoint's solve, how
 * many entries and how strictly.
 */
export interface CheckGradientOptions extends FiniteDifferenceEstimateOptions {
  /** Options of the adjoint solve (default: the same as the finite-difference solves). */
  readonly adjoint?: SolveOptions
  /**
   * The gradient to check, when it is not `adjointGradient(problem, iv, adjoint)`: e.g. the same
   * problem solved by its structure (`networkGradient` with `structure: 'blocks'`). Its loss and
   * gradient must be those of `problem` at `iv`.
   */
  readonly gradient?: () => Either<SolveError, { readonly loss: number; readonly gradient: Float64Array }>
  /** Check at most this many entries per block, spread evenly (default: all). */
  readonly perBlock?: number
  /** Largest acceptable |adjoint − fd| relative to the block's largest |fd| (default 1e-5). */
  readonly tolerance?: number
}

/** Finite-difference estimates of dL/dθ_i with the oracle's own uncertainty. */
export interface FiniteDifferenceEstimate {
  /** The estimate (NaN for entries not asked for). */
  readonly value: Float64Array
  /** |difference| between the estimates at two adjacent step sizes: what the oracle cannot vouch for. */
  readonly uncertainty: Float64Array
}

/** How `finiteDifferenceEstimate` walks its ladder: the oracle's options, how many rungs at most, and how fine to resolve. */
export interface FiniteDifferenceEstimateOptions extends Omit<FiniteDifferenceOptions, 'stencil'> {
  /** The most rungs of the ladder per entry (default 8, at least 2). */
  readonly rungs?: number
  /**
   * Stop an entry's ladder once its uncertainty is at most this fraction of its block's scale
   * (the largest |estimate| among the block's entries asked for, after their first two rungs),
   * e.g. 1e-7 to judge entries by a tolerance of 1e-5 with an oracle sure to 1% of it. Default
   * 0: walk each ladder down to the solves' noise. Either way an entry's estimate and
   * uncertainty are those of the best pair of rungs walked.
   */
  readonly resolution?: number
}

/** One entry's walk down the ladder: where it stands and its best pair of rungs so far. */
interface Ladder {
  readonly i: number
  readonly x: number
  h: number
  /** The central difference of the previous rung (step 2h). */
  d2: number
  /** The rungs walked. */
  k: number
  previous: number
  bestValue: number
  bestSpread: number
  lastSpread: number
  done: boolean
}

/**
 * dL/dθ_i with an estimate of its own error. The five-point stencil F(h) is taken on a ladder
 * of halving steps h0, h0/2, h0/4, … (two new forward solves per rung, ±h; four for the first),
 * until the spread |F(h) − F(h/2)| between rungs grows again — the noise of the adaptive
 * forward solves, amplified by 1/h, has overtaken the truncation error, which falls 16-fold a
 * rung — or falls below 1e-12 of the estimate, or below `resolution` of the block's scale, or
 * the ladder reaches `rungs` (default 8). The estimate is the smaller step of the adjacent pair
 * with the smallest spread, and that spread is its uncertainty: it bounds the truncation error
 * (15 times that of the smaller step) and the noise of both. A smooth loss walks down to small
 * steps, a noisy one stops early. Every entry first walks two rungs (six solves), which gives
 * its block's scale; then those not yet resolved walk on.
 */
export function finiteDifferenceEstimate(problem: Problem | LossFunction, iv: InitialValue, options: FiniteDifferenceEstimateOptions = {}): Either<SolveError, FiniteDifferenceEstimate> {
  const rel = options.relativeStep ?? 1e-3
  const rungs = Math.max(2, options.rungs ?? 8)
  const resolution = options.resolution ?? 0
  const solve = options.solve ?? oracleSolveOptions(iv)
  const P = problem.parameterCount
  const indices = options.indices ?? Array.from({ length: P }, (_, i) => i)
  const value = new Float64Array(P).fill(Number.NaN)
  const uncertainty = new Float64Array(P).fill(Number.NaN)
  const theta = Float64Array.from(iv.theta)
  const lossAt = (i: number, v: number): Either<SolveError, number> => {
    const saved = theta[i]
    theta[i] = v
    const r = isProblem(problem) ? solveForward(problem, { ...iv, theta }, solve) : problem.loss(theta)
    theta[i] = saved
    return isLeft(r) ? r : right(typeof r.right === 'number' ? r.right : r.right.loss)
  }
  // walks one rung of the ladder: F(h) from ±h and the previous rung's ±2h, its spread from the previous F
  const walk = (l: Ladder, target: number): SolveError | undefined => {
    const p1 = lossAt(l.i, l.x + l.h)
    if (isLeft(p1)) return p1.left
    const m1 = lossAt(l.i, l.x - l.h)
    if (isLeft(m1)) return m1.left
    const d1 = (p1.right - m1.right) / (2 * l.h)
    const f = (4 * d1 - l.d2) / 3
    if (l.k > 0) {
      const spread = Math.abs(f - l.previous)
      if (spread < l.bestSpread) {
        l.bestSpread = spread
        l.bestValue = f
      }
      if (spread <= 1e-12 * Math.abs(f) || (l.k > 1 && spread > l.lastSpread) || l.bestSpread <= target) l.done = true
      l.lastSpread = spread
    }
    l.previous = f
    l.d2 = d1
    l.h /= 2
    l.k++
    if (l.k >= rungs) l.done = true
    return undefined
  }
  // every entry's first two rungs: losses at x ± 2h (the outer points of the first rung), then x ± h and x ± h/2
  const ladders: Ladder[] = []
  for (const i of indices) {
    const x = iv.theta[i]
    const h = rel * Math.max(1, Math.abs(x))
    const plus = lossAt(i, x + 2 * h)
    if (isLeft(plus)) return plus
    const minus = lossAt(i, x - 2 * h)
    if (isLeft(minus)) return minus
    const l: Ladder = { i, x, h, d2: (plus.right - minus.right) / (4 * h), k: 0, previous: Number.NaN, bestValue: Number.NaN, bestSpread: Infinity, lastSpread: Infinity, done: false }
    for (let k = 0; k < 2 && !l.done; k++) {
      const failed = walk(l, 0)
      if (failed !== undefined) return left(failed)
    }
    ladders.push(l)
  }
  // each block's scale, from the entries of it asked for; then the unresolved ladders walk on
  const blocks = problem.parameterBlocks ?? [{ name: 'theta', offset: 0, length: P }]
  // the block of entry i (entries outside every block share the last slot)
  const slot = (i: number): number => {
    const b = blocks.findIndex((x) => i >= x.offset && i < x.offset + x.length)
    return b < 0 ? blocks.length : b
  }
  const scales = new Float64Array(blocks.length + 1)
  for (const l of ladders) scales[slot(l.i)] = Math.max(scales[slot(l.i)], Math.abs(l.bestValue))
  for (const l of ladders) {
    const target = resolution * scales[slot(l.i)]
    if (l.bestSpread <= target) l.done = true
    while (!l.done) {
      const failed = walk(l, target)
      if (failed !== undefined) return left(failed)
    }
    value[l.i] = l.bestValue
    uncertainty[l.i] = l.bestSpread
  }
  return right({ value, uncertainty })
}

/**
 * Compares the adjoint gradient with finite differences (`finiteDifferenceEstimate`), block
 * by block (the problem's trainable `parameterBlocks`, or one block 'theta'), with errors
 * normwise: |adjoint_i − fd_i| over the block's largest entry (of the finite differences
 * checked, or of the adjoint anywhere in the block). An entry agrees when that is
 * at most `tolerance`; it disagrees — a wrong adjoint — only when the difference also exceeds
 * twice the oracle's own uncertainty; otherwise it is unresolved: finite differences are
 * unreliable there and say nothing of the adjoint. The check thus cries wolf neither on a
 * noisy oracle nor misses a planted error larger than the oracle's uncertainty.
 */
export function checkGradient(
  problem: Problem | LossFunction,
  iv: InitialValue,
  options: CheckGradientOptions = {},
): Either<SolveError, GradientCheckReport> {
  const solve = options.solve ?? oracleSolveOptions(iv)
  const tolerance = options.tolerance ?? 1e-5
  if (options.gradient === undefined && !isProblem(problem)) throw new TypeError('checkGradient: a LossFunction needs options.gradient, the gradient to check')
  const adj = options.gradient !== undefined ? options.gradient() : adjointGradient(problem as Problem, iv, options.adjoint ?? solve)
  if (isLeft(adj)) return left(adj.left)
  const blocks = (problem.parameterBlocks ?? [{ name: 'theta', offset: 0, length: problem.parameterCount }]).filter((b) => b.trainable !== false)
  const indices: number[] = []
  for (const b of blocks) {
    const k = Math.min(b.length, options.perBlock ?? b.length)
    for (let j = 0; j < k; j++) indices.push(b.offset + (k === b.length ? j : Math.floor((j * b.length) / k)))
  }
  const picked = options.indices ?? indices
  const fd = finiteDifferenceEstimate(problem, iv, { ...options, solve, indices: picked })
  if (isLeft(fd)) return left(fd.left)
  return right(compareWithFiniteDifferences(problem, adj.right.loss, adj.right.gradient, fd.right, tolerance))
}

/**
 * The block-by-block comparison of `checkGradient` for an adjoint gradient and finite
 * differences already at hand (NaN entries are not checked) — e.g. one set of finite
 * differences against the adjoints of several solvers.
 */
export function compareWithFiniteDifferences(
  problem: Problem | LossFunction,
  loss: number,
  adjoint: Float64Array,
  fd: FiniteDifferenceEstimate,
  tolerance = 1e-5,
): GradientCheckReport {
  const blocks = (problem.parameterBlocks ?? [{ name: 'theta', offset: 0, length: problem.parameterCount }]).filter((b) => b.trainable !== false)
  const g = adjoint
  const { value, uncertainty } = fd
  // a block's scale: its largest finite difference, or its largest adjoint entry — over the whole
  // block, so that a check of a few entries is judged by the block's size, not by theirs
  const scaleOf = (b: { offset: number; length: number }): number => {
    let scale = 0
    for (let j = 0; j < b.length; j++) {
      const i = b.offset + j
      scale = Math.max(scale, Math.abs(g[i]), Number.isNaN(value[i]) ? 0 : Math.abs(value[i]))
    }
    return scale > 0 ? scale : 1
  }
  const report: Record<string, BlockCheck> = {}
  let worst = 0
  let ok = true
  for (const b of blocks) {
    const scale = scaleOf(b)
    let maxAbs = 0
    let worstIndex = -1
    let checked = 0
    let u = 0
    let disagreements = 0
    const unresolved: number[] = []
    for (let j = 0; j < b.length; j++) {
      const i = b.offset + j
      if (Number.isNaN(value[i])) continue
      checked++
      u = Math.max(u, uncertainty[i])
      const d = Math.abs(g[i] - value[i])
      if (d > tolerance * scale && d <= 2 * uncertainty[i]) {
        unresolved.push(j)
        continue
      }
      if (d > tolerance * scale) disagreements++
      if (d > maxAbs || worstIndex < 0) {
        maxAbs = Math.max(maxAbs, d)
        worstIndex = j
      }
    }
    const relErr = maxAbs / scale
    report[b.name] = { maxRelativeError: relErr, maxAbsoluteError: maxAbs, worstIndex, checked, uncertainty: u / scale, disagreements, unresolved }
    worst = Math.max(worst, relErr)
    if (disagreements > 0) ok = false
  }
  return {
    loss,
    maxRelativeError: worst,
    tolerance,
    ok,
    blocks: report,
    adjoint: g,
    finiteDifference: value,
    finiteDifferenceUncertainty: uncertainty,
  }
}
