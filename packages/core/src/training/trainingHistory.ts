/**
 * The record of a training run, kept in the model file.
 */

// -------------------------------------------------------------------------------------
// model
// -------------------------------------------------------------------------------------

/** One optimiser step: the minibatch loss, ‖∇L‖₂ before clipping, the rate used, and its cost. */
export interface IterationRecord {
  /** 0-based index of the step (the model's `iteration` before it). */
  readonly iteration: number
  /** Mean over the batch of L = ∫ l dt + Φ per trial. */
  readonly loss: number
  /** ‖mean gradient‖₂ before clipping. */
  readonly gradientNorm: number
  readonly learningRate: number
  /** Wall-clock time of the whole step, ms. */
  readonly wallTime: number
  /** CPU time of the step, ms: the process's, gradient workers included (absent where no CPU clock was given, e.g. in a browser). */
  readonly cpuTime?: number
}

/** A score of the network on the held-out trials, after `iteration` steps. */
export interface EvaluationRecord {
  /** Number of steps taken when evaluated. */
  readonly iteration: number
  /** The task's scores, e.g. { accuracy: 0.95 } or { nmse: 0.12 }. */
  readonly scores: Readonly<Record<string, number>>
  /** Mean loss over the held-out trials. */
  readonly loss: number
  /** Mean firing rate over neurons and trials, Hz. */
  readonly firingRate: number
  /** The data set's split scored (absent: trials drawn with the evaluation seeds). */
  readonly split?: string
}

/** Every optimiser step and every evaluation of a run, in order (a resumed run appends to them). */
export interface TrainingHistory {
  /** One record per optimiser step. */
  readonly iterations: readonly IterationRecord[]
  /** One record per evaluation (per split evaluated). */
  readonly evaluations: readonly EvaluationRecord[]
}

// -------------------------------------------------------------------------------------
// constructors
// -------------------------------------------------------------------------------------

/** A history with no steps and no evaluations (a fresh model's). */
export const emptyHistory = (): TrainingHistory => ({ iterations: [], evaluations: [] })
