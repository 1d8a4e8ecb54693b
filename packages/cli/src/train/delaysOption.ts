import type { ModelSpec } from '@spikegrad/core'
import { usageError } from '../cliError.js'

/** What `--delays` names: one delay per entry, per source neuron or channel, or per target neuron (`DelaySpec.kind`). */
export const delayKinds = ['synaptic', 'axonal', 'dendritic'] as const

/**
 * A recipe's network with trained delays of `kind` on every projection from a spike input or a
 * population (docs/delays.md): drawn uniform on [0, 2] ms, kept in [0, 20] ms. Analog inputs are
 * left undelayed. The structured solve then solves every trial (delays need it).
 * @throws UserError (usage) when no projection can take a delay, or a loss has a running term on
 * a voltage (voltage-mse), which the structured solve cannot carry.
 */
export function withDelays(spec: ModelSpec, kind: (typeof delayKinds)[number]): ModelSpec {
  const inputs = spec.network.inputs ?? []
  const analog = new Set(inputs.filter((i) => i.kind === 'analog').map((i) => i.name))
  const projections = spec.network.projections ?? []
  if (!projections.some((p) => !analog.has(p.from))) throw usageError('--delays: this network has no projection from spike inputs or populations to delay')
  const losses = spec.network.losses ?? []
  if (losses.some((l) => l.name === 'voltage-mse')) {
    throw usageError('--delays cannot be combined with the voltage-mse loss (a running term on a voltage, which the structured solve that delays need cannot carry): drop one of the two')
  }
  return {
    ...spec,
    network: {
      ...spec.network,
      projections: projections.map((p) => (analog.has(p.from) ? p : { ...p, delay: { kind, init: { kind: 'uniform', min: 0, max: 2 }, max: 20 } })),
    },
  }
}
