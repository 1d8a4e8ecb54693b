import type { Loss, LossView, ParameterSpec } from '@spikegrad/core'
import { resolveParameters } from '@spikegrad/core'
import { readOptions } from './readOptions.js'

// model

/** Parameters of the voltage MSE: `scale` ≥ 0 (default 1), and optionally `level`, a constant target voltage for every neuron. */
export const voltageMseParameters: readonly ParameterSpec[] = [
  { name: 'scale', value: 1, unit: '1', description: 'factor on the weighted squared error', min: 0 },
  { name: 'level', value: 0, unit: 'voltage', description: 'a constant target voltage, used only when given (otherwise: the trial target, one entry per neuron)' },
]

// constructors

/**
 * A target trace on a population's voltage (or any neuron variable by name), weighted by the
 * trial's mask weight w(t):
 *
 *     l(t) = scale · w(t) · ½ Σ_j (v_j(t) − v*_j(t))²,   ∂l/∂v_j = scale · w(t) · (v_j − v*_j)
 *
 * v* is `level` for every neuron when given, else the trial's target o*(t), one entry per neuron
 * of the population (the task's outputs are then the population's voltages). The term enters the
 * adjoint of v (DESIGN §6: dp_v/dt gains −∂l/∂v), and at each reset, where v jumps and so does l,
 * the jump condition's l⁺ − l⁻. Allocation-free; nothing is computed where w(t) = 0.
 *
 * Reads: variable `options.variable` (default 'v') of `options.population` (default 'output').
 * @throws Error naming the parameter or option when one is unknown or out of range.
 * @example
 * const loss = voltageMseLoss({ level: 0.8 }, { population: 'hidden' })
 */
export function voltageMseLoss(params: Readonly<Record<string, number>> = {}, options?: Readonly<Record<string, unknown>>): Loss {
  const kind = 'voltage-mse loss'
  const resolved = resolveParameters(kind, voltageMseParameters, params)
  if ('errors' in resolved) throw new Error(resolved.errors.join('\n'))
  const scale = resolved.values[0]!
  const level = 'level' in params ? resolved.values[1]! : undefined
  const { population, variable } = readOptions(kind, options, { population: 'output', variable: 'v' })
  const targetOf = (view: LossView, j: number): number => {
    if (level !== undefined) return level
    if (j >= view.target.length) throw new Error(`${kind}: the trial target has ${view.target.length} entries, fewer than the neurons of population "${population}"; give one per neuron, or a constant "level"`)
    return view.target[j]!
  }
  return {
    kind: 'voltage-mse',
    value: () => 0,
    gradient: () => undefined,
    populations: {
      reads: { variables: [{ population, variable }] },
      running: {
        value(view) {
          if (view.weight === 0) return 0
          const v = view.variables[0]!
          let sum = 0
          for (let j = 0; j < v.length; j++) {
            const d = v[j]! - targetOf(view, j)
            sum += d * d
          }
          return 0.5 * scale * view.weight * sum
        },
        gradient(view, grad) {
          if (view.weight === 0) return
          const v = view.variables[0]!
          const g = grad.variables[0]!
          const w = scale * view.weight
          for (let j = 0; j < v.length; j++) g[j] = g[j]! + w * (v[j]! - targetOf(view, j))
        },
      },
    },
  }
}
