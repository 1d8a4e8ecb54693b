import { gaussLegendre } from './gaussLegendre.js'
import type { EventDetail, Piece } from './forwardRunner.js'
import { HermiteStore } from './hermiteStore.js'
import type { Integrator, Rhs, Step } from './integrator.js'
import type { Problem } from './problem.js'
import { maxStepsExceeded, nonFiniteState, problemThrew, stepSizeUnderflow, type SolveError } from './solveError.js'
import type { ResolvedSolveOptions } from './solveOptions.js'

/**
 * Called on every accepted backward step [t, tOld] (t < tOld) after its quadrature: the step's
 * dense output of the adjoint variable (p when the problem has an `adjointTransform`, else λ),
 * the forward recording it reads (`store`, steps [firstStep, firstStep + count)).
 */
export type BackwardStepObserver = (step: Step, store: HermiteStore, firstStep: number, count: number) => void

/**
 * The backward pass of the adjoint method over recorded pieces of a forward solve (DESIGN §2):
 * the jump condition at each event and the adjoint ODE λ' = −(∂F/∂y)ᵀλ − ∂l/∂y (or the problem's
 * p-form) on each smooth piece, with dL/dθ = ∫ (∂F/∂θ)ᵀλ + ∂l/∂θ dt by Gauss–Legendre
 * quadrature on each backward step. `adjointGradient` runs it on one problem's segments; the
 * structured solve on each component of each block. Its buffers are allocated once.
 */
/**
 * Where a problem bounds its forward steps (`Problem.stepBound`, `BlockBatch.stepBounds`), a
 * backward step spans at most this many times the recorded forward step it starts in: the
 * adjoint's right-hand side carries the same narrow pulses, which its own error control could
 * step over alike.
 */
export const backwardStepFactor = 2

export class BackwardRunner {
  private readonly n: number
  theta: Float64Array
  readonly counts = { vjpStateEvals: 0, vjpParamsEvals: 0, rhsEvals: 0, steps: 0, accepted: 0, rejected: 0 }
  quadratureMs = 0
  stepBudget: number
  private hBack: number
  where = 'vjpState'
  whereT = 0
  /** Optional observer of every backward step (the structured solve records cotangents with it). */
  observer: BackwardStepObserver | undefined
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
    theta: Float64Array,
    private readonly opts: ResolvedSolveOptions,
  ) {
    const n = (this.n = problem.dimension)
    this.theta = theta
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
    this.integrator = opts.solver.integrator(n)
    this.gauss = gaussLegendre(opts.quadratureNodes)
  }

  /** Forgets the step size carried from the last piece (a new component starts afresh). */
  resetStep(): void {
    this.hBack = this.opts.initialStep
  }

  /**
   * The jump condition at an event (DESIGN §2), in place on λ (λ⁺ → λ⁻), accumulating the
   * parameter terms into the gradient. `timeCost` is ∂Ψ/∂t of a cost on this event's time
   * (`EventCost`), subtracted from the numerator of ξ.
   */
  eventAdjoint(ev: EventDetail, lambda: Float64Array, gradient: Float64Array, timeCost = 0): void {
    const { problem, theta, n, fMinus, fPlus, htl, gradC } = this
    const fam = problem.events![ev.family]
    const cost = problem.runningCost
    const tM = ev.before?.t ?? ev.t
    const yM = ev.before?.y ?? ev.yMinus
    this.whereT = ev.t
    this.where = 'rhs'
    problem.rhs(tM, yM, theta, fMinus)
    problem.rhs(ev.t, ev.yPlus, theta, fPlus)
    this.counts.rhsEvals += 2
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
    let num = lP - lM - timeCost
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
  integratePiece(piece: Piece, store: HermiteStore, lambda: Float64Array, gradient: Float64Array): SolveError | undefined {
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
            this.counts.vjpStateEvals++
          }
        : (t, l, out) => {
            store.evaluate(t, firstStep, count, yB)
            if (auxB !== undefined) store.evaluateAux(auxB)
            this.where = 'vjpState'
            this.whereT = t
            problem.vjpState(t, yB, theta, l, vB, auxB)
            this.counts.vjpStateEvals++
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
        this.counts.vjpParamsEvals++
        if (cost?.gradParams !== undefined) {
          this.where = 'runningCost.gradParams'
          cost.gradParams(tau, yB, theta, weights[q] * h, gradient)
        }
      }
      this.quadratureMs += performance.now() - started
      if (this.observer !== undefined) this.observer(step, store, firstStep, count)
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
        // the adjoint carries the forward dynamics' narrow features: at most a few recorded
        // forward steps a step where the problem bounds its forward steps
        ...(problem.stepBound !== undefined && { stepBound: (t: number) => backwardStepFactor * store.stepLengthBelow(t, firstStep, count) }),
      },
      onStep,
    )
    this.counts.steps += res.steps
    this.counts.accepted += res.accepted
    this.counts.rejected += res.rejected
    this.stepBudget -= res.steps
    if (res.outcome === 'threw') return problemThrew(this.where, this.whereT, res.thrown)
    if (res.outcome === 'non-finite') {
      const i = res.badComponent ?? -1
      const name = i >= 0 ? this.problem.describeComponent?.(i) : undefined
      return nonFiniteState(res.badTime ?? res.t, i, 'the adjoint λ', name === undefined ? undefined : `${i} (the adjoint of ${name})`)
    }
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
