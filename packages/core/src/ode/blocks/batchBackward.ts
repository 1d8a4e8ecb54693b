import { bogackiShampine3 } from '../bogackiShampine3.js'
import { backwardStepFactor, type BackwardRunner } from '../backwardRunner.js'
import type { Piece } from '../forwardRunner.js'
import { gaussLegendre } from '../gaussLegendre.js'
import type { HermiteStore } from '../hermiteStore.js'
import { maxStepsExceeded, nonFiniteState, stepSizeUnderflow, type SolveError } from '../solveError.js'
import type { ResolvedSolveOptions } from '../solveOptions.js'
import type { Block } from './blockProblem.js'
import type { SampledTrack } from './sampledTrack.js'
import { SampledTrack as Track } from './sampledTrack.js'
import { Slots } from './slots.js'

/**
 * What a final cost adds to a block's backward pass beyond λ(t1): ∂Ψ/∂t of its state events —
 * component k's at times[base[k] … base[k + 1]), in the order applied. `next[k]` is the index
 * after component k's last event not yet met backward (base[k + 1] before the last window, base[k]
 * once the pass is back at t0): a solve window by window carries it from window to window.
 */
export interface BlockEnds {
  readonly times: Float64Array
  readonly base: Int32Array
  readonly next: Int32Array
}

const { a, e } = bogackiShampine3
const a21 = a[1][0]
const a32 = a[2][1]
const [b1, b2, b3] = a[3]
const [e1, e2, e3, e4] = e
const safety = 0.9
const growMax = 5
const shrinkMax = 0.2

/** What the backward pass of a block's components counts. */
export interface BatchBackwardCounts {
  vjpStateEvals: number
  vjpParamsEvals: number
  rhsEvals: number
  steps: number
  accepted: number
  rejected: number
}

/**
 * The backward pass of a block's components side by side (bs3 on the adjoint in p-form, each
 * component on its own steps over its own pieces, from t1 to t0): in each round every
 * unfinished component takes one step attempt, the stages evaluated by one call of the block's
 * `batch.adjointRhs` on the states its recording gives at each component's times. On each
 * accepted step a component adds its Gauss–Legendre quadrature of (∂F/∂θ)ᵀλ to the gradient and
 * records its cotangents (when the block has them); at the start of a piece it applies the jump
 * conditions of the events there (`BackwardRunner.eventAdjoint`) — the same arithmetic as one
 * component at a time, up to the step sizes the adjoint's own error control picks.
 */
