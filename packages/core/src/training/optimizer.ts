import * as io from 'io-ts'
import { nonNegativeInteger } from '../io/codecs.js'

/**
 * The memory of an optimiser (see `OptimizerRun`): the number of steps taken and its
 * per-parameter buffers (Adam's moments `adam.m` and `adam.v`, the momentum's `momentum.velocity`),
 * as number[] so that JSON.stringify / JSON.parse round-trip every value exactly.
 */
export interface OptimizerState {
  /** The transformation it belongs to, e.g. 'clip>adam>lr'. */
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
