import type { FitProgress } from '@spikegrad/core'

/**
 * What the training thread is given and what it answers (see `runTraining`, `trainWorker`).
 */

/** One training run, as plain data for the training thread; its length, evaluations and checkpoint spacing are the model's `spec.run`. */
export interface TrainJob {
  /** The model file to start from. */
  readonly from: string
  /** Where checkpoints and the trained model are written (atomically). */
  readonly out: string
  /** Plugin packages to load besides those the model file names. */
  readonly plugins: readonly string[]
  /** Gradient worker threads (0 or 1: in the training thread). */
  readonly workers: number
  /** Where the gradient workers resolve plugin packages from. */
  readonly baseDir: string
  /**
   * Send the trial gradients as jobs to the queue in this Redis instead (`spikegrad worker`
   * processes compute them); stop when Redis stays unreachable for `waitSeconds`.
   */
  readonly redis?: { readonly url: string; /** The URL with its password hidden, for messages. */ readonly shown: string; readonly waitSeconds: number }
}

/** The job as sent to the thread: with the stop flag, an Int32Array over shared memory ([0] = 1: stop). */
export interface TrainJobData extends TrainJob {
  readonly stop: Int32Array
}

/** What the training thread reports after each step: what `fit` reports, without the run's state (which stays in the thread). */
export type TrainProgress = Omit<FitProgress, 'snapshot'>

/** Messages from the training thread. */
export type TrainMessage =
  | { readonly type: 'progress'; readonly event: TrainProgress }
  /** Something to tell the person watching (a queue without workers, a lost Redis). */
  | { readonly type: 'notice'; readonly message: string }
  /** Training ended normally or by request; the model is saved to `out`. */
  | { readonly type: 'finished'; readonly iteration: number; readonly interrupted: boolean }
  /** Training failed; the last checkpoint is left as it was. */
  | { readonly type: 'failed'; readonly message: string; readonly iteration: number; readonly setup: boolean }
