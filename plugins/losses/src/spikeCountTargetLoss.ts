import type { Loss, ParameterSpec } from '@spikegrad/core'
import { resolveParameters } from '@spikegrad/core'
import { readOptions } from './readOptions.js'

// model

/**
 * Parameters of the spike count with a target per neuron: `scale` (default 1), and the target
 * count n_j = low + (high − low) · y_j read from the trial's target y at T — `low` (default 0)
 * where y_j = 0, `high` (default 1) where y_j = 1; with the defaults the target is the count.
 * With low = high every neuron's target is that count, and the trial's target is not read.
 */
export const spikeCountTargetParameters: readonly ParameterSpec[] = [
  { name: 'scale', value: 1, unit: '1', description: 'factor on the term', min: 0 },
  { name: 'low', value: 0, unit: 'spikes', description: 'the target count of a neuron whose target entry is 0', min: 0 },
  { name: 'high', value: 1, unit: 'spikes', description: 'the target count of a neuron whose target entry is 1', min: 0 },
]

// constructors

/**
 * A target spike count per neuron of a population (rate coding): with Q_j the charge neuron j's
 * gated synapse released over the trial — its spike count, a full crossing of the gate's zone
 * being one unit (`FinalLossView.charges`) — and n_j its target,
 *
 *     Ψ = scale · ½ Σ_j (Q_j − n_j)²,   ∂Ψ/∂Q_j = scale · (Q_j − n_j),
 *     n_j = low + (high − low) · y_j,   y the trial's target at T (one entry per neuron;
 *                                        not read when low = high: the same count for every neuron).
 *
 * The count is differentiable because a crossing under way at T counts by its fraction,
 * Q_j = (resets of j) + G(v_j(T)) − G(v_j(0)), G the gate's charge function: its gradient is
 * g(v_j(T)) ∂v_j(T)/∂θ, the derivative of how far the next spike has got through the zone —
 * non-zero only while a neuron's voltage is inside its gate's zone at T (a wide zone gives it more
 * often; see the losses guide).
 *
 * Reads: the charges of `options.population` (default 'output').
 * @throws Error naming the parameter or option when one is unknown or out of range.
 * @example
 * const loss = spikeCountTargetLoss({ low: 1, high: 4 }, { population: 'output' }) // the label's neuron 4 spikes, the others 1
 */
export function spikeCountTargetLoss(params: Readonly<Record<string, number>> = {}, options?: Readonly<Record<string, unknown>>): Loss {
  const kind = 'spike-count loss (a target per neuron)'
  const resolved = resolveParameters(kind, spikeCountTargetParameters, params)
  if ('errors' in resolved) throw new Error(resolved.errors.join('\n'))
  const [scale, low, high] = Array.from(resolved.values) as [number, number, number]
  const { population } = readOptions(kind, options, { population: 'output' })
  const targetOf = (y: Float64Array, N: number, j: number): number => {
    if (low === high) return low
    if (y.length < N) throw new Error(`${kind}: the target has ${y.length} entries, but population "${population}" has ${N} neurons; give one target entry per neuron`)
    return low + (high - low) * y[j]!
  }
  return {
    kind: 'spike-count',
    value: () => 0,
    gradient: () => undefined,
    populations: {
      reads: { charges: [population] },
      final: {
        value(view) {
          const Q = view.charges[0]!
          let psi = 0
          for (let j = 0; j < Q.length; j++) {
            const d = Q[j]! - targetOf(view.target, Q.length, j)
            psi += d * d
          }
          return 0.5 * scale * psi
        },
        gradient(view, grad) {
          const Q = view.charges[0]!
          const g = grad.charges[0]!
          for (let j = 0; j < Q.length; j++) g[j] = g[j]! + scale * (Q[j]! - targetOf(view.target, Q.length, j))
        },
      },
    },
  }
}
