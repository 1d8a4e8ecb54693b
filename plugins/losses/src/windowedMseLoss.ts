import type { Loss, ParameterSpec } from '@spikegrad/core'
import { resolveParameters } from '@spikegrad/core'

// model

/** Parameters of the windowed MSE: `scale` ≥ 0 (default 1), a plain factor on the term. */
export const windowedMseParameters: readonly ParameterSpec[] = [
  { name: 'scale', value: 1, unit: '1', description: 'factor on the weighted squared error', min: 0 },
]

// constructors

/**
 * Mean-squared error weighted by the trial's mask weight w(t) (1 in a scored window, 0 outside,
 * or any profile the task gives):
 *
 *     l(t, o) = scale · w(t) · ½ Σ_r (o_r - o*_r(t))²,   ∂l/∂o_r = scale · w(t) · (o_r - o*_r),   ∂l/∂s = 0
 *
 * `o` and `target` have the same length, the readout size. Allocation-free; nothing is computed
 * where w(t) = 0.
 *
 * @param params - { scale }; missing values take their defaults.
 * @throws Error naming the parameter when a value is unknown, non-finite or negative.
 * @example
 * const loss = windowedMseLoss()
 */
export function windowedMseLoss(params: Readonly<Record<string, number>> = {}): Loss {
  const resolved = resolveParameters('windowed-mse loss', windowedMseParameters, params)
  if ('errors' in resolved) throw new Error(resolved.errors.join('\n'))
  const scale = resolved.values[0]
  return {
    kind: 'windowed-mse',
    readsTraces: false,
    zeroWhereUnweighted: true,
    value(_t, o, _s, target, weight) {
      if (weight === 0) return 0
      let sum = 0
      for (let r = 0; r < o.length; r++) {
        const d = o[r] - target[r]
        sum += d * d
      }
      return 0.5 * scale * weight * sum
    },
    gradient(_t, o, _s, target, weight, gradO) {
      if (weight === 0) return
      const w = scale * weight
      for (let r = 0; r < o.length; r++) gradO[r] += w * (o[r] - target[r])
    },
  }
}
