import type { KindTemplate } from './kindTemplate.js'
import type { PluginNames } from './pluginNames.js'

/**
 * A gate plugin's stub: the parabolic gate g(v) = 3/(2w) · (1 - (2x/w)²) on its zone
 * (x = v - center, wrapped for periodic voltages), whose doc comment states the contract of
 * core's `SynapseGate`: g ≥ 0, zero off its zone, unit integral, g' its derivative.
 */
export function gateTemplate(n: PluginNames): KindTemplate {
  return {
    token: 'GateFactoryToken',
    factoryType: 'GateFactory',
    description: `The ${n.name} synapse gate for spikegrad`,
    checkOptions: '{}',
    source: `import type { GateFactory, SynapseGate } from '@spikegrad/core'

/**
 * The '${n.name}' gate. As scaffolded, a parabola on the zone (edit the equations):
 *
 *     g(v)  = 3/(2w) · (1 - (2x/w)²)   for |x| < w/2, else 0      (x = v - center)
 *     g'(v) = -12 x / w³               on the zone, else 0
 *
 * What core's \`SynapseGate\` asks of g, on the zone [center - w/2, center + w/2] (w = width,
 * repeated every \`period\` for phase voltages, where x is wrapped into (-P/2, P/2]):
 * g ≥ 0; g = 0 off the zone; ∫ g dv = 1 over the zone (here 3/(2w) · (w - w/3) = 1);
 * \`derivative\` is g'; \`edges\` lists the voltages where g jumps (none: g is continuous).
 * \`checkPlugin\` (see the test) checks each of these.
 *
 * @throws Error when the width is not positive or the centre not finite.
 */
export const ${n.factory}: GateFactory = (zone) => {
  const { width, center } = zone
  const period = zone.period ?? 0
  if (!(width > 0) || !Number.isFinite(width)) throw new Error(\`${n.name} gate: width must be a positive number, got \${width}\`)
  if (!Number.isFinite(center)) throw new Error(\`${n.name} gate: center must be a finite number, got \${center}\`)
  const half = width / 2
  const height = 3 / (2 * width)
  const offset = (v: number): number => {
    const x = v - center
    return period > 0 ? x - period * Math.round(x / period) : x
  }
  const gate: SynapseGate = {
    kind: '${n.name}',
    center,
    width,
    ...(period > 0 ? { period } : {}),
    edges: [],
    value(v) {
      const x = offset(v)
      return Math.abs(x) < half ? height * (1 - (x / half) ** 2) : 0
    },
    derivative(v) {
      const x = offset(v)
      return Math.abs(x) < half ? (-12 * x) / width ** 3 : 0
    },
  }
  return gate
}
`,
  }
}
