import type { Loss } from '@spikegrad/core'

/**
 * The task's own default loss, a windowed mean-squared error over the first `outputSize`
 * readouts:
 *
 *     l(t, o) = w(t) · ½ Σ_r (o_r - o*_r(t))²,    ∂l/∂o_r = w(t) (o_r - o*_r(t)),    ∂l/∂s = 0,
 *
 * with w(t) the trial's mask weight (1 where the output is scored, 0 before the target delay).
 * It is the same term as the `windowed-mse` loss plugin, written here so that the task plugin
 * depends on core only.
 * Allocation-free.
 */
export function windowedMse(outputSize: number): Loss {
  return {
    kind: 'windowed-mse',
    value(_t, o, _s, target, weight) {
      if (weight === 0) return 0
      let sum = 0
      for (let r = 0; r < outputSize; r++) {
        const d = o[r] - target[r]
        sum += d * d
      }
      return 0.5 * weight * sum
    },
    gradient(_t, o, _s, target, weight, gradO) {
      if (weight === 0) return
      for (let r = 0; r < outputSize; r++) gradO[r] += weight * (o[r] - target[r])
    },
  }
}
