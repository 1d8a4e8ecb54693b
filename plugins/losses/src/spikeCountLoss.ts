import type { Loss, ParameterSpec } from '@spikegrad/core'
import { resolveParameters } from '@spikegrad/core'
import { spikeCountTargetLoss } from './spikeCountTargetLoss.js'

// model

/** Parameters of the spike-count cost: `weight` c ≥ 0 per unit of charge (default 1e-3). */
export const spikeCountParameters: readonly ParameterSpec[] = [
  { name: 'weight', value: 1e-3, unit: '1', description: 'cost per spike (per unit of synaptic charge)', min: 0 },
]

// constructors

/**
 * A cost c · (number of spikes), measured as the charge the gated synapses deliver,
 * Q = ∫_0^T Σ_j g(v_j) dv_j/dt dt: each full crossing of a gate's active zone delivers exactly
 * one unit (the gate integrates to 1), a partial one a graded amount.
 *
 * Integrating each synapse equation tau_j ds_j/dt = -s_j + g(v_j) dv_j/dt over [0, T] gives,
 * exactly and for any trajectory,
 *
 *     Q = ∫_0^T Σ_j s_j dt + Σ_j tau_j (s_j(T) - s_j(0)),
 *
 * so the cost is implemented as
 *
 *     running  l(s)               = c Σ_j s_j,                      ∂l/∂s_j = c
 *     terminal Φ(s(T), s(0), tau) = c Σ_j tau_j (s_j(T) - s_j(0)),  ∂Φ/∂s_j(T) = c tau_j,
 *                                                                   ∂Φ/∂tau_j = c (s_j(T) - s_j(0))
 *
 * and needs neither dv/dt nor the derivative of the gate. (tau_s in ms; l is per ms; c per spike.)
 * Allocation-free.
 *
 * Given `options.population`, it is instead a target count per neuron of that population,
 * scale · ½ Σ_j (Q_j − n_j)² (`spikeCountTargetLoss`, with its own parameters).
 *
 * @param params - { weight } (the cost c); missing values take their defaults.
 * @throws Error naming the parameter when a value is unknown, non-finite or negative.
 * @example
 * const losses = [windowedMseLoss(), spikeCountLoss({ weight: 1e-3 })]
 */
export function spikeCountLoss(params: Readonly<Record<string, number>> = {}, options?: Readonly<Record<string, unknown>>): Loss {
  if (options !== undefined && Object.keys(options).length > 0) return spikeCountTargetLoss(params, options)
  const resolved = resolveParameters('spike-count loss', spikeCountParameters, params)
  if ('errors' in resolved) throw new Error(`${resolved.errors.join('\n')}${'weight' in params ? '' : '\n(for a target count per neuron, give the option "population")'}`)
  const c = resolved.values[0]
  return {
    kind: 'spike-count',
    value(_t, _o, s) {
      let sum = 0
      for (let j = 0; j < s.length; j++) sum += s[j]
      return c * sum
    },
    gradient(_t, _o, s, _target, _weight, _gradO, gradS) {
      for (let j = 0; j < s.length; j++) gradS[j] += c
    },
    terminal: {
      value(sEnd, sStart, tauS) {
        let sum = 0
        for (let j = 0; j < sEnd.length; j++) sum += tauS[j] * (sEnd[j] - sStart[j])
        return c * sum
      },
      gradient(sEnd, sStart, tauS, gradS, gradTauS) {
        for (let j = 0; j < sEnd.length; j++) {
          gradS[j] += c * tauS[j]
          gradTauS[j] += c * (sEnd[j] - sStart[j])
        }
      },
    },
  }
}
