import { left, right, type Either } from 'fp-ts/lib/Either.js'
import { HermiteStore } from './hermiteStore.js'
import { ForwardRunner, newCounters, type Checkpoint, type Counters, type EventDetail, type Piece } from './forwardRunner.js'
import { gaussLegendre } from './gaussLegendre.js'
import { createIntegrator } from './createIntegrator.js'
import type { Integrator, Rhs, Step } from './integrator.js'
import type { InitialValue, Problem } from './problem.js'
import { invalidProblem, maxStepsExceeded, nonFiniteState, problemThrew, stepSizeUnderflow, type SolveError } from './solveError.js'
import type { FiredEvent, SolveStats } from './solveForward.js'
import { resolveSolveOptions, type ResolvedSolveOptions, type SolveOptions } from './solveOptions.js'
import { validateProblem } from './validateProblem.js'

/** What the backward (adjoint) pass cost, summed over its steps and events. */
export interface BackwardStats {
  /** Evaluations of (∂F/∂y)ᵀλ (one per right-hand side evaluation of the adjoint ODE). */
  readonly vjpStateEvals: number
  /** Evaluations of (∂F/∂θ)ᵀλ (quadrature nodes). */
  readonly vjpParamsEvals: number
  /** Right-hand side evaluations at events (F⁻, F⁺). */
  readonly rhsEvals: number
  /** Integrator steps of the adjoint ODE: all, accepted and rejected. */
  readonly steps: number
  readonly accepted: number
  readonly rejected: number
}

/** What a gradient cost, pass by pass: counts, the trajectory's memory and wall-clock time. */
export interface GradientStats {
  /** The forward pass (its checkpoints included). */
  readonly forward: SolveStats
  /** Recomputation of checkpointed segments (zero in 'all' mode). */
  readonly recompute: Readonly<Counters>
  /** The adjoint ODE and its quadrature. */
  readonly backward: BackwardStats
  /** Largest number of bytes held for the trajectory at any time. */
  readonly peakTrajectoryBytes: number
  /** How the trajectory was kept (`SolveOptions.memory`). */
  readonly memory: 'checkpoint' | 'all'
  /** Wall-clock milliseconds per phase (forward with checkpoints, recomputation, backward, of which quadrature). */
  readonly timing: { readonly forwardMs: number; readonly recomputeMs: number; readonly backwardMs: number; readonly quadratureMs: number }
}

/** The result of `adjointGradient`: the loss, its exact gradient in θ and in y0, and what the forward pass gave. */
export interface GradientSolution {
  /** L = ∫ l dt + Φ, from the forward pass. */
  readonly loss: number
  /** dL/dθ. */
  readonly gradient: Float64Array
  /** dL/dy0 = λ(t0). */
  readonly initialStateGradient: Float64Array
  /** y(t1). */
  readonly y1: Float64Array
  /** The events of the forward pass, in the order applied. */
  readonly events: readonly FiredEvent[]
  /** Counts, memory and timing of the forward, recomputation and backward passes. */
  readonly stats: GradientStats
}

/**
 * Recordings left by earlier gradients, for the next ones to reuse: a training run computes
 * thousands of gradients of one shape, and growing fresh buffers for each (and collecting them)
 * took about 5 % of a gradient's time. At most `spareStoreBytes` of buffers are kept.
 */
const spareStores: HermiteStore[] = []
const spareStoreBytes = 64 * 2 ** 20

/** A segment of the forward pass: its checkpoint, and its recording while it is kept. */
interface Segment {
  readonly start: Checkpoint
  pieces?: readonly Piece[]
  store?: HermiteStore
}