export function batchBackward(
  block: Block,
  theta: Float64Array,
  t0: number,
  opts: ResolvedSolveOptions,
  stores: readonly HermiteStore[],
  pieces: readonly (readonly Piece[])[],
  /** λ of component k at [k · d, (k + 1) · d): at the end of the pieces on entry (λ(t1), or where the window after left it), at their start on return. */
  lambdaEnd: Float64Array,
  runner: BackwardRunner,
  tracks: readonly SampledTrack[] | undefined,
  gradient: Float64Array,
  counts: BatchBackwardCounts,
  /** A final cost's ∂Ψ/∂t of the state events. */
  ends?: BlockEnds,
  /** Whether the pieces start at the solve's t0, where y0's VJP (`Block.initialStateVjp`) is added; false for a window after the first. */
  atStart = true,
): SolveError | undefined {
  const batch = block.batch!
  const problem = block.problem
  const transform = problem.adjointTransform!
  const d = problem.dimension
  const A = problem.auxiliary?.size ?? 0
  const K = block.count
  const rtol = opts.adjointRtol
  const atol = opts.adjointAtol
  const hMax = opts.maxStep > 0 ? opts.maxStep : Number.POSITIVE_INFINITY
  const { nodes, weights } = gaussLegendre(opts.quadratureNodes)
  const cot = block.cotangent
  const C = cot?.size ?? 0

  const families = problem.events ?? []
  // per component: the index in ends.times after its last state event not yet applied, counted down
  const stateEvent = ends === undefined ? new Int32Array(0) : ends.next
  const slots = new Slots(K, d, A)
  const [P, K1, K2, K3, K4, PS, PN, Y] = [0, 1, 2, 3, 4, 5, 6, 7].map(() => slots.array(d))
  const AUX = slots.array(A)
  const [T, H, TS, ERRP, REJ, PIECE, LO, STEPS, PF, PC, HN, SCALE, TQ, QS] = Array.from({ length: 14 }, () => slots.array(1))
  const lam = new Float64Array(d)
  const y = new Float64Array(d)
  const p = new Float64Array(d)
  const f = new Float64Array(d)
  const aux = new Float64Array(Math.max(A, 1))
  const c = new Float64Array(Math.max(C, 1))
  const tiny = 16 * Number.EPSILON * Math.max(1, Math.abs(t0))
  const bounded = batch.stepBounds !== undefined

  /** The recorded state (and auxiliary values) of component k at t on the piece slot i is in, into y and aux. */
  const stateAt = (i: number, k: number, t: number): void => {
    const st = stores[k]
    st.evaluate(t, PF[i], PC[i], y)
    if (A > 0) st.evaluateAux(aux)
  }
  /**
   * Slot i (component k) is at the end of piece `pi` with λ in `lam`: applies the events there,
   * walks past empty pieces and starts the adjoint in p on the next piece with steps. Returns false
   * when the component is back at the start of its pieces (λ there left in lambdaEnd; at t0, its
   * gradient terms of y0 added).
   */
  const enterPiece = (i: number, k: number, pi: number): boolean => {
    for (; pi >= 0; pi--) {
      const piece = pieces[k][pi]
      for (let ev = piece.events.length - 1; ev >= 0; ev--) {
        const event = piece.events[ev]
        const timeCost = ends !== undefined && families[event.family].times === undefined ? ends.times[--stateEvent[k]] : 0
        runner.eventAdjoint(event, lam, gradient, timeCost)
      }
      if (piece.stepCount === 0 || !(piece.tEnd > piece.tStart)) continue
      PF[i] = piece.firstStep
      PC[i] = piece.stepCount
      const before = piece.events[0]?.before
      if (before !== undefined) y.set(before.y)
      else stateAt(i, k, piece.tEnd)
      transform.fromLambda(piece.tEnd, y, theta, lam, p)
      if (before !== undefined) stateAt(i, k, piece.tEnd)
      slots.scatter(P, i, p)
      transform.rhs(piece.tEnd, y, theta, p, f, A > 0 ? aux : undefined)
      counts.vjpStateEvals++
      slots.scatter(K1, i, f)
      T[i] = piece.tEnd
      PIECE[i] = pi
      LO[i] = piece.tStart
      return true
    }
    lambdaEnd.set(lam, k * d)
    if (!atStart) return false
    if (ends !== undefined && stateEvent[k] !== ends.base[k]) throw new Error(`component ${k} met ${ends.base[k + 1] - stateEvent[k]} state events backward, its forward pass fired ${ends.base[k + 1] - ends.base[k]}`)
    block.initialStateVjp?.(k, theta, lam, gradient)
    return false
  }

  // start: λ at the end, the events there, the last piece
  for (let k = 0; k < K; k++) {
    slots.comp[k] = k
    block.select(k)
    lam.set(lambdaEnd.subarray(k * d, (k + 1) * d))
    const st = stores[k]
    // a first step: the forward pass's last step on this component
    H[k] = st.steps > 0 ? Math.min(hMax, st.stepEnd(st.steps - 1) - st.stepStart(st.steps - 1)) : 1
    ERRP[k] = 1e-4
    if (!enterPiece(k, k, pieces[k].length - 1)) slots.finish(k)
  }
  slots.compact()

  const hermite = (i: number, tau: number, out: Float64Array): void => {
    // the backward step runs from T (x = 0) to T − H (x = 1)
    const n = slots.n
    const h = -H[i]
    const x = (tau - T[i]) / h
    const x2 = x * x
    const x3 = x2 * x
    const h00 = 2 * x3 - 3 * x2 + 1
    const h10 = (x3 - 2 * x2 + x) * h
    const h01 = -2 * x3 + 3 * x2
    const h11 = (x3 - x2) * h
    for (let v = 0; v < d; v++) out[v] = h00 * P[v * n + i] + h10 * K1[v * n + i] + h01 * PN[v * n + i] + h11 * K4[v * n + i]
  }
  /** The recorded states at each slot's stage time TS into Y and AUX. */
  const statesAtStages = (): void => {
    const n = slots.n
    const done = slots.done
    for (let i = 0; i < n; i++) {
      if (done[i]) continue
      const k = slots.comp[i]
      stateAt(i, k, TS[i])
      for (let v = 0; v < d; v++) Y[v * n + i] = y[v]
      for (let v = 0; v < A; v++) AUX[v * n + i] = aux[v]
    }
  }

  for (;;) {
    if (slots.active === 0) break
    const n = slots.n
    const done = slots.done
    // each step at most `backwardStepFactor` recorded forward steps long where the forward
    // dynamics bound their steps, cut at the start of its piece; hs = −H (backward)
    for (let i = 0; i < n; i++) {
      if (done[i]) continue
      if (bounded) {
        const limit = backwardStepFactor * stores[slots.comp[i]].stepLengthBelow(T[i], PF[i], PC[i])
        if (H[i] > limit) H[i] = limit
      }
      if (T[i] - 1.01 * H[i] <= LO[i]) H[i] = T[i] - LO[i]
    }
    for (let i = 0; i < n; i++) TS[i] = T[i] - 0.5 * H[i]
    for (let v = 0; v < d; v++) {
      const o = v * n
      for (let i = 0; i < n; i++) PS[o + i] = P[o + i] - H[i] * a21 * K1[o + i]
    }
    statesAtStages()
    batch.adjointRhs(n, slots.comp, TS, Y, AUX, PS, theta, K2)
    for (let i = 0; i < n; i++) TS[i] = T[i] - 0.75 * H[i]
    for (let v = 0; v < d; v++) {
      const o = v * n
      for (let i = 0; i < n; i++) PS[o + i] = P[o + i] - H[i] * a32 * K2[o + i]
    }
    statesAtStages()
    batch.adjointRhs(n, slots.comp, TS, Y, AUX, PS, theta, K3)
    for (let i = 0; i < n; i++) TS[i] = T[i] - H[i] <= LO[i] + tiny ? LO[i] : T[i] - H[i]
    for (let v = 0; v < d; v++) {
      const o = v * n
      for (let i = 0; i < n; i++) PN[o + i] = P[o + i] - H[i] * (b1 * K1[o + i] + b2 * K2[o + i] + b3 * K3[o + i])
    }
    statesAtStages()
    batch.adjointRhs(n, slots.comp, TS, Y, AUX, PN, theta, K4)
    counts.vjpStateEvals += 3 * slots.active
    const ERR = ERRP
    // pass 1: each slot's error, and its verdict (SCALE: the accepted step's length, else 0)
    for (let i = 0; i < n; i++) {
      SCALE[i] = 0
      if (done[i]) continue
      const h = H[i]
      let sum = 0
      for (let v = 0; v < d; v++) {
        const o = v * n + i
        const err = h * (e1 * K1[o] + e2 * K2[o] + e3 * K3[o] + e4 * K4[o])
        const sc = atol + rtol * Math.max(Math.abs(P[o]), Math.abs(PN[o]))
        sum += (err / sc) ** 2
      }
      const errNorm = Math.sqrt(sum / d)
      counts.steps++
      if (++STEPS[i] > opts.maxSteps) return maxStepsExceeded(T[i], opts.maxSteps)
      if (!Number.isFinite(errNorm)) {
        let bad = 0
        for (let v = 0; v < d; v++) if (!Number.isFinite(PN[v * n + i])) bad = v
        block.select(slots.comp[i])
        const name = problem.describeComponent?.(bad)
        return nonFiniteState(TS[i], bad, 'the adjoint λ', name === undefined ? undefined : `${bad} (the adjoint of ${name})`)
      }
      if (errNorm > 1) {
        counts.rejected++
        REJ[i] = 1
        H[i] = h * Math.max(shrinkMax, Math.min(1, safety * (1 / Math.cbrt(errNorm))))
        if (H[i] <= tiny) return stepSizeUnderflow(T[i], H[i])
        continue
      }
      counts.accepted++
      const fac = Math.min(growMax, Math.max(shrinkMax, safety / Math.cbrt(Math.max(errNorm, 1e-10))))
      HN[i] = Math.min(hMax, h * (REJ[i] ? Math.min(1, fac) : fac))
      ERR[i] = Math.max(errNorm, 1e-4)
      REJ[i] = 0
      SCALE[i] = T[i] - TS[i]
    }
    // the quadrature of (∂F/∂θ)ᵀλ on every accepted step [TS, T], all slots at once
    for (let q = 0; q < nodes.length; q++) {
      for (let i = 0; i < n; i++) {
        if (SCALE[i] === 0) {
          QS[i] = 0
          continue
        }
        const tau = TS[i] + SCALE[i] * nodes[q]
        TQ[i] = tau
        QS[i] = weights[q] * SCALE[i]
        stateAt(i, slots.comp[i], tau)
        for (let v = 0; v < d; v++) Y[v * n + i] = y[v]
        for (let v = 0; v < A; v++) AUX[v * n + i] = aux[v]
        hermite(i, tau, p)
        for (let v = 0; v < d; v++) PS[v * n + i] = p[v]
      }
      batch.vjpParams(n, slots.comp, TQ, Y, AUX, PS, theta, QS, gradient)
      counts.vjpParamsEvals += slots.active
    }
    // pass 2: the accepted steps' cotangents, and on along the piece or to the piece before
    for (let i = 0; i < n; i++) {
      if (SCALE[i] === 0) continue
      const k = slots.comp[i]
      const tNew = TS[i]
      const tHi = T[i]
      const hNext = HN[i]
      if (cot !== undefined && tracks !== undefined) {
        block.select(k)
        const track = tracks[k]
        const off = track.add(tNew, tHi)
        for (let q = 0; q < 4; q++) {
          const tau = tNew + (tHi - tNew) * Track.nodes[q]
          stateAt(i, k, tau)
          hermite(i, tau, p)
          cot.compute(tau, y, theta, p, c, A > 0 ? aux : undefined)
          const vals = track.values()
          for (let j = 0; j < C; j++) vals[off + q * C + j] = c[j]
        }
      }
      H[i] = hNext
      if (tNew > LO[i]) {
        // FSAL
        slots.copy(K4, K1, i)
        slots.copy(PN, P, i)
        T[i] = tNew
        continue
      }
      // the start of the piece: back to λ, and on to the piece before
      block.select(k)
      slots.gather(PN, i, p)
      stateAt(i, k, tNew)
      transform.toLambda(tNew, y, theta, p, lam)
      if (!enterPiece(i, k, PIECE[i] - 1)) slots.finish(i)
    }
    slots.compact()
  }
  return undefined
}
