/**
 * The forward integration engine shared by `solveForward`, `adjointGradient` and the
 * recomputation of checkpointed segments. It integrates one segment — from a checkpoint,
 * for at most `checkpointSteps` accepted steps, restarting every `restartSteps` — stopping at breakpoints and events
 * (located by root finding on the dense output), applying jumps, and optionally recording
 * every step for the backward pass. It integrates with the solver the options name, through
 * the `Integrator` contract only. Given the same checkpoint it does exactly the same
 * arithmetic, which is what makes recomputation exact.
 */
import type { Integrator, IntegrateResult, Rhs, Step } from './integrator.js'
import type { HermiteStore } from './hermiteStore.js'
import type { EventFamily, InitialValue, Problem } from './problem.js'
import { illinois } from './illinois.js'
import { restartSteps } from './restartSteps.js'
import type { Counters } from './gradientSolution.js'
import type { ResolvedSolveOptions } from './solveOptions.js'
import {
  eventNotBracketed,
  maxStepsExceeded,
  nonFiniteState,
  problemThrew,
  stepSizeUnderflow,
  type SolveError,
} from './solveError.js'

/** The state at the start of a segment: everything needed to integrate it again. */
export interface Checkpoint {
  readonly t: number
  readonly y: Float64Array
  /** Running cost integrated so far. */
  readonly q: number
  /** First trial step. */
  readonly h: number
}

/** An event that fired: family index, member index, time. */
export interface EventRecord {
  readonly t: number
  readonly family: number
  readonly index: number
}

export interface EventDetail extends EventRecord {
  /** State the jump was applied to (at t, on the crossed side of the surface). */
  readonly yMinus: Float64Array
  readonly yPlus: Float64Array
  /**
   * For the first event of a group: the state just before the crossing (at the other end of
   * the root's bracket, |t - tBefore| within the event tolerance), where F⁻ and l⁻ are taken
   * as one-sided limits — what makes identity-jump events at discontinuities of F exact.
   */
  readonly before?: { readonly t: number; readonly y: Float64Array }
}

/** A stretch of smooth integration ending at an event, a breakpoint or the segment end. */
export interface Piece {
  readonly tStart: number
  readonly tEnd: number
  /** Recorded steps [firstStep, firstStep + stepCount) of the store. */
  readonly firstStep: number
  readonly stepCount: number
  /** Events applied at tEnd, in the order applied. */
  readonly events: readonly EventDetail[]
}

export interface SegmentResult {
  readonly end: Checkpoint
  readonly pieces: readonly Piece[]
}

export type { Counters } from './gradientSolution.js'

export const newCounters = (): Counters => ({ rhsEvals: 0, steps: 0, accepted: 0, rejected: 0, events: 0 })

/** Requests to sample the state at given times during the forward pass. */
export interface SaveRequest {
  readonly times: Float64Array
  readonly states: Float64Array
  next: number
}

/** What `detect` returns when nothing crossed (one array for every step). */
const noCrossings: Crossing[] = []

interface Crossing {
  family: number
  index: number
  /** Crossed side of the bracket. */
  t: number
  /** Side before the crossing. */
  tBefore: number
}

export class ForwardRunner {
  readonly n: number
  private readonly nAug: number
  private readonly hasCost: boolean
  private readonly families: readonly EventFamily[]
  private readonly integrator: Integrator
  /** Views of the integrator's augmented buffers [y; q] on their first n entries (y alone). */
  private readonly views: { readonly buffer: Float64Array; readonly view: Float64Array }[] = []
  private readonly fEnd: Float64Array
  private readonly auxPrev: Float64Array
  private readonly auxEnd: Float64Array
  private readonly auxRecorder:
    | { readonly start: Float64Array; readonly end: Float64Array; compute(t: number, y: Float64Array, out: Float64Array): void }
    | undefined
  private readonly yProbe: Float64Array
  private readonly yEnd: Float64Array
  private readonly prevC: Float64Array[]
  private readonly nextC: Float64Array[]
  private readonly span: number
  private where = 'rhs'
  private whereT = 0
  /** Steps left in the budget of the whole solve. */
  stepBudget: number
  /** The problem's step bound on the (augmented) state, when it declares one. */
  private readonly stepBound: ((t: number, y: Float64Array, f: Float64Array) => number) | undefined

