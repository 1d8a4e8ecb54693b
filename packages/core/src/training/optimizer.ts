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

// internals shared by the optimisers

/** Throws a RangeError naming the optimiser and the fix when a step's inputs do not fit. */
export function checkStep(kind: string, size: number, params: Float64Array, grad: Float64Array, lr: number): void {
  if (params.length !== size || grad.length !== size) {
    throw new RangeError(
      `${kind}: expected ${size} parameters and as many gradient entries, got ${params.length} and ${grad.length}; ` +
        'create the optimiser with the size of the parameter vector',
    )
  }
  if (!(lr >= 0 && Number.isFinite(lr))) throw new RangeError(`${kind}: the learning rate must be a finite number ≥ 0, got ${lr}`)
}

/**
 * Fresh zero buffers, or the buffers of a saved state after checking that it belongs to this
 * optimiser and to a parameter vector of this size.
 */
export function restoreBuffers(
  kind: string,
  names: readonly string[],
  size: number,
  state: OptimizerState | undefined,
): { readonly step: number; readonly buffers: readonly Float64Array[] } {
  if (!Number.isSafeInteger(size) || size < 0) throw new RangeError(`${kind}: size must be an integer ≥ 0, got ${size}`)
  if (state === undefined) return { step: 0, buffers: names.map(() => new Float64Array(size)) }
  if (state.kind !== kind) {
    throw new RangeError(`${kind}: cannot resume from a saved "${state.kind}" state; use a "${state.kind}" optimiser or start afresh`)
  }
  if (!Number.isSafeInteger(state.step) || state.step < 0) {
    throw new RangeError(`${kind}: saved state.step must be an integer ≥ 0, got ${state.step}`)
  }
  const buffers = names.map((name) => {
    const saved = state.buffers[name]
    if (saved === undefined) throw new RangeError(`${kind}: saved state has no buffer "${name}"`)
    if (saved.length !== size) {
      throw new RangeError(
        `${kind}: saved buffer "${name}" has ${saved.length} entries but the model has ${size} parameters; ` +
          'the state belongs to a different model',
      )
    }
    return Float64Array.from(saved)
  })
  return { step: state.step, buffers }
}
