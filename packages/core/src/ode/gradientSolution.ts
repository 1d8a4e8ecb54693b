/**
 * What a solve returns and what it cost, as types only (no module of the solver is imported here,
 * so that the options and strategies can name results without importing the solves).
 */

/** What a pass of the integrator did: right-hand-side evaluations, steps (accepted and rejected) and events. */
export interface Counters {
  rhsEvals: number
  steps: number
  accepted: number
  rejected: number
  events: number
}

/** An event as reported to users: the family's name, the member index and the time. */
export interface FiredEvent {
  readonly t: number
  readonly family: string
  readonly index: number
}

/**
 * What the forward pass cost: right-hand-side evaluations, integrator steps (accepted and
 * rejected), events fired and checkpoints, summed over the solve.
 */
export interface SolveStats extends Readonly<Counters> {
  /** Number of checkpoints (segments) of the forward pass. */
  readonly checkpoints: number
}

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
  /** How the trajectory was kept (`SolveOptions.adjoint`): every step, checkpoints, or none (finite differences). */
  readonly memory: 'checkpoint' | 'all' | 'none'
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
