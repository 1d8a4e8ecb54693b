import type { EvaluationRecord, IterationRecord, ModelSpec } from '@spikegrad/core'
import type { DecisionMap, SampleTrial } from '@spikegrad/core/internal'

/**
 * The messages between the page and its training worker (structured-clone values only).
 * The page sends commands; the worker answers with events.
 */

/** What the page asks of the worker. */
export type WorkerCommand =
  /** A fresh model from a specification (the form's choice). */
  | { readonly type: 'create'; readonly spec: ModelSpec }
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
  | { readonly type: 'model'; readonly summary: ModelSummary; readonly history: { readonly iterations: readonly IterationRecord[]; readonly evaluations: readonly EvaluationRecord[] } }
  | { readonly type: 'iteration'; readonly record: IterationRecord; readonly iterationsPerSecond: number }
  | { readonly type: 'evaluation'; readonly record: EvaluationRecord; readonly primary: string }
  | { readonly type: 'figures'; readonly iteration: number; readonly sample: SampleTrial; readonly map?: DecisionMap }
  | { readonly type: 'score'; readonly score: CurrentScore }
  | { readonly type: 'file'; readonly text: string; readonly name: string }
  | { readonly type: 'binaryFile'; readonly bytes: Uint8Array; readonly name: string }
  | { readonly type: 'error'; readonly message: string }
