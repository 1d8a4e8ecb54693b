/**
 * The contract between a model and the generic solver: an ODE dy/dt = F(t, y, θ) with a
 * running cost, optional terminal cost and events, every derivative written by hand.
 *
 * Nothing here knows what a neuron is. All functions write into caller-provided
 * Float64Arrays and should allocate nothing: they run in the solver's innermost loop.
 * `y` arrays handed to a problem have exactly `dimension` entries; `theta` has
 * `parameterCount` entries and is read-only.
 */
export interface Problem {
  /** n, the dimension of the state y. */
  readonly dimension: number
  /** P, the number of parameters θ. */
  readonly parameterCount: number
  /** Named slices of θ, for reports (e.g. W, U, b, O). Optional. */
  readonly parameterBlocks?: readonly ParameterBlock[]
  /** Optional: the name of state component i in the model's terms, for messages (e.g. `v of neuron 3 of population "hidden"`). */
  describeComponent?(i: number): string | undefined
  /** Optional: the name of parameter k, for messages (e.g. `hidden<-hidden[2][3]`). */
  describeParameter?(k: number): string | undefined

  /** out = F(t, y, θ). */
  rhs(t: number, y: Float64Array, theta: Float64Array, out: Float64Array): void
  /**
   * out = (∂F/∂y)ᵀ λ at (t, y, θ) (overwritten). `aux`, when the problem declares
   * `auxiliary`, holds those quantities at (t, y), interpolated along the stored trajectory.
   */
  vjpState(t: number, y: Float64Array, theta: Float64Array, lambda: Float64Array, out: Float64Array, aux?: Float64Array): void
  /** acc += scale · (∂F/∂θ)ᵀ λ at (t, y, θ) (accumulated); `aux` as for `vjpState`. */
  vjpParams(
    t: number,
    y: Float64Array,
    theta: Float64Array,
    lambda: Float64Array,
    scale: number,
    acc: Float64Array,
    aux?: Float64Array,
  ): void
  /**
   * Optional: quantities of the state that the backward pass needs and that are costly to
   * recompute (a network's input current W s + U i + b). The solver computes them while
   * recording the forward pass, keeps them beside the trajectory and hands them, interpolated,
   * to `vjpState`, `vjpParams` and `adjointTransform.rhs`.
   */
  readonly auxiliary?: {
    /** Number of auxiliary quantities (the length of `aux`). */
    readonly size: number
    /** out = a(t, y, θ), the `size` auxiliary quantities at (t, y) (overwritten). */
    compute(t: number, y: Float64Array, theta: Float64Array, out: Float64Array): void
  }

  /** Running cost l(t, y, θ): L = ∫ l dt (+ terminal cost). */
  readonly runningCost?: RunningCost
  /** Terminal cost Φ(t1, y(t1), θ). */
  readonly terminalCost?: TerminalCost
  /** Cost on the times of the events that fired (and on y(t1)): Ψ(t_1 … t_K, y(t1), θ). */
  readonly eventCost?: EventCost
  /** State-dependent events: a condition crossing zero, and a jump of the state. */
  readonly events?: readonly EventFamily[]
  /**
   * Times where F or l is not smooth in t (e.g. the edges of an input pulse). The solver
   * stops and restarts there instead of stepping across blindly. No jump is applied.
   */
  readonly breakpoints?: readonly number[]
  /**
   * Optional: the longest step the dynamics allow from state y with slope f, beyond what error
   * control asks (∞ for none) — for a feature narrower than a step that the stages could step
   * over unseen, because an embedded pair's two solutions share their samples (a gated synapse's
   * pulse g(v) dv/dt while v crosses the gate's zone). The backward pass then spans at most
   * `backwardStepFactor` recorded forward steps a step, since the adjoint carries the same
   * pulse. Honoured by the native pairs.
   */
  stepBound?(t: number, y: Float64Array, f: Float64Array, theta: Float64Array): number
  /**
   * Optional: integrate the adjoint in variables of the problem's choosing, λ = T(t, y, θ) p,
   * when the λ-equation has terms that cancel in p (the gated network's g' does). The
   * solver converts at the ends of every smooth piece and at the quadrature nodes; the
   * problem supplies dp/dt, including its running cost's contribution.
   */
  readonly adjointTransform?: AdjointTransform
}

