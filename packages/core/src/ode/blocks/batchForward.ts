import { bogackiShampine3 } from '../bogackiShampine3.js'
import type { EventDetail, Piece } from '../forwardRunner.js'
import { illinois } from '../illinois.js'
import type { HermiteStore } from '../hermiteStore.js'
import type { EventFamily } from '../problem.js'
import { eventNotBracketed, maxStepsExceeded, nonFiniteState, stepSizeUnderflow, type SolveError } from '../solveError.js'
import type { FiredEvent } from '../solveForward.js'
import type { ResolvedSolveOptions } from '../solveOptions.js'
import type { Block } from './blockProblem.js'
import { Slots } from './slots.js'

const { a, e } = bogackiShampine3
const a21 = a[1][0]
const a32 = a[2][1]
const [b1, b2, b3] = a[3]
const [e1, e2, e3, e4] = e
// the step-size controller: h ← h · clamp(0.9 · err^(−1/3), 1/5, 5) (the integral controller for an
// embedded order 2; Math.cbrt is several times cheaper than the PI form's two powers)
const safety = 0.9
const growMax = 5
const shrinkMax = 0.2

/**
 * Where each component of a block stands at a window's edge (a solve window by window, DESIGN §8):
 * its state after the events there, the step size it would try next, its controller's memory and
 * the next time event of each time family — all a pass over the next window needs to take the very
 * steps it would have taken without stopping there (`batchForward` reads and writes it).
 */
export interface BatchSnapshot {
  /** Component k's state at [k · d, (k + 1) · d). */
  readonly y: Float64Array
  readonly h: Float64Array
  readonly err: Float64Array
  readonly rejected: Float64Array
  readonly steps: Float64Array
  /** Per component, per time family: the index of its next time event. */
  readonly nextTime: Int32Array
}

/** An empty snapshot for K components of dimension d with `timeFamilies` time families. */
export function batchSnapshot(K: number, d: number, timeFamilies: number): BatchSnapshot {
  return { y: new Float64Array(K * d), h: new Float64Array(K), err: new Float64Array(K), rejected: new Float64Array(K), steps: new Float64Array(K), nextTime: new Int32Array(K * Math.max(1, timeFamilies)) }
}

/** Bytes a snapshot holds. */
export const snapshotBytes = (s: BatchSnapshot): number => (s.y.length + 4 * s.h.length) * 8 + 4 * s.nextTime.length

/**
 * A window [t0, t1] of a solve over the longer interval `span` (whose length sets the tolerances
 * on times, as if the solve had not stopped): started from `from` (else from the block's initial
 * states at span.t0), ending in `to`.
 */
export interface BatchWindow {
  readonly span: { readonly t0: number; readonly t1: number }
  readonly from?: BatchSnapshot
  readonly to?: BatchSnapshot
}

/**
 * A bound on what the pass records: before a round of steps whose recordings could take the
 * stores' bytes past `bytes`, the pass stops with `exceeded(bytes it would reach, time)` — so a
 * recording never outgrows its budget, even while it finds that it does not fit.
 */
export interface BatchRecordingLimit {
  readonly bytes: number
  exceeded(bytes: number, t: number): SolveError
}

/**
 * The forward pass of a block's components side by side (bs3, each on its own steps): in each
 * round every unfinished component takes one step attempt, the stages of all of them evaluated by
 * one call of the block's `batch.rhs`; each accepts or rejects by its own error estimate, locates
 * its own events on its own dense output (the cubic Hermite of the step) and applies them with
 * the block's one-component functions, and records its accepted steps in its own store — the same
 * pieces, events and recordings as one component at a time (`ForwardRunner`), at a fraction of the
 * cost per step. Events whose `times` are known are stops, not root finds.
 */
