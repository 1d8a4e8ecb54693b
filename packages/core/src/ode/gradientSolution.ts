import type { Counters } from './forwardRunner.js'
import type { FiredEvent, SolveStats } from './solveForward.js'

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
