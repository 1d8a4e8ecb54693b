import type { Loss, ParameterSpec } from '@spikegrad/core'
import { resolveParameters } from '@spikegrad/core'

// model

/**
 * Parameters of the windowed cross-entropy: `scale` ≥ 0 (default 1), a factor on the term, and
 * `temperature` > 0 (default 1), dividing the readout before the softmax.
 */
export const crossEntropyParameters: readonly ParameterSpec[] = [
  { name: 'scale', value: 1, unit: '1', description: 'factor on the term', min: 0 },
  { name: 'temperature', value: 1, unit: '1', description: 'the readout is divided by it before the softmax', min: 1e-6 },
]

// constructors

/**
 * Softmax cross-entropy of the readout against a one-hot target, weighted by the trial's mask
 * weight w(t) (a classification task gives w = 1/|window| inside its response window, so the
 * term is the cross-entropy averaged over the window):
 *
 *     z = o / T,   p_r = exp(z_r) / Σ_q exp(z_q),   l(t, o) = scale · w(t) · (−Σ_r y_r log p_r)
 *     ∂l/∂o_r = scale · w(t) · (p_r Σ_q y_q − y_r) / T,   ∂l/∂s = 0
 *
 * with y = the target (one-hot, or any non-negative weights). Exact and smooth in o at every
 * time, so the adjoint carries it like any running cost; log-sum-exp is taken with the largest
 * z subtracted, so large readouts do not overflow. Allocation-free; nothing is computed where
 * w(t) = 0.
 *
 * Why this loss: the readout o(t) = Σ_p O_p s_p(t) is a smooth function of the traces, so the
 * cross-entropy at each time is differentiable everywhere (unlike a loss on the first output
 * spike, whose time jumps when a spike appears or vanishes), and averaging it over the window
 * asks the right class to lead throughout it, which is what the score (argmax of the mean
 * readout over the window) reads.
 *
 * @param params - { scale, temperature }; missing values take their defaults.
 * @throws Error naming the parameter when a value is unknown, non-finite or out of range.
 * @example
 * const loss = crossEntropyLoss({ temperature: 0.5 })
 */
export function crossEntropyLoss(params: Readonly<Record<string, number>> = {}): Loss {
  const resolved = resolveParameters('cross-entropy loss', crossEntropyParameters, params)
  if ('errors' in resolved) throw new Error(resolved.errors.join('\n'))
  const scale = resolved.values[0]!
  const temperature = resolved.values[1]!
  /** log Σ exp(o_r / T) with the largest term factored out. */
  const logSumExp = (o: Float64Array): number => {
    let top = -Infinity
    for (let r = 0; r < o.length; r++) top = Math.max(top, o[r]! / temperature)
    let sum = 0
    for (let r = 0; r < o.length; r++) sum += Math.exp(o[r]! / temperature - top)
    return top + Math.log(sum)
  }
  return {
    kind: 'cross-entropy',
    readsTraces: false,
    zeroWhereUnweighted: true,
    value(_t, o, _s, target, weight) {
      if (weight === 0) return 0
      const lse = logSumExp(o)
      let l = 0
      for (let r = 0; r < o.length; r++) l += target[r]! * (lse - o[r]! / temperature)
      return scale * weight * l
    },
    gradient(_t, o, _s, target, weight, gradO) {
      if (weight === 0) return
      const lse = logSumExp(o)
      let mass = 0
      for (let r = 0; r < o.length; r++) mass += target[r]!
      const w = (scale * weight) / temperature
      for (let r = 0; r < o.length; r++) gradO[r] = gradO[r]! + w * (Math.exp(o[r]! / temperature - lse) * mass - target[r]!)
    },
  }
}