export function batchForward(
  block: Block,
  theta: Float64Array,
  t0: number,
  t1: number,
  opts: ResolvedSolveOptions,
  stores: readonly HermiteStore[],
  pieces: Piece[][],
  events: FiredEvent[],
  counters: { rhsEvals: number; steps: number; accepted: number; rejected: number; events: number },
  /** A window of a longer solve (its edges are stops, as the end is); default the whole [t0, t1]. */
  window?: BatchWindow,
  /** A bound on the bytes the stores take on in this pass. */
  limit?: BatchRecordingLimit,
): SolveError | undefined {
  const batch = block.batch!
  const problem = block.problem
  const d = problem.dimension
  const A = problem.auxiliary?.size ?? 0
  const K = block.count
  const families = problem.events ?? []
  const stateFamilies = families.map((f, i) => ({ f, i })).filter(({ f }) => f.times === undefined)
  const timeFamilies = families.map((f, i) => ({ f, i })).filter(({ f }) => f.times !== undefined)
  const members = stateFamilies.reduce((sum, { f }) => sum + f.count, 0)
  const batchConditions = members > 0 && batch.conditions !== undefined
  const rtol = opts.rtol
  const atol = typeof opts.atol === 'number' ? opts.atol : Math.min(...opts.atol)
  // the tolerances on times are those of the whole interval, when this is a window of it
  const s0 = window?.span.t0 ?? t0
  const s1 = window?.span.t1 ?? t1
  const span = s1 - s0
  const tiny = 16 * Number.EPSILON * Math.max(Math.abs(s0), Math.abs(s1))
  const minStep = 1e-13 * Math.max(span, Math.abs(s1))
  const hMax = opts.maxStep > 0 ? Math.min(opts.maxStep, span) : span
  const from = window?.from
  const to = window?.to
  const bps = (problem.breakpoints ?? []).filter((b) => b > t0 && b < t1)

  const slots = new Slots(K, d, A)
  const [Y, K1, K2, K3, K4, YS, YN] = [0, 1, 2, 3, 4, 5, 6].map(() => slots.array(d))
  const CN = slots.array(Math.max(members, 1))
  const CM = slots.array(Math.max(members, 1))
  const AUX0 = slots.array(A)
  const AUX4 = slots.array(A)
  const [T, H, TS, ERRP, REJ, STOP, PSTART, PFIRST, STEPS, BOUND, HF] = [0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10].map(() => slots.array(1))
  const bounded = batch.stepBounds !== undefined
  // per component: the previous condition values, the next time event of each time family
  const prevC = new Float64Array(Math.max(1, K * members))
  const nextTime = new Int32Array(K * Math.max(1, timeFamilies.length))
  const pend: EventDetail[][] = Array.from({ length: K }, () => [])
  // one-component scratch
  const y0 = new Float64Array(d)
  const y1 = new Float64Array(d)
  const f0 = new Float64Array(d)
  const f1 = new Float64Array(d)
  const yT = new Float64Array(d)
  const aux0 = new Float64Array(A)
  const aux1 = new Float64Array(A)
  const auxRec = { start: aux0, end: aux1, compute: (t: number, y: Float64Array, out: Float64Array) => problem.auxiliary!.compute(t, y, theta, out) }
  const noDense = (): void => undefined
  let failure: SolveError | undefined

  const nextStop = (k: number, t: number): number => {
    let stop = t1
    const tol = 4 * Number.EPSILON * Math.max(Math.abs(t), span)
    for (const b of bps) if (b > t + tol) { stop = Math.min(stop, b); break }
    for (let f = 0; f < timeFamilies.length; f++) {
      const times = timeFamilies[f].f.times!
      const i = nextTime[k * timeFamilies.length + f]
      if (i < times.length) stop = Math.min(stop, times[i])
    }
    return stop
  }
  const initConditions = (k: number, t: number, y: Float64Array): void => {
    let m = k * members
    for (const { f } of stateFamilies) for (let j = 0; j < f.count; j++) prevC[m++] = f.condition(j, t, y, theta)
  }
  /** Slot i's component state, slope and auxiliary values at its current time, from y (d) — after a jump or at the start. */
  const restart = (i: number, k: number, t: number, y: Float64Array): void => {
    slots.scatter(Y, i, y)
    problem.rhs(t, y, theta, f0)
    counters.rhsEvals++
    slots.scatter(K1, i, f0)
    if (A > 0) {
      problem.auxiliary!.compute(t, y, theta, aux0)
      slots.scatter(AUX0, i, aux0, A)
    }
    initConditions(k, t, y)
    STOP[i] = nextStop(k, t)
    PSTART[i] = t
    PFIRST[i] = stores[k].steps
  }
  const closePiece = (i: number, k: number, tEnd: number, evs: EventDetail[]): void => {
    const first = PFIRST[i]
    pieces[k].push({ tStart: PSTART[i], tEnd, firstStep: first, stepCount: stores[k].steps - first, events: evs })
    // the events a user reads (resets, gate edges); a time event is the trial's (an input spike), not the component's
    for (const ev of evs) if (families[ev.family].times === undefined) events.push({ t: ev.t, family: families[ev.family].name, index: k * families[ev.family].count + ev.index })
    counters.events += evs.length
  }

  // start: every component at t0, and a first step from Hairer's estimate (one batch evaluation) —
  // or, in a window after the first, where the last window left it
  if (from !== undefined) nextTime.set(from.nextTime)
  for (let k = 0; k < K; k++) {
    slots.comp[k] = k
    block.select(k)
    if (from === undefined) block.initialState(k, theta, yT)
    else yT.set(from.y.subarray(k * d, (k + 1) * d))
    T[k] = t0
    pieces[k] = []
    restart(k, k, t0, yT)
    if (from !== undefined) {
      H[k] = from.h[k]
      ERRP[k] = from.err[k]
      REJ[k] = from.rejected[k]
      STEPS[k] = from.steps[k]
    }
  }
  if (from === undefined) {
    const n = slots.n
    for (let i = 0; i < n; i++) {
      let d0 = 0
      let d1 = 0
      for (let v = 0; v < d; v++) {
        const sc = atol + rtol * Math.abs(Y[v * n + i])
        d0 += (Y[v * n + i] / sc) ** 2
        d1 += (K1[v * n + i] / sc) ** 2
      }
      d0 = Math.sqrt(d0 / d)
      d1 = Math.sqrt(d1 / d)
      const h0 = Math.min(d0 < 1e-5 || d1 < 1e-5 ? 1e-6 : 0.01 * (d0 / d1), hMax)
      H[i] = h0
      TS[i] = t0 + h0
      for (let v = 0; v < d; v++) YS[v * n + i] = Y[v * n + i] + h0 * K1[v * n + i]
    }
    batch.rhs(n, slots.comp, TS, YS, theta, K2)
    counters.rhsEvals += n
    for (let i = 0; i < n; i++) {
      let d2 = 0
      let d1 = 0
      for (let v = 0; v < d; v++) {
        const sc = atol + rtol * Math.abs(Y[v * n + i])
        d2 += ((K2[v * n + i] - K1[v * n + i]) / sc) ** 2
        d1 += (K1[v * n + i] / sc) ** 2
      }
      const h0 = H[i]
      d2 = Math.sqrt(d2 / d) / h0
      const big = Math.max(Math.sqrt(d1 / d), d2)
      const h1 = big <= 1e-15 ? Math.max(1e-6, h0 * 1e-3) : Math.pow(0.01 / big, 1 / 3)
      const h = Math.min(100 * h0, h1, hMax)
      H[i] = Number.isFinite(h) && h > 0 ? h : Math.min(1e-6, hMax)
      ERRP[i] = 1e-4
    }
  }

  const hermite = (i: number, tau: number, out: Float64Array): void => {
    const n = slots.n
    const h = H[i]
    const x = (tau - T[i]) / h
    const x2 = x * x
    const x3 = x2 * x
    const h00 = 2 * x3 - 3 * x2 + 1
    const h10 = (x3 - 2 * x2 + x) * h
    const h01 = -2 * x3 + 3 * x2
    const h11 = (x3 - x2) * h
    for (let v = 0; v < d; v++) out[v] = h00 * Y[v * n + i] + h10 * K1[v * n + i] + h01 * YN[v * n + i] + h11 * K4[v * n + i]
  }

  // the bytes this pass has recorded, and the most one step took (what a round may add per slot)
  let added = 0
  let stepBytes = 0
  const record = (k: number, ta: number, tb: number, ya: Float64Array, fa: Float64Array, yb: Float64Array, fb: Float64Array): void => {
    const before = stores[k].bytes
    stores[k].add(ta, tb, ya, fa, yb, fb, 0, noDense, A > 0 ? auxRec : undefined)
    const grew = stores[k].bytes - before
    added += grew
    if (grew > stepBytes) stepBytes = grew
  }

  const crossings: { j: number; fi: number; a: number; b: number }[] = []
  /** Slot i (component k) accepted its step to tNew: events, recording, stops. Returns false when the slot is done. */
  const accept = (i: number, k: number, tNew: number, last: boolean): boolean => {
    const tOld = T[i]
    slots.gather(Y, i, y0)
    slots.gather(YN, i, y1)
    // state events: the earliest crossing in the step, located on the step's Hermite. The
    // conditions are also read at the step's midpoint, so that a crossing there and back within
    // one step (a neuron that just reaches its threshold) is not stepped over unseen.
    // every crossing in the step (component j of family fi, bracketed by [a, b]); those within
    // the event tolerance of the earliest fire together, as in the whole solve (`detect`): a
    // reset at the very voltage where a box gate's edge is would otherwise find its condition
    // already past 0 after the edge's event, and never fire
    crossings.length = 0
    if (members > 0) {
      let m = k * members
      let c0 = 0
      const n = slots.n
      const tMid = tOld + 0.5 * (tNew - tOld)
      for (const { f, i: fi } of stateFamilies) {
        for (let j = 0; j < f.count; j++, m++, c0++) {
          const p = prevC[m]
          let cm: number
          let c: number
          if (batchConditions) {
            cm = CM[c0 * n + i]
            c = CN[c0 * n + i]
            if (!fires(f, p, cm) && !fires(f, cm, c)) continue
            block.select(k)
          } else {
            hermite(i, tMid, yT)
            cm = f.condition(j, tMid, yT, theta)
            c = f.condition(j, tNew, y1, theta)
            if (!fires(f, p, cm) && !fires(f, cm, c)) continue
          }
          const first = fires(f, p, cm)
          const root = first
            ? locate(f, j, tOld, p, tMid, cm, (tau, out) => hermite(i, tau, out), yT, theta, opts.eventTolerance)
            : locate(f, j, tMid, cm, tNew, c, (tau, out) => hermite(i, tau, out), yT, theta, opts.eventTolerance)
          if (root === undefined) {
            failure = eventNotBracketed(tNew, f.name, j)
            return false
          }
          crossings.push({ j, fi, a: root.a, b: root.b })
        }
      }
    }
    if (crossings.length > 0) {
      block.select(k)
      crossings.sort((x, y) => x.b - y.b || x.fi - y.fi || x.j - y.j)
      const tA = crossings[0].a
      const tB = crossings[0].b
      const tol = opts.eventTolerance * Math.max(Math.abs(tB), tNew - tOld)
      const yMinus = new Float64Array(d)
      hermite(i, tB, yMinus)
      const yBefore = new Float64Array(d)
      hermite(i, tA, yBefore)
      problem.rhs(tB, yMinus, theta, f1)
      counters.rhsEvals++
      if (tB > tOld) {
        slots.gather(K1, i, f0)
        if (A > 0) {
          slots.gather(AUX0, i, aux0, A)
          problem.auxiliary!.compute(tB, yMinus, theta, aux1)
        }
        record(k, tOld, tB, y0, f0, yMinus, f1)
      }
      const evs: EventDetail[] = []
      let yCur = yMinus
      for (const c of crossings) {
        if (c.b - tB > tol) break
        const yPlus = Float64Array.from(yCur)
        families[c.fi].jump(c.j, tB, yCur, theta, yPlus)
        evs.push({ t: tB, family: c.fi, index: c.j, yMinus: yCur, yPlus, ...(evs.length === 0 && { before: { t: tA, y: yBefore } }) })
        yCur = yPlus
      }
      closePiece(i, k, tB, evs)
      T[i] = tB
      restart(i, k, tB, yCur)
      return true
    }
    // the whole step
    slots.gather(K1, i, f0)
    slots.gather(K4, i, f1)
    if (A > 0) {
      slots.gather(AUX0, i, aux0, A)
      slots.gather(AUX4, i, aux1, A)
    }
    record(k, tOld, tNew, y0, f0, y1, f1)
    slots.copy(K4, K1, i)
    slots.copy(YN, Y, i)
    if (A > 0) slots.copy(AUX4, AUX0, i, A)
    T[i] = tNew
    if (members > 0) {
      let m = k * members
      if (batchConditions) {
        const n = slots.n
        for (let c0 = 0; c0 < members; c0++) prevC[m++] = CN[c0 * n + i]
      } else for (const { f } of stateFamilies) for (let j = 0; j < f.count; j++) prevC[m++] = f.condition(j, tNew, y1, theta)
    }
    if (!last) return true
    block.select(k)
    // a stop: time events there, a breakpoint, or the end
    const evs: EventDetail[] = []
    let y = y1
    for (let f = 0; f < timeFamilies.length; f++) {
      const { f: fam, i: fi } = timeFamilies[f]
      const times = fam.times!
      const at = k * timeFamilies.length + f
      while (nextTime[at] < times.length && times[nextTime[at]] <= tNew) {
        const j = nextTime[at]++
        if (times[j] < tNew) continue
        // y1 is scratch, reused by the next step: the event keeps its own copy of y⁻
        const yMinus = y === y1 ? Float64Array.from(y1) : y
        const yPlus = Float64Array.from(yMinus)
        fam.jump(j, tNew, yMinus, theta, yPlus)
        evs.push({ t: tNew, family: fi, index: j, yMinus, yPlus })
        y = yPlus
      }
    }
    closePiece(i, k, tNew, evs)
    if (tNew >= t1) {
      to?.y.set(y, k * d)
      return false
    }
    restart(i, k, tNew, y)
    return true
  }

  // rounds: every unfinished component takes one step attempt
  for (;;) {
    const n = slots.n
    if (slots.active === 0) break
    // a round records at most a step per slot (an event cuts a step, it does not add one)
    if (limit !== undefined && added + slots.active * stepBytes > limit.bytes) {
      let tMin = Number.POSITIVE_INFINITY
      for (let i = 0; i < n; i++) if (!slots.done[i] && T[i] < tMin) tMin = T[i]
      return limit.exceeded(added + slots.active * stepBytes, tMin)
    }
    const done = slots.done
    // the step of each slot, within the dynamics' bound, cut at its next stop
    if (bounded) batch.stepBounds!(n, slots.comp, T, Y, K1, theta, BOUND)
    for (let i = 0; i < n; i++) {
      if (done[i]) {
        TS[i] = T[i]
        continue
      }
      let h = H[i]
      if (bounded && h > BOUND[i]) h = Math.max(BOUND[i], minStep)
      // the step before a stop cut it short: what the next step may start from
      HF[i] = h
      if (T[i] + 1.01 * h >= STOP[i]) h = STOP[i] - T[i]
      H[i] = h
    }
    for (let i = 0; i < n; i++) TS[i] = T[i] + 0.5 * H[i]
    for (let v = 0; v < d; v++) {
      const o = v * n
      for (let i = 0; i < n; i++) YS[o + i] = Y[o + i] + H[i] * a21 * K1[o + i]
    }
    batch.rhs(n, slots.comp, TS, YS, theta, K2)
    for (let i = 0; i < n; i++) TS[i] = T[i] + 0.75 * H[i]
    for (let v = 0; v < d; v++) {
      const o = v * n
      for (let i = 0; i < n; i++) YS[o + i] = Y[o + i] + H[i] * a32 * K2[o + i]
    }
    batch.rhs(n, slots.comp, TS, YS, theta, K3)
    for (let i = 0; i < n; i++) TS[i] = done[i] ? T[i] : T[i] + H[i] >= STOP[i] - tiny ? STOP[i] : T[i] + H[i]
    for (let v = 0; v < d; v++) {
      const o = v * n
      for (let i = 0; i < n; i++) YN[o + i] = Y[o + i] + H[i] * (b1 * K1[o + i] + b2 * K2[o + i] + b3 * K3[o + i])
    }
    batch.rhs(n, slots.comp, TS, YN, theta, K4, A > 0 ? AUX4 : undefined)
    counters.rhsEvals += 3 * slots.active
    if (batchConditions) {
      batch.conditions!(n, slots.comp, TS, YN, theta, CN)
      // and at each step's midpoint, from its Hermite: (y0 + y1)/2 + h (f0 − f1)/8
      for (let v = 0; v < d; v++) {
        const o = v * n
        for (let i = 0; i < n; i++) YS[o + i] = 0.5 * (Y[o + i] + YN[o + i]) + 0.125 * H[i] * (K1[o + i] - K4[o + i])
      }
      for (let i = 0; i < n; i++) TS[i] = T[i] + 0.5 * H[i]
      batch.conditions!(n, slots.comp, TS, YS, theta, CM)
      for (let i = 0; i < n; i++) TS[i] = done[i] ? T[i] : T[i] + H[i] >= STOP[i] - tiny ? STOP[i] : T[i] + H[i]
    }
    const ERR = ERRP
    for (let i = 0; i < n; i++) {
      if (done[i]) continue
      const h = H[i]
      let sum = 0
      for (let v = 0; v < d; v++) {
        const o = v * n + i
        const err = h * (e1 * K1[o] + e2 * K2[o] + e3 * K3[o] + e4 * K4[o])
        const sc = atol + rtol * Math.max(Math.abs(Y[o]), Math.abs(YN[o]))
        sum += (err / sc) ** 2
      }
      const errNorm = Math.sqrt(sum / d)
      const k = slots.comp[i]
      counters.steps++
      if (++STEPS[i] > opts.maxSteps) return maxStepsExceeded(T[i], opts.maxSteps)
      if (!Number.isFinite(errNorm)) {
        let bad = 0
        for (let v = 0; v < d; v++) if (!Number.isFinite(YN[v * n + i])) bad = v
        block.select(k)
        const name = problem.describeComponent?.(bad)
        return nonFiniteState(TS[i], bad, 'the right-hand side', name === undefined ? undefined : `${bad} (${name})`)
      }
      if (errNorm <= 1) {
        counters.accepted++
        const last = TS[i] === STOP[i]
        const fac = Math.min(growMax, Math.max(shrinkMax, safety / Math.cbrt(Math.max(errNorm, 1e-10))))
        let hNext = h * (REJ[i] ? Math.min(1, fac) : fac)
        ERR[i] = Math.max(errNorm, 1e-4)
        REJ[i] = 0
        if (h < minStep && TS[i] < STOP[i]) return stepSizeUnderflow(TS[i], h)
        if (!batchConditions) block.select(k)
        const goOn = accept(i, k, TS[i], last)
        if (failure !== undefined) return failure
        if (hNext > hMax) hNext = hMax
        // a step cut short at a stop says nothing of the step size after it (two stops an ulp
        // apart would otherwise leave the next steps an ulp long)
        H[i] = last ? Math.max(hNext, HF[i]) : hNext
        if (!goOn) {
          if (to !== undefined) {
            to.h[k] = H[i]
            to.err[k] = ERR[i]
            to.rejected[k] = REJ[i]
            to.steps[k] = STEPS[i]
          }
          slots.finish(i)
        }
      } else {
        counters.rejected++
        REJ[i] = 1
        H[i] = h * Math.max(shrinkMax, Math.min(1, safety * (1 / Math.cbrt(errNorm))))
        if (H[i] <= tiny) return stepSizeUnderflow(T[i], H[i])
      }
    }
    slots.compact()
  }
  to?.nextTime.set(nextTime)
  return undefined
}

/** Whether an event of family f fires between condition values a (before) and b (after). Sides: c ≥ 0 and c < 0. */
function fires(f: EventFamily, a: number, b: number): boolean {
  const rising = a < 0 && b >= 0
  const falling = a >= 0 && b < 0
  return f.direction === 'rising' ? rising : f.direction === 'falling' ? falling : rising || falling
}

/** Root of c_j(t, y(t)) on [a, b] by the Illinois method on a dense output (as `ForwardRunner`). */
function locate(
  fam: EventFamily,
  j: number,
  a: number,
  fa: number,
  b: number,
  fb: number,
  dense: (tau: number, out: Float64Array) => void,
  probe: Float64Array,
  theta: Float64Array,
  eventTolerance: number,
): { a: number; b: number } | undefined {
  const g = (tau: number): number => {
    dense(tau, probe)
    return fam.condition(j, tau, probe, theta)
  }
  const tol = Math.max(eventTolerance * Math.max(Math.abs(b), b - a), 4 * Number.EPSILON * Math.abs(b))
  return illinois(g, a, fa, b, fb, tol)
}
