import type { Loss, ParameterSpec } from '@spikegrad/core'
import { resolveParameters } from '@spikegrad/core'

// model

/** Parameters of the tracking MSE: `scale` ≥ 0 (default 1), a plain factor on the term. */
export const mseParameters: readonly ParameterSpec[] = [
  { name: 'scale', value: 1, unit: '1', description: 'factor on the squared error', min: 0 },
]

// constructors

/**
 * Tracking mean-squared error over the whole trial, ignoring the trial's mask weight:
 *
 *     l(t, o) = scale · ½ Σ_r (o_r - o*_r(t))²,   ∂l/∂o_r = scale · (o_r - o*_r),   ∂l/∂s = 0
 *
 * (units of o², per ms of trial: the loss is L = ∫_0^T l dt). `o` and `target` have the same
 * length, the readout size. Allocation-free.
 *
 * @param params - { scale }; missing values take their defaults.
 * @throws Error naming the parameter when a value is unknown, non-finite or negative.
 * @example
 * const loss = mseLoss({ scale: 0.5 })
 */
export function mseLoss(params: Readonly<Record<string, number>> = {}): Loss {
  const resolved = resolveParameters('mse loss', mseParameters, params)
  if ('errors' in resolved) throw new Error(resolved.errors.join('\n'))
  const scale = resolved.values[0]
  return {
    kind: 'mse',
    readsTraces: false,
    value(_t, o, _s, target) {
      let sum = 0
      for (let r = 0; r < o.length; r++) {
        const d = o[r] - target[r]
        sum += d * d
      }
      return 0.5 * scale * sum
    },
    gradient(_t, o, _s, target, _weight, gradO) {
      for (let r = 0; r < o.length; r++) gradO[r] += scale * (o[r] - target[r])
    },
  }
}
