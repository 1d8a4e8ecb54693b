import type { KindTemplate } from './kindTemplate.js'
import type { PluginNames } from './pluginNames.js'

/**
 * A loss plugin's stub: the weighted squared error l = scale · weight · ½ Σ_r (o_r - o*_r)²,
 * whose doc comment states what core's `Loss` computes and accumulates.
 */
export function lossTemplate(n: PluginNames): KindTemplate {
  const params = `${n.camel}Parameters`
  return {
    token: 'LossFactoryToken',
    factoryType: 'LossFactory',
    description: `The ${n.name} loss for spikegrad`,
    checkOptions: '{}',
    source: `import type { Loss, ParameterSpec } from '@spikegrad/core'
import { resolveParameters } from '@spikegrad/core'

// model

/** Parameters: \`scale\` ≥ 0 (default 1), a factor on the term. */
export const ${params}: readonly ParameterSpec[] = [
  { name: 'scale', value: 1, unit: '1', description: 'factor on the term', min: 0 },
]

// constructors

/**
 * The '${n.name}' loss term. As scaffolded, the squared error where the trial scores it (edit
 * the equations):
 *
 *     l(t, o, s)  = scale · weight(t) · ½ Σ_r (o_r - o*_r(t))²
 *     ∂l/∂o_r     = scale · weight(t) · (o_r - o*_r(t)),      ∂l/∂s_j = 0
 *
 * What core's \`Loss\` asks: \`value\` is l at one time (the loss is L = ∫ l dt over the trial);
 * \`gradient\` adds ∂l/∂o to gradO and ∂l/∂s to gradS (accumulate, never overwrite) and leaves
 * its inputs alone; an optional \`terminal\` term Φ(s(T), s(0), tau_s) has the same pair.
 * \`checkPlugin\` (see the test) checks the gradients against central differences of \`value\`.
 *
 * @param params - { scale }; missing values take their defaults.
 * @throws Error naming the parameter when a value is unknown, not finite or negative.
 */
export function ${n.factory}(params: Readonly<Record<string, number>> = {}): Loss {
  const resolved = resolveParameters('${n.name} loss', ${params}, params)
  if ('errors' in resolved) throw new Error(resolved.errors.join('\\n'))
  const scale = resolved.values[0]!
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
  }
}
`,
  }
}