  constructor(
    private readonly problem: Problem,
    private readonly iv: InitialValue,
    private readonly options: ResolvedSolveOptions,
    private readonly counters: Counters,
    /** Dense output on every step even when nothing needs it (gradient runs: recomputation must match). */
    private readonly alwaysDense = false,
  ) {
    this.n = problem.dimension
    this.hasCost = problem.runningCost !== undefined
    this.nAug = this.n + (this.hasCost ? 1 : 0)
    this.families = problem.events ?? []
    this.integrator = options.solver.integrator(this.nAug)
    // (the augmented state's first n entries are y, its slope's are F)
    this.stepBound = problem.stepBound === undefined ? undefined : (t, y, f) => problem.stepBound!(t, y, f, iv.theta)
    this.fEnd = new Float64Array(this.n)
    const aux = problem.auxiliary
    this.auxPrev = new Float64Array(aux?.size ?? 0)
    this.auxEnd = new Float64Array(aux?.size ?? 0)
    this.auxRecorder =
      aux === undefined
        ? undefined
        : {
            start: this.auxPrev,
            end: this.auxEnd,
            compute: (t: number, y: Float64Array, out: Float64Array): void => {
              this.where = 'auxiliary.compute'
              this.whereT = t
              aux.compute(t, y, this.iv.theta, out)
            },
          }
    this.yProbe = new Float64Array(this.n)
    this.yEnd = new Float64Array(this.n)
    this.prevC = this.families.map((e) => new Float64Array(e.count))
    this.nextC = this.families.map((e) => new Float64Array(e.count))
    this.span = iv.t1 - iv.t0
    this.stepBudget = options.maxSteps
  }

  /** The first n entries of an augmented buffer [y; q] (the buffer itself without a running cost). */
  private stateOf(buffer: Float64Array): Float64Array {
    if (!this.hasCost) return buffer
    const views = this.views
    for (let i = 0; i < views.length; i++) if (views[i].buffer === buffer) return views[i].view
    const view = buffer.subarray(0, this.n)
    if (views.length < 32) views.push({ buffer, view })
    return view
  }

  /** The augmented right-hand side [F; l], on the integrator's own buffers. */
  private readonly rhsAug: Rhs = (t, ya, out) => {
    const { n, problem } = this
    const theta = this.iv.theta
    const y = this.stateOf(ya)
    this.where = 'rhs'
    this.whereT = t
    problem.rhs(t, y, theta, this.stateOf(out))
    if (this.hasCost) {
      this.where = 'runningCost.value'
      out[n] = problem.runningCost!.value(t, y, theta)
    }
  }

  /** Integrates one segment from `start`, recording its steps into `store` when given. */
  runSegment(start: Checkpoint, store: HermiteStore | undefined, save?: SaveRequest): SegmentResult | SolveError {
    try {
      return this.runSegmentUnsafe(start, store, save)
    } catch (e) {
      return problemThrew(this.where, this.whereT, e)
    }
  }

