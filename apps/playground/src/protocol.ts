import type { EvaluationRecord, IterationRecord, Issue, ModelSpec } from '@spikegrad/core'
import type { DecisionMap, SampleTrial } from '@spikegrad/core/internal'

/**
 * The messages between the page and its training worker (structured-clone values only).
 * The page sends commands; the worker answers with events.
 */

/** What the page asks of the worker. */
export type WorkerCommand =
  /** A fresh model from a specification (the form's choice), trained at once with `train` — only if it could be made. */
  | { readonly type: 'create'; readonly spec: ModelSpec; readonly train?: { readonly iterations: number; readonly workers: number } }
  /** The model of a model file's text (one `spikegrad train` wrote, or the page). */
  | { readonly type: 'open'; readonly text: string; readonly name: string }
  /** Train until the run's iterations (from where the model stands), the gradients on `workers` Web Workers (1: in the training worker). */
  | { readonly type: 'train'; readonly iterations: number; readonly workers: number }
  /** Stop after the current step; the model keeps where it stands. */
  | { readonly type: 'pause' }
  /** Train on at a new constant learning rate (from the next step). */
  | { readonly type: 'learningRate'; readonly lr: number }
  /** The model file's text, for a download. */
  | { readonly type: 'download' }
  /** The model as a NIR graph (HDF5 bytes), for a download. */
  | { readonly type: 'downloadNir' }

/** Where the worker stands. */
export type SessionState = 'empty' | 'ready' | 'training' | 'paused' | 'done'

/** The network's shape, for the page's legend and the raster's rows. */
export interface ModelSummary {
  readonly task: string
  readonly description: string
  readonly iteration: number
  readonly iterations: number
  readonly parameters: number
  readonly lr: number
  /** The task's primary score, e.g. accuracy. */
  readonly primary: string
  /** The Web Workers the gradients are computed on (1: the training worker itself). */
  readonly workers: number
  readonly spec: ModelSpec
}

/**
 * The score of the model's current parameters, computed as `spikegrad evaluate` computes it
 * (`evaluate(model, { trials, seed })`, or the whole of a split), so that the CLI reproduces it.
 */
export interface CurrentScore {
  readonly iteration: number
  readonly name: string
  readonly value: number
  readonly higherIsBetter: boolean
  readonly loss: number
  readonly trials: number
  readonly seed?: number
  readonly split?: string
}

/** What the worker tells the page. */
export type WorkerEvent =
  | { readonly type: 'state'; readonly state: SessionState }
  /** The model now held: made from the form, opened from a file, or as a run (re)starts or changes its rate. */
  | { readonly type: 'model'; readonly source: 'created' | 'opened' | 'run'; readonly summary: ModelSummary; readonly history: { readonly iterations: readonly IterationRecord[]; readonly evaluations: readonly EvaluationRecord[] } }
  | { readonly type: 'iteration'; readonly record: IterationRecord; readonly iterationsPerSecond: number }
  | { readonly type: 'evaluation'; readonly record: EvaluationRecord; readonly primary: string }
  | { readonly type: 'figures'; readonly iteration: number; readonly sample: SampleTrial; readonly map?: DecisionMap }
  | { readonly type: 'score'; readonly score: CurrentScore }
  | { readonly type: 'file'; readonly text: string; readonly name: string }
  | { readonly type: 'binaryFile'; readonly bytes: Uint8Array; readonly name: string }
  /** A failure; `issues` when the form's specification was refused (the page names their fields). */
  | { readonly type: 'error'; readonly message: string; readonly issues?: readonly Issue[] }
