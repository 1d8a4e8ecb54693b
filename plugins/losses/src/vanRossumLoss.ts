import type { Loss, LossView, ParameterSpec } from '@spikegrad/core'
import { resolveParameters } from '@spikegrad/core'
import { readOptions } from './readOptions.js'

// model

/** Parameters of the van Rossum distance: `scale` ≥ 0 (default 1) and `tau` (ms, default 5), the filter's time constant. */
export const vanRossumParameters: readonly ParameterSpec[] = [
  { name: 'scale', value: 1, unit: '1', description: 'factor on the distance', min: 0 },
  { name: 'tau', value: 5, unit: 'ms', description: "the target trains' filter; set it to the population's tau_s", min: 1e-6 },
]

// constructors

/**
 * The van Rossum distance (van Rossum 2001) between a population's spike trains and the trial's
 * target trains (`Trial.targetSpikes`, one list per neuron). Each train is filtered with the
 * kernel exp(−t/tau)/tau; the population's own filtered trains are its synaptic traces s_j,
 * which the gated synapse makes exactly that filter of its spikes (tau_s ds/dt = −s + charge,
 * one unit per spike, delivered while the voltage crosses the gate's zone rather than at one
 * instant). So with s*_j(t) = Σ_{t_k ≤ t} exp(−(t − t_k)/tau)/tau the target's filtered train,
 *
 *     D² = tau ∫_0^T Σ_j (s_j − s*_j)² dt,   l(t) = scale · tau · Σ_j (s_j − s*_j(t))²,
 *     ∂l/∂s_j = 2 · scale · tau · (s_j − s*_j(t))
 *
 * (for ideal spikes and a long trial, one spike more or less is D² = 1/2). Set `tau` to the
 * population's tau_s, so both trains pass the same filter. The trial's weight is not used.
 * s* jumps at each target spike: the network stops there (breakpoints), so the integrator never
 * steps across one. Allocation-free.
 *
 * Reads: the traces of `options.population` (default 'output').
 * @throws Error naming the parameter or option when one is unknown or out of range.
 * @example
 * const loss = vanRossumLoss({ tau: 5 }, { population: 'output' })
 */
export function vanRossumLoss(params: Readonly<Record<string, number>> = {}, options?: Readonly<Record<string, unknown>>): Loss {
  const kind = 'van-rossum loss'
  const resolved = resolveParameters(kind, vanRossumParameters, params)
  if ('errors' in resolved) throw new Error(resolved.errors.join('\n'))
  const scale = resolved.values[0]!
  const tau = resolved.values[1]!
  const { population } = readOptions(kind, options, { population: 'output' })
  /** The target trains filtered at view.t, s*_j(t), one per neuron (written, not returned: no number is boxed per call). */
  let filtered = new Float64Array(0)
  const filter = (view: LossView): Float64Array => {
    const N = view.traces[0]!.length
    const trains = view.trial.targetSpikes
    if (trains === undefined || trains.length < N) {
      throw new Error(`${kind}: the trial gives ${trains === undefined ? 'no target spike trains' : `${trains.length} target spike trains`}; population "${population}" has ${N} neurons (give Trial.targetSpikes, one list per neuron)`)
    }
    if (filtered.length !== N) filtered = new Float64Array(N)
    const t = view.t
    for (let j = 0; j < N; j++) {
      const train = trains[j]!
      let sum = 0
      for (let k = 0; k < train.length; k++) {
        const tk = train[k]!
        if (tk <= t) sum += Math.exp((tk - t) / tau)
      }
      filtered[j] = sum / tau
    }
    return filtered
  }
  return {
    kind: 'van-rossum',
    value: () => 0,
    gradient: () => undefined,
    populations: {
      reads: { traces: [population] },
      running: {
        value(view) {
          const s = view.traces[0]!
          const target = filter(view)
          let sum = 0
          for (let j = 0; j < s.length; j++) {
            const d = s[j]! - target[j]!
            sum += d * d
          }
          return scale * tau * sum
        },
        gradient(view, grad) {
          const s = view.traces[0]!
          const g = grad.traces[0]!
          const target = filter(view)
          for (let j = 0; j < s.length; j++) g[j] = g[j]! + 2 * scale * tau * (s[j]! - target[j]!)
        },
      },
    },
  }
}