/** λ = T(t, y, θ) p, invertible, and the adjoint equation written for p. */
export interface AdjointTransform {
  /** out = λ = T p (overwritten). */
  toLambda(t: number, y: Float64Array, theta: Float64Array, p: Float64Array, out: Float64Array): void
  /** out = p = T⁻¹ λ (overwritten). */
  fromLambda(t: number, y: Float64Array, theta: Float64Array, lambda: Float64Array, out: Float64Array): void
  /** out = dp/dt, equivalent to λ' = −(∂F/∂y)ᵀλ − ∂l/∂y (overwritten); `aux` as for `vjpState`. */
  rhs(t: number, y: Float64Array, theta: Float64Array, p: Float64Array, out: Float64Array, aux?: Float64Array): void
}

/**
 * A named slice θ[offset … offset + length) of the parameters (e.g. a weight matrix):
 * gradient checks report their errors block by block (`checkGradient`).
 */
export interface ParameterBlock {
  /** The block's name, the key of its entry in a `GradientCheckReport`, e.g. `hidden<-input`. */
  readonly name: string
  /** Index in θ of the block's first entry. */
  readonly offset: number
  /** Number of entries. */
  readonly length: number
  /**
   * False for a block held fixed (a frozen weight): the problem computes no gradient for it
   * (its entries stay 0) and gradient checks leave it out. Default true.
   */
  readonly trainable?: boolean
}

/**
 * The integrand l(t, y, θ) of the loss L = ∫_{t0}^{t1} l dt + Φ, with its partial derivatives
 * for the adjoint. The solver integrates l alongside the state as an extra quadrature component.
 */
export interface RunningCost {
  /** l(t, y, θ). */
  value(t: number, y: Float64Array, theta: Float64Array): number
  /** out = ∂l/∂y (overwritten). */
  gradState(t: number, y: Float64Array, theta: Float64Array, out: Float64Array): void
  /** acc += scale · ∂l/∂θ. Omit when l does not depend on θ. */
  gradParams?(t: number, y: Float64Array, theta: Float64Array, scale: number, acc: Float64Array): void
}

/**
 * The end term Φ(t1, y(t1), θ) of the loss L = ∫ l dt + Φ; its gradient ∂Φ/∂y is the adjoint's
 * final value λ(t1).
 */
export interface TerminalCost {
  /** Φ(t, y, θ), evaluated once, at t = t1. */
  value(t: number, y: Float64Array, theta: Float64Array): number
  /** out = ∂Φ/∂y (overwritten). */
  gradState(t: number, y: Float64Array, theta: Float64Array, out: Float64Array): void
  /** acc += ∂Φ/∂θ. Omit when Φ does not depend on θ. */
  gradParams?(t: number, y: Float64Array, theta: Float64Array, acc: Float64Array): void
}

/** One event that fired in a solve: its time, its family (index into `Problem.events`) and member. */
export interface EventOccurrence {
  readonly t: number
  readonly family: number
  readonly index: number
}

/**
 * A cost on the times of the events of a solve, Ψ(t_1 … t_K, y(t1), θ), where t_k is the time
 * of the k-th event applied (in the order applied, as `events` lists them) — e.g. a loss on the
 * first time a threshold is crossed. It may also read the final state (a stand-in for an event
 * that did not happen), so it is a terminal cost that knows the events too. L gains Ψ once, after
 * the forward pass. In the adjoint, ∂Ψ/∂y(t1) adds to λ(t1), and ∂Ψ/∂t_k enters event k's jump
 * condition: the numerator of ξ gains −∂Ψ/∂t_k, since the event's time moves by
 * δt_k = −(∇c·δy⁻ + ∂c/∂θ δθ) / (∇c·F⁻ + ∂c/∂t):
 *
 *   ξ = [ λ⁺·F⁺ − (Hᵀλ⁺)·F⁻ + l⁺ − l⁻ − ∂Ψ/∂t_k ] / (∇c·F⁻ + ∂c/∂t)
 *
 * Ψ must not depend on which events fired in a way a small change of θ would alter (the set and
 * order of events are those of the forward pass, as for every other term). Called once per solve,
 * outside the integrator's loops: it may allocate.
 */
