import type { ModelSpec } from '@spikegrad/core'
import { usageError } from '../cliError.js'

/** What `--delays` names: one delay per entry, per source neuron or channel, or per target neuron (`DelaySpec.kind`). */
export const delayKinds = ['synaptic', 'axonal', 'dendritic'] as const

/**
 * A recipe's network with trained delays of `kind` on every projection from a spike input or a
 * population (docs/delays.md): drawn uniform on [0, 2] ms, kept in [0, 20] ms. Analog inputs are
 * left undelayed. The structured solve then solves every trial (delays need it).
 * @throws UserError (usage) when no projection can take a delay (a loss the delays cannot carry,
 * a running term on a voltage, createNetwork refuses naming the projection).
 */
export function withDelays(spec: ModelSpec, kind: (typeof delayKinds)[number]): ModelSpec {
  const inputs = spec.network.inputs ?? []
  const analog = new Set(inputs.filter((i) => i.kind === 'analog').map((i) => i.name))
  const projections = spec.network.projections ?? []
  if (!projections.some((p) => !analog.has(p.from))) throw usageError('--delays: this network has no projection from spike inputs or populations to delay')
  return {
    ...spec,
    network: {
      ...spec.network,
      projections: projections.map((p) => (analog.has(p.from) ? p : { ...p, delay: { kind, init: { kind: 'uniform', min: 0, max: 2 }, max: 20 } })),
    },
  }
}