  private runSegmentUnsafe(start: Checkpoint, store: HermiteStore | undefined, save?: SaveRequest): SegmentResult | SolveError {
    const { n, nAug, problem, families, options } = this
    const { theta, t1 } = this.iv
    const pieces: Piece[] = []
    let t = start.t
    let h = start.h
    let q = start.q
    const y = Float64Array.from(start.y)
    const aug = new Float64Array(nAug)
    let stepsInSegment = 0
    const needDense = this.alwaysDense || store !== undefined || save !== undefined || families.length > 0
    const tEndTol = 4 * Number.EPSILON * Math.max(Math.abs(t1), this.span)
    const minStep = 1e-13 * Math.max(this.span, Math.abs(t1))
    let tinySteps = 0
    // one sampler for every recorded step, reading the dense output of the step just taken
    let current: Step | undefined
    const sample = (tau: number, out: Float64Array): void => current!.denseInto(tau, out)

    while (t1 - t > tEndTol && stepsInSegment < options.checkpointSteps) {
      const tStop = this.nextStop(t)
      this.initConditions(t, y)
      aug.set(y)
      if (this.hasCost) aug[n] = q
      const firstStep = store?.steps ?? 0
      let pending:
        | { tStar: number; crossings: Crossing[]; yMinus: Float64Array; qMinus: number; tBefore: number; yBefore: Float64Array }
        | undefined
      let failure: SolveError | undefined
      const pieceStart = t
      if (store !== undefined) this.auxRecorder?.compute(t, y, this.auxPrev)

      const onStep = (step: Step): boolean => {
        const { tOld, t: tNew } = step
        stepsInSegment++
        current = step
        if (tNew - tOld < minStep && tNew < tStop) {
          if (++tinySteps >= 5) {
            failure = stepSizeUnderflow(tNew, tNew - tOld)
            return false
          }
        } else tinySteps = 0
        const y1 = step.y1
        for (let i = 0; i < n; i++) this.yEnd[i] = y1[i]
        const crossings = families.length > 0 ? this.detect(tOld, tNew, step) : noCrossings
        if (typeof crossings === 'object' && 'message' in crossings) {
          failure = crossings
          return false
        }
        const tEnd = crossings.length > 0 ? crossings[0].t : tNew
        let yMinus: Float64Array | undefined
        if (crossings.length > 0) {
          yMinus = new Float64Array(n)
          step.denseInto(tEnd, yMinus)
        }
        if (store !== undefined && tEnd > tOld) {
          const yAtEnd = yMinus ?? this.yEnd
          let f1: ArrayLike<number> = step.f1
          if (yMinus !== undefined) {
            this.where = 'rhs'
            this.whereT = tEnd
            problem.rhs(tEnd, yMinus, theta, this.fEnd)
            this.counters.rhsEvals++
            f1 = this.fEnd
          }
          this.auxRecorder?.compute(tEnd, yAtEnd, this.auxEnd)
          // a whole step needs no more samples than its dense output has coefficients; one cut
          // short at an event is not of that form (its end slope is F there) and takes them all
          const samples = tEnd === tNew ? Math.min(options.denseNodes, step.interiorSamples) : options.denseNodes
          store.add(tOld, tEnd, step.y0, step.f0, yAtEnd, f1, samples, sample, this.auxRecorder)
          this.auxPrev.set(this.auxEnd)
        }
        if (save !== undefined) {
          while (save.next < save.times.length && save.times[save.next] <= tEnd) {
            step.denseInto(save.times[save.next], save.states.subarray(save.next * n, (save.next + 1) * n))
            save.next++
          }
        }
        if (yMinus !== undefined) {
          const qMinus = this.hasCost ? step.component(n, tEnd) : 0
          const tBefore = crossings[0].tBefore
          const yBefore = new Float64Array(n)
          step.denseInto(tBefore, yBefore)
          pending = { tStar: tEnd, crossings, yMinus, qMinus, tBefore, yBefore }
          return false
        }
        for (let k = 0; k < families.length; k++) this.prevC[k].set(this.nextC[k])
        return stepsInSegment < options.checkpointSteps && stepsInSegment % restartSteps !== 0
      }

      const res: IntegrateResult = this.integrator.integrate(
        this.rhsAug,
        t,
        aug,
        tStop,
        {
          rtol: options.rtol,
          atol: this.augmentedAtol(),
          maxSteps: this.stepBudget,
          initialStep: Math.min(Math.abs(h), tStop - t),
          maxStep: options.maxStep,
          dense: needDense,
          ...(this.stepBound !== undefined && { stepBound: this.stepBound }),
        },
        onStep,
      )
      this.counters.rhsEvals += res.rhsEvals
      this.counters.steps += res.steps
      this.counters.accepted += res.accepted
      this.counters.rejected += res.rejected
      this.stepBudget -= res.steps
      if (failure !== undefined) return failure
      if (res.outcome === 'threw') return problemThrew(this.where, this.whereT, res.thrown)
      if (res.outcome === 'non-finite') {
        return nonFiniteState(res.badTime ?? res.t, res.badComponent ?? -1, 'the right-hand side', describeForward(this.problem, res.badComponent))
      }
      if (res.outcome === 'max-steps') return maxStepsExceeded(res.t, options.maxSteps)
      if (res.outcome === 'step-underflow') return stepSizeUnderflow(res.t, res.tinyStep ?? 0)
      if (res.nextStep > 0) h = res.nextStep
      const stepCount = (store?.steps ?? 0) - firstStep

      if (pending !== undefined) {
        const events: EventDetail[] = []
        let yCur = pending.yMinus
        for (const c of pending.crossings) {
          const fam = families[c.family]
          const yPlus = Float64Array.from(yCur)
          this.where = `events[${c.family}].jump`
          this.whereT = pending.tStar
          fam.jump(c.index, pending.tStar, yCur, theta, yPlus)
          const before = events.length === 0 ? { t: pending.tBefore, y: pending.yBefore } : undefined
          events.push({ t: pending.tStar, family: c.family, index: c.index, yMinus: yCur, yPlus, ...(before && { before }) })
          yCur = yPlus
        }
        this.counters.events += events.length
        pieces.push({ tStart: pieceStart, tEnd: pending.tStar, firstStep, stepCount, events })
        // after a jump (of the state, or of F at an identity event) the last step size says
        // little: an integrator that can estimates the next one afresh
        if (this.integrator.estimatesFirstStep) h = 0
        t = pending.tStar
        y.set(yCur)
        q = pending.qMinus
        continue
      }
      const tReached = res.outcome === 'done' ? tStop : res.t
      for (let i = 0; i < n; i++) y[i] = res.y[i]
      if (this.hasCost) q = res.y[n]
      for (let i = 0; i < n; i++) {
        if (!Number.isFinite(y[i])) return nonFiniteState(tReached, i, 'the state', describeForward(this.problem, i))
      }
      pieces.push({ tStart: pieceStart, tEnd: tReached, firstStep, stepCount, events: [] })
      t = tReached
    }
    return { end: { t, y, q, h }, pieces }
  }

