import type { KindTemplate } from './kindTemplate.js'
import type { PluginNames } from './pluginNames.js'

/**
 * A loss plugin's stub: the weighted squared error l = scale · weight · ½ Σ_r (o_r - o*_r)² on the
 * readout, and a cost on the first spike times of a population read by name (with a stand-in from
 * the voltage at T for a neuron that never fired), whose doc comment states what core's `Loss`
 * computes and accumulates.
 */
export function lossTemplate(n: PluginNames): KindTemplate {
  const params = `${n.camel}Parameters`
  return {
    token: 'LossFactoryToken',
    factoryType: 'LossFactory',
    description: `The ${n.name} loss for spikegrad`,
    checkOptions: '{}',
    source: `import type { FinalLossView, Loss, ParameterSpec } from '@spikegrad/core'
import { resolveParameters } from '@spikegrad/core'

// model

/**
 * Parameters: \`scale\` ≥ 0 (default 1), a factor on the squared error; \`lateness\` ≥ 0 (default
 * 1e-3), the cost per ms of each output neuron's first spike.
 */
export const ${params}: readonly ParameterSpec[] = [
  { name: 'scale', value: 1, unit: '1', description: 'factor on the term', min: 0 },
  { name: 'lateness', value: 1e-3, unit: '1/ms', description: 'cost per ms of the first spike of each neuron', min: 0 },
]

// constructors

/**
 * The '${n.name}' loss term. As scaffolded (edit the equations), two terms:
 *
 * - on the readout o, the squared error where the trial scores it:
 *
 *       l(t, o, s)  = scale · weight(t) · ½ Σ_r (o_r - o*_r(t))²
 *       ∂l/∂o_r     = scale · weight(t) · (o_r - o*_r(t)),      ∂l/∂s_j = 0
 *
 * - on what it reads of a population by name (\`options.population\`, default 'output'): the time
 *   of each neuron's first spike (its first reset) and its voltage v at the end T,
 *
 *       Ψ = lateness · Σ_j t̂_j,   t̂_j = the first spike of neuron j, or T + 10 (1 - v_j(T)) when
 *                                  it never fired (a stand-in: continuous as a spike leaves the
 *                                  trial at T, where v reaches the threshold 1 of a default LIF)
 *       ∂Ψ/∂t_j = lateness,       ∂Ψ/∂v_j(T) = -10 lateness (neurons that never fired)
 *
 * What core's \`Loss\` asks: \`value\` is l at one time (the loss is L = ∫ l dt over the trial);
 * \`gradient\` adds ∂l/∂o to gradO and ∂l/∂s to gradS (accumulate, never overwrite) and leaves
 * its inputs alone; an optional \`terminal\` term Φ(s(T), s(0), tau_s) has the same pair.
 * \`populations\` declares what the loss reads of populations by name (traces, neuron variables,
 * the times of every or of the first reset) and its \`running\` and \`final\` terms on them; the
 * network sends their derivatives to the adjoint, those in spike times into the resets' jump
 * conditions. \`checkPlugin\` (see the test) checks every derivative against central differences.
 *
 * @param params - { scale, lateness }; missing values take their defaults.
 * @param options - { population }: the population whose first spikes and voltage it reads.
 * @throws Error naming the parameter when a value is unknown, not finite or negative.
 */
export function ${n.factory}(params: Readonly<Record<string, number>> = {}, options: Readonly<Record<string, unknown>> = {}): Loss {
  const resolved = resolveParameters('${n.name} loss', ${params}, params)
  if ('errors' in resolved) throw new Error(resolved.errors.join('\\n'))
  const scale = resolved.values[0]!
  const lateness = resolved.values[1]!
  const population = typeof options.population === 'string' ? options.population : 'output'
  /** The first spike of neuron j, or its stand-in. */
  const firstTime = (view: FinalLossView, j: number): number => {
    const t = view.events[0]!.times[j]!
    return Number.isNaN(t) ? view.t + 10 * (1 - view.variables[0]![j]!) : t
  }
  return {
    kind: '${n.name}',
    value(_t, o, _s, target, weight) {
      let sum = 0
      for (let r = 0; r < o.length; r++) sum += (o[r]! - target[r]!) ** 2
      return 0.5 * scale * weight * sum
    },
    gradient(_t, o, _s, target, weight, gradO) {
      for (let r = 0; r < o.length; r++) gradO[r] = gradO[r]! + scale * weight * (o[r]! - target[r]!)
    },
    populations: {
      reads: { events: [{ population, which: 'first' }], variables: [{ population, variable: 'v' }] },
      final: {
        value(view) {
          let psi = 0
          for (let j = 0; j < view.events[0]!.times.length; j++) psi += lateness * firstTime(view, j)
          return psi
        },
        gradient(view, grad) {
          const first = view.events[0]!.times
          for (let j = 0; j < first.length; j++) {
            if (Number.isNaN(first[j]!)) grad.variables[0]![j] = -10 * lateness
            else grad.events[0]![j] = lateness
          }
        },
      },
    },
  }
}
`,
  }
}
