import type { ModelSpec } from '@spikegrad/core'
import { usageError } from '../cliError.js'
import { withPlugins } from '../model/builtinPlugins.js'

/** What `--readout` names: the recipe's readout (linear in the traces), or EventProp's output neurons read by their first spikes. */
export const readoutKinds = ['traces', 'first-spike'] as const

/**
 * EventProp's architecture on a recipe's network: a population "output" of one neuron per class
 * (the neuron, gate, tau_s and bias draw of the recipe's last population, which feeds it through
 * weights N(0, (20/√N)²)), read by its first spikes — the first-spike cross-entropy of its first
 * resets as the only loss (the task's own terms dropped), with its defaults, EventProp's (tau0
 * 0.5 ms, tau1 6.4 ms, alpha 3e-3: on Yin-Yang's validation split they kept the output neurons
 * firing, where tau0 2 ms, tau1 20 ms let the network fall silent and classify by the stand-in
 * times; docs/losses.md), scored by the class of the neuron that
 * fires first (`scoreBy`), and the readout kept untrained (it is read by nothing). The solver's
 * tolerance is at most 1e-4 (spike times decide the loss).
 * @throws UserError (usage) when the recipe has no population or already has one named "output".
 */
export function withFirstSpikeReadout(spec: ModelSpec, classes: number): ModelSpec {
  const pops = spec.network.populations
  const last = pops[pops.length - 1]
  if (last === undefined) throw usageError('--readout first-spike adds output neurons after the last population, and this network has none')
  if (pops.some((p) => p.name === 'output')) throw usageError('--readout first-spike adds a population "output", and this network has one already: give a model specification instead (--model-spec)')
  const { initialState: _i, sign: _s, train: _t, ...like } = last
  const output = { ...like, name: 'output', size: classes }
  const rtol = Math.min(spec.solver?.rtol ?? 1e-4, 1e-4)
  return {
    ...spec,
    plugins: withPlugins(spec.plugins, ['@spikegrad/losses']),
    network: {
      ...spec.network,
      populations: [...pops, output],
      projections: [...(spec.network.projections ?? []), { from: last.name, to: 'output', init: { kind: 'normal', gain: 20 } }],
      readout: { from: ['output'], trained: false },
      losses: [{ name: 'first-spike-cross-entropy', options: { population: 'output' } }],
    },
    taskLosses: false,
    scoreBy: { firstSpike: 'output' },
    solver: { ...spec.solver, rtol, atol: Math.min(spec.solver?.atol ?? rtol / 100, rtol / 100) },
  }
}