/**
 * The exact gradient of L = ∫ l dt + Φ with respect to θ and y0 by the continuous adjoint
 * method (DESIGN §2): integrate λ' = −(∂F/∂y)ᵀλ − ∂l/∂y backward from λ(t1) = ∂Φ/∂y, with
 * the jump condition at every event, and dL/dθ = ∫ (∂F/∂θ)ᵀλ + ∂l/∂θ dt by Gauss–Legendre
 * quadrature on each backward step. y(t) comes from checkpoints and recomputation
 * (`memory: 'checkpoint'`) or from the stored forward pass (`memory: 'all'`).
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
  const result = new AdjointRun(problem, iv, opts).run()
  return 'gradient' in result ? right(result) : left(result)
}

class AdjointRun {
  private readonly n: number
  private readonly theta: Float64Array
  private readonly forwardCounters = newCounters()
  private readonly recomputeCounters = newCounters()
  /** Recordings no longer needed, for reuse (their buffers stay allocated). */
  private readonly pool: HermiteStore[] = []
  private peakBytes = 0
  private readonly timing = { forwardMs: 0, recomputeMs: 0, backwardMs: 0, quadratureMs: 0 }
  private backward = { vjpStateEvals: 0, vjpParamsEvals: 0, rhsEvals: 0, steps: 0, accepted: 0, rejected: 0 }
  private stepBudget: number
  private hBack: number
  private where = 'vjpState'
  private whereT = 0
  // scratch
  private readonly yB: Float64Array
  private readonly lamB: Float64Array
  private readonly vB: Float64Array
  private readonly gB: Float64Array
  private readonly fMinus: Float64Array
  private readonly fPlus: Float64Array
  private readonly htl: Float64Array
  private readonly gradC: Float64Array
  private readonly auxB: Float64Array | undefined
  /** The backward step being taken, as a one-step store of its dense output (λ or p). */
  private readonly stepB: HermiteStore
  private readonly integrator: Integrator
  private readonly gauss: { readonly nodes: Float64Array; readonly weights: Float64Array }

  constructor(
    private readonly problem: Problem,
    private readonly iv: InitialValue,
    private readonly opts: ResolvedSolveOptions,
  ) {
    const n = (this.n = problem.dimension)
    this.theta = iv.theta
    this.auxB = problem.auxiliary === undefined ? undefined : new Float64Array(problem.auxiliary.size)
    this.stepBudget = opts.maxSteps
    this.hBack = opts.initialStep
    this.yB = new Float64Array(n)
    this.lamB = new Float64Array(n)
    this.vB = new Float64Array(n)
    this.gB = new Float64Array(n)
    this.fMinus = new Float64Array(n)
    this.fPlus = new Float64Array(n)
    this.htl = new Float64Array(n)
    this.gradC = new Float64Array(n)
    this.stepB = new HermiteStore(n, 16, 1)
    this.integrator = createIntegrator(opts.solver, n)
    this.gauss = gaussLegendre(opts.quadratureNodes)
  }

  run(): GradientSolution | SolveError {
    const segments: Segment[] = []
    try {
      return this.runWith(segments)
    } finally {
      this.releaseStores(segments)
    }
  }

  private runWith(segments: Segment[]): GradientSolution | SolveError {
    const { problem, iv, opts, n } = this
    const keepAll = opts.memory === 'all'
    let clock = performance.now()
    // forward pass: checkpoints, and the recordings of the latest segments
    const runner = new ForwardRunner(problem, iv, opts, this.forwardCounters, true)
    const events: FiredEvent[] = []
    let cp: Checkpoint = { t: iv.t0, y: iv.y0, q: 0, h: opts.initialStep }
    const tEndTol = 4 * Number.EPSILON * Math.max(Math.abs(iv.t1), iv.t1 - iv.t0)
    // With checkpoints, the forward pass records the segments that may be among the last ones
    // the trajectory budget holds (the first one; those that start within twice the span the
    // budget holds at the pace so far of the end, early paces mislead; and one that may reach the
    // end, what is left being no longer than 1.25 times the previous segment), and keeps the
    // latest that fit in the budget, at least one: the backward pass recomputes only the others.
    // A wrong guess costs recordings that are dropped, about a budget's worth at most.
    const budget = opts.trajectoryBudgetMb * 2 ** 20
    const kept: Segment[] = []
    let keptBytes = 0
    let recordedBytes = 0
    let recordedSteps = 0
    let lastSpan = 0
    while (iv.t1 - cp.t > tEndTol) {
      // the span the budget holds, from the bytes of a recorded step and the steps per unit time so far
      const stepsPerTime = this.forwardCounters.accepted / (cp.t - iv.t0)
      const budgetSpan = recordedSteps > 0 ? budget / ((recordedBytes / recordedSteps) * stepsPerTime) : 0
      const record = keepAll || segments.length === 0 || iv.t1 - cp.t <= Math.max(2 * budgetSpan, 1.25 * lastSpan)
      const store = record ? this.freshStore() : undefined
      const seg = runner.runSegment(cp, store)
      if ('message' in seg) return seg
      const segment: Segment = store === undefined ? { start: cp } : { start: cp, pieces: seg.pieces, store }
      segments.push(segment)
      if (store !== undefined) {
        kept.push(segment)
        keptBytes += store.bytes
        recordedBytes += store.bytes
        recordedSteps += store.steps
        while (!keepAll && keptBytes > budget && kept.length > 1) {
          const oldest = kept.shift()!
          keptBytes -= oldest.store!.bytes
          this.pool.push(oldest.store!)
          oldest.pieces = undefined
          oldest.store = undefined
        }
        this.peakBytes = Math.max(this.peakBytes, keptBytes)
      }
      for (const piece of seg.pieces) {
        for (const ev of piece.events) events.push({ t: ev.t, family: problem.events![ev.family].name, index: ev.index })
      }
      lastSpan = seg.end.t - cp.t
      cp = seg.end
    }
    this.peakBytes += segments.length * 8 * (n + 4)
    this.timing.forwardMs = performance.now() - clock
    const yEnd = cp.y
    let loss = cp.q
    const lambda = new Float64Array(n)
    const gradient = new Float64Array(problem.parameterCount)
    try {
      const tc = problem.terminalCost
      if (tc !== undefined) {
        this.where = 'terminalCost'
        loss += tc.value(iv.t1, yEnd, this.theta)
        tc.gradState(iv.t1, yEnd, this.theta, lambda)
        tc.gradParams?.(iv.t1, yEnd, this.theta, gradient)
      }
      // backward pass, segment by segment
      const recompute = new ForwardRunner(problem, iv, opts, this.recomputeCounters, true)
      recompute.stepBudget = Number.MAX_SAFE_INTEGER
      for (let s = segments.length - 1; s >= 0; s--) {
        let { pieces, store } = segments[s]
        if (pieces === undefined || store === undefined) {
          // every later segment is done with: its recording goes back to the pool
          clock = performance.now()
          store = this.freshStore()
          const seg = recompute.runSegment(segments[s].start, store)
          if ('message' in seg) return seg
          pieces = seg.pieces
          this.peakBytes = Math.max(this.peakBytes, store.bytes + segments.length * 8 * (n + 4))
          this.timing.recomputeMs += performance.now() - clock
        }
        clock = performance.now()
        for (let p = pieces.length - 1; p >= 0; p--) {
          const piece = pieces[p]
          for (let e = piece.events.length - 1; e >= 0; e--) this.eventAdjoint(piece.events[e], lambda, gradient)
          const err = this.integratePiece(piece, store, lambda, gradient)
          if (err !== undefined) return err
        }
        this.pool.push(store)
        segments[s].pieces = undefined
        segments[s].store = undefined
        this.timing.backwardMs += performance.now() - clock
      }
    } catch (e) {
      return problemThrew(this.where, this.whereT, e)
    }
    return {
      loss,
      gradient,
      initialStateGradient: lambda,
      y1: Float64Array.from(yEnd),
      events,
      stats: {
        forward: { ...this.forwardCounters, checkpoints: segments.length },
        recompute: { ...this.recomputeCounters },
        backward: { ...this.backward },
        peakTrajectoryBytes: this.peakBytes,
        memory: opts.memory,
        timing: { ...this.timing },
      },
    }
  }

  /** An empty recording: one from the pool, or one an earlier gradient left, or a new one. */
  private freshStore(): HermiteStore {
    const auxSize = this.problem.auxiliary?.size ?? 0
    let reused = this.pool.pop()
    if (reused === undefined) {
      const k = spareStores.findIndex((s) => s.fits(this.n, this.opts.denseNodes, auxSize))
      if (k >= 0) reused = spareStores.splice(k, 1)[0]
    }
    if (reused !== undefined) {
      reused.clear()
      return reused
    }
    return new HermiteStore(this.n, this.opts.denseNodes, 64, auxSize)
  }

  /** Hands the recordings of this run to the next gradients (within `spareStoreBytes`). */
  private releaseStores(segments: readonly Segment[]): void {
    for (const s of segments) if (s.store !== undefined) this.pool.push(s.store)
    let held = spareStores.reduce((sum, s) => sum + s.capacityBytes, 0)
    for (const store of this.pool.sort((a, b) => b.capacityBytes - a.capacityBytes)) {
      if (held + store.capacityBytes > spareStoreBytes) continue
      store.clear()
      spareStores.push(store)
      held += store.capacityBytes
    }
    this.pool.length = 0
  }

  /**
   * The jump condition at an event (DESIGN §2), in place on λ (λ⁺ → λ⁻), accumulating the
   * parameter terms into the gradient.
   */
  private eventAdjoint(ev: EventDetail, lambda: Float64Array, gradient: Float64Array): void {
    const { problem, theta, n, fMinus, fPlus, htl, gradC } = this
    const fam = problem.events![ev.family]
    const cost = problem.runningCost
    const tM = ev.before?.t ?? ev.t
    const yM = ev.before?.y ?? ev.yMinus
    this.whereT = ev.t
    this.where = 'rhs'
    problem.rhs(tM, yM, theta, fMinus)
    problem.rhs(ev.t, ev.yPlus, theta, fPlus)
    this.backward.rhsEvals += 2
    this.where = 'runningCost.value'
    const lM = cost !== undefined ? cost.value(tM, yM, theta) : 0
    const lP = cost !== undefined ? cost.value(ev.t, ev.yPlus, theta) : 0
    htl.set(lambda)
    this.where = `events[${ev.family}].jumpVjp`
    fam.jumpVjp(ev.index, ev.t, ev.yMinus, theta, lambda, htl)
    gradC.fill(0)
    this.where = `events[${ev.family}].conditionGradient`
    fam.conditionGradient(ev.index, ev.t, ev.yMinus, theta, gradC)
    let denom = fam.conditionTimeDerivative?.(ev.index, ev.t, ev.yMinus, theta) ?? 0
    let num = lP - lM
    for (let i = 0; i < n; i++) {
      denom += gradC[i] * fMinus[i]
      num += lambda[i] * fPlus[i] - htl[i] * fMinus[i]
    }
    const xi = num / denom
    if (!Number.isFinite(xi)) {
      throw new Error(
        `event ${fam.name}[${ev.index}] grazes its surface (∇c·F = ${denom}): the event time is not differentiable there`,
      )
    }
    this.where = `events[${ev.family}].jumpParamVjp`
    fam.jumpParamVjp?.(ev.index, ev.t, ev.yMinus, theta, lambda, gradient)
    this.where = `events[${ev.family}].conditionParamGradient`
    fam.conditionParamGradient?.(ev.index, ev.t, ev.yMinus, theta, xi, gradient)
    for (let i = 0; i < n; i++) lambda[i] = htl[i] + xi * gradC[i]
  }

  /** Integrates λ backward over one piece, with the parameter quadrature on each backward step. */
  private integratePiece(piece: Piece, store: HermiteStore, lambda: Float64Array, gradient: Float64Array): SolveError | undefined {
    if (piece.stepCount === 0 || !(piece.tEnd > piece.tStart)) return undefined
    const { problem, theta, n, yB, lamB, vB, gB, auxB, stepB } = this
    const cost = problem.runningCost
    const firstStep = piece.firstStep
    const count = piece.stepCount
    const tStart = piece.tStart
    const tEnd = piece.tEnd
    const transform = problem.adjointTransform
    const rhsB: Rhs =
      transform !== undefined
        ? (t, p, out) => {
            store.evaluate(t, firstStep, count, yB)
            if (auxB !== undefined) store.evaluateAux(auxB)
            this.where = 'adjointTransform.rhs'
            this.whereT = t
            transform.rhs(t, yB, theta, p, out, auxB)
            this.backward.vjpStateEvals++
          }
        : (t, l, out) => {
            store.evaluate(t, firstStep, count, yB)
            if (auxB !== undefined) store.evaluateAux(auxB)
            this.where = 'vjpState'
            this.whereT = t
            problem.vjpState(t, yB, theta, l, vB, auxB)
            this.backward.vjpStateEvals++
            if (cost !== undefined) {
              this.where = 'runningCost.gradState'
              cost.gradState(t, yB, theta, gB)
              for (let i = 0; i < n; i++) out[i] = -(vB[i] + gB[i])
            } else {
              for (let i = 0; i < n; i++) out[i] = -vB[i]
            }
          }
    const { nodes, weights } = this.gauss
    // one sampler for every step, reading the dense output of the step being taken
    let current: Step | undefined
    const sample = (tau: number, out: Float64Array): void => current!.denseInto(tau, out)
    const onStep = (step: Step): boolean => {
      const { tOld, t: tNew } = step
      const h = tOld - tNew
      const started = performance.now()
      // the step's dense output at the quadrature nodes: read there when that is cheap or takes
      // fewer reads, else rebuilt from the step's ends and as few samples as determine it (see
      // HermiteStore)
      const direct = step.cheapDense || nodes.length <= step.interiorSamples
      if (!direct) {
        stepB.clear()
        current = step
        stepB.add(tNew, tOld, step.y1, step.f1, step.y0, step.f0, step.interiorSamples, sample)
      }
      const lamAt = transform !== undefined ? gB : lamB
      for (let q = 0; q < nodes.length; q++) {
        const tau = tNew + h * nodes[q]
        store.evaluate(tau, firstStep, count, yB)
        if (auxB !== undefined) store.evaluateAux(auxB)
        if (direct) step.denseInto(tau, lamAt)
        else stepB.evaluate(tau, 0, 1, lamAt)
        if (transform !== undefined) transform.toLambda(tau, yB, theta, gB, lamB)
        this.where = 'vjpParams'
        this.whereT = tau
        problem.vjpParams(tau, yB, theta, lamB, weights[q] * h, gradient, auxB)
        this.backward.vjpParamsEvals++
        if (cost?.gradParams !== undefined) {
          this.where = 'runningCost.gradParams'
          cost.gradParams(tau, yB, theta, weights[q] * h, gradient)
        }
      }
      this.timing.quadratureMs += performance.now() - started
      return true
    }
    if (transform !== undefined) {
      // p at the end of the piece, with the state on this piece's side of an event there
      const before = piece.events[0]?.before
      if (before !== undefined) yB.set(before.y)
      else store.evaluate(tEnd, firstStep, count, yB)
      this.where = 'adjointTransform.fromLambda'
      transform.fromLambda(tEnd, yB, theta, lambda, lamB)
      lambda.set(lamB)
    }
    const res = this.integrator.integrate(
      rhsB,
      tEnd,
      lambda,
      tStart,
      {
        rtol: this.opts.adjointRtol,
        atol: this.opts.adjointAtol,
        maxSteps: this.stepBudget,
        initialStep: Math.min(this.hBack, tEnd - tStart),
        maxStep: this.opts.maxStep,
        dense: true,
      },
      onStep,
    )
    this.backward.steps += res.steps
    this.backward.accepted += res.accepted
    this.backward.rejected += res.rejected
    this.stepBudget -= res.steps
    if (res.outcome === 'threw') return problemThrew(this.where, this.whereT, res.thrown)
    if (res.outcome === 'non-finite') return nonFiniteState(res.badTime ?? res.t, res.badComponent ?? -1, 'the adjoint λ')
    if (res.outcome === 'max-steps') return maxStepsExceeded(res.t, this.opts.maxSteps)
    if (res.outcome === 'step-underflow') return stepSizeUnderflow(res.t, res.tinyStep ?? 0)
    if (res.nextStep > 0) this.hBack = res.nextStep
    for (let i = 0; i < n; i++) lambda[i] = res.y[i]
    if (transform !== undefined) {
      store.evaluate(tStart, firstStep, count, yB)
      for (let i = 0; i < n; i++) lamB[i] = lambda[i]
      this.where = 'adjointTransform.toLambda'
      transform.toLambda(tStart, yB, theta, lamB, lambda)
    }
    return undefined
  }
}
