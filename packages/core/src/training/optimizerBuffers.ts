import type { OptimizerState } from './optimizer.js'

/* Internals shared by the optimisers (not part of core's public face). */

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
