import * as io from 'io-ts'
import { nonNegativeInteger } from '../io/codecs.js'

/**
 * A first-order optimiser over a flat parameter vector θ (Float64Array): one `step` applies
 * one update θ ← θ - lr · (direction computed from the gradient and the optimiser's memory).
 * `state()` captures that memory as plain JSON so that training can stop and resume bit for bit.
 */
export interface Optimizer {
  /** 'adam', 'sgd', … */
  readonly kind: string
  /** Updates `params` in place from `grad` (same length, dL/dθ) with learning rate `lr` ≥ 0. */
  step(params: Float64Array, grad: Float64Array, lr: number): void
  /** A JSON-serialisable copy of the optimiser's memory. */
  state(): OptimizerState
}

/**
 * The memory of an optimiser: the number of steps taken and its per-parameter buffers
 * (Adam's moments m and v, SGD's velocity), as number[] so that JSON.stringify / JSON.parse
 * round-trip every value exactly.
 */
export interface OptimizerState {
  readonly kind: string
  /** Steps taken so far. */
  readonly step: number
  readonly buffers: Readonly<Record<string, readonly number[]>>
}

/** io-ts codec for an OptimizerState read from a file. */
export const optimizerStateCodec: io.Decoder<unknown, OptimizerState> = io.type(
  {
    kind: io.string,
    step: nonNegativeInteger,
    buffers: io.record(io.string, io.readonlyArray(io.number)),
  },
  'optimizer state',
)