export interface EventCost {
  /** Ψ(events, y(t1), θ); `events` in the order applied. */
  value(events: readonly EventOccurrence[], t1: number, y1: Float64Array, theta: Float64Array): number
  /**
   * gradTimes[k] = ∂Ψ/∂t_k (one entry per event, zero on entry), gradState = ∂Ψ/∂y(t1) (zero on
   * entry), acc += ∂Ψ/∂θ.
   */
  gradient(
    events: readonly EventOccurrence[],
    t1: number,
    y1: Float64Array,
    theta: Float64Array,
    gradTimes: Float64Array,
    gradState: Float64Array,
    acc: Float64Array,
  ): void
}

/**
 * The direction in which a condition must cross zero for its event to fire. A condition's
 * sides are c ≥ 0 and c < 0: 'rising' fires on − → +, 'falling' on + → −, 'either' on both.
 */
export type Direction = 'rising' | 'falling' | 'either'

/**
 * A family of `count` scalar events sharing one implementation (e.g. one threshold per
 * neuron). Event k fires when c_k(t, y, θ) crosses zero in `direction`; the state then jumps
 * y⁺ = h_k(y⁻, θ). The adjoint applies, at the event time t* (DESIGN §2):
 *
 *   ξ  = [ λ⁺·F⁺ − (Hᵀλ⁺)·F⁻ + l⁺ − l⁻ − ∂Ψ/∂t* ] / (∇c·F⁻ + ∂c/∂t)
 *   λ⁻ = Hᵀ λ⁺ + ξ ∇c,   dL/dθ += (∂h/∂θ)ᵀ λ⁺ + ξ ∂c/∂θ
 */
export interface EventFamily {
  readonly name: string
  readonly count: number
  readonly direction: Direction
  /**
   * The state components that c_k reads (for locating the event on the dense output).
   * Omit to mean every component.
   */
  components?(k: number): readonly number[]
  /**
   * Optional: the members' firing times when they are known in advance, increasing — member k
   * fires at times[k] whatever the state (an input spike). Its condition must then be
   * t − times[k] and its ∇c zero; a solver that knows the times stops there instead of locating them.
   */
  readonly times?: Float64Array
  /** c_k(t, y, θ). */
  condition(k: number, t: number, y: Float64Array, theta: Float64Array): number
  /** out = ∇_y c_k; `out` is zero on entry, write the non-zero entries. */
  conditionGradient(k: number, t: number, y: Float64Array, theta: Float64Array, out: Float64Array): void
  /** ∂c_k/∂t, for conditions that depend on time explicitly (default 0). */
  conditionTimeDerivative?(k: number, t: number, y: Float64Array, theta: Float64Array): number
  /** acc += scale · ∂c_k/∂θ. Omit when c does not depend on θ. */
  conditionParamGradient?(k: number, t: number, y: Float64Array, theta: Float64Array, scale: number, acc: Float64Array): void
  /**
   * The jump y⁺ = h_k(y⁻). `yPlus` holds a copy of `yMinus` on entry: write the components
   * that change. An identity jump (a pure stop-and-restart) writes nothing.
   */
  jump(k: number, t: number, yMinus: Float64Array, theta: Float64Array, yPlus: Float64Array): void
  /**
   * out = (∂h_k/∂y)ᵀ λ⁺ at y⁻. `out` holds a copy of λ⁺ on entry (the identity part):
   * write the components that differ.
   */
  jumpVjp(k: number, t: number, yMinus: Float64Array, theta: Float64Array, lambdaPlus: Float64Array, out: Float64Array): void
  /** acc += (∂h_k/∂θ)ᵀ λ⁺ at y⁻. Omit when h does not depend on θ. */
  jumpParamVjp?(k: number, t: number, yMinus: Float64Array, theta: Float64Array, lambdaPlus: Float64Array, acc: Float64Array): void
}

/** The initial-value data of one solve. */
export interface InitialValue {
  readonly t0: number
  readonly t1: number
  readonly y0: Float64Array
  readonly theta: Float64Array
}