  private augmentedAtol(): number | readonly number[] {
    const a = this.options.atol
    if (!this.hasCost || typeof a === 'number') return a
    return [...a, Math.min(...a)]
  }

  /** Next breakpoint strictly after t, or t1. */
  private nextStop(t: number): number {
    const bps = this.problem.breakpoints
    const t1 = this.iv.t1
    if (bps !== undefined) {
      const tol = 4 * Number.EPSILON * Math.max(Math.abs(t), this.span)
      for (const b of bps) if (b > t + tol && b < t1) return b
    }
    return t1
  }

  /**
   * Condition values at the start of a piece. A condition's side is c ≥ 0 or c < 0; after an
   * event the state is the dense output at the crossed end of the root's bracket, so an event
   * with an identity jump starts the next piece on its new side, computed with the very same
   * arithmetic, and cannot fire again at once.
   */
  private initConditions(t: number, y: Float64Array): void {
    const theta = this.iv.theta
    for (let f = 0; f < this.families.length; f++) {
      const fam = this.families[f]
      this.where = `events[${f}].condition`
      this.whereT = t
      for (let k = 0; k < fam.count; k++) this.prevC[f][k] = fam.condition(k, t, y, theta)
    }
  }

  /** Conditions at the step end (state in yProbe); the crossings in time order, if any. */
  private detect(tOld: number, tNew: number, step: Step): Crossing[] | SolveError {
    const theta = this.iv.theta
    let found: Crossing[] | undefined
    for (let f = 0; f < this.families.length; f++) {
      const fam = this.families[f]
      const prev = this.prevC[f]
      const next = this.nextC[f]
      this.where = `events[${f}].condition`
      this.whereT = tNew
      for (let k = 0; k < fam.count; k++) {
        const c = fam.condition(k, tNew, this.yEnd, theta)
        next[k] = c
        const p = prev[k]
        const rising = p < 0 && c >= 0
        const falling = p >= 0 && c < 0
        const fires = fam.direction === 'rising' ? rising : fam.direction === 'falling' ? falling : rising || falling
        if (!fires) continue
        const root = this.locate(fam, k, tOld, p, tNew, c, step)
        if (root === undefined) return eventNotBracketed(tNew, fam.name, k)
        ;(found ??= []).push({ family: f, index: k, t: root.b, tBefore: root.a })
      }
    }
    if (found === undefined) return noCrossings
    found.sort((a, b) => a.t - b.t || a.family - b.family || a.index - b.index)
    const first = found[0].t
    const tol = this.options.eventTolerance * Math.max(Math.abs(first), tNew - tOld)
    const tBefore = found[0].tBefore
    return found.filter((c) => c.t - first <= tol).map((c) => ({ ...c, t: first, tBefore }))
  }

  /** Root of c_k(t, y(t)) on [a, b] by the Illinois method on the dense output. */
  private locate(
    fam: EventFamily,
    k: number,
    a: number,
    fa: number,
    b: number,
    fb: number,
    step: Step,
  ): { a: number; b: number } | undefined {
    const theta = this.iv.theta
    const comps = fam.components?.(k)
    const probe = this.yProbe
    const g = (tau: number): number => {
      if (comps !== undefined) for (const i of comps) probe[i] = step.component(i, tau)
      else step.denseInto(tau, probe)
      return fam.condition(k, tau, probe, theta)
    }
    const tol = Math.max(this.options.eventTolerance * Math.max(Math.abs(b), b - a), 4 * Number.EPSILON * Math.abs(b))
    return illinois(g, a, fa, b, fb, tol)
  }
}

/** A forward component by name: the problem's own, or the running cost accumulated beside the state (component n). */
function describeForward(problem: Problem, i: number | undefined): string | undefined {
  if (i === undefined || i < 0) return undefined
  if (i === problem.dimension) return `${i} (the running cost ∫ l dt accumulated so far, i.e. the loss)`
  const name = problem.describeComponent?.(i)
  return name === undefined ? undefined : `${i} (${name})`
}
