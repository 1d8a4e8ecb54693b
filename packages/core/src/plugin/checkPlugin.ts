import type { PluginCheckReport } from './check/pluginCheckReport.js'
import { pluginCheckReport, propertyCheck } from './check/pluginCheckReport.js'
import type { Neuron } from './neuron.js'
import type { SynapseGate } from './synapseGate.js'
import type { Loss } from './loss.js'
import type { NeuronCheckOptions } from './check/neuronCheckContext.js'
import type { GateCheckOptions } from './check/checkGate.js'
import type { LossCheckOptions } from './check/checkLoss.js'
import { checkNeuron } from './check/checkNeuron.js'
import { checkGate } from './check/checkGate.js'
import { checkLoss } from './check/checkLoss.js'

export type { PluginCheck, PluginCheckReport } from './check/pluginCheckReport.js'
export { formatPluginCheck } from './check/pluginCheckReport.js'
export type { NeuronCheckOptions } from './check/neuronCheckContext.js'
export type { GateCheckOptions } from './check/checkGate.js'
export type { LossCheckOptions } from './check/checkLoss.js'
export { checkNeuron, checkGate, checkLoss }

/** Options of `checkPlugin`: those of whichever check applies. */
export type PluginCheckOptions = NeuronCheckOptions & GateCheckOptions & LossCheckOptions

/**
 * Checks any plugin by its shape (duck typing on its methods, never on `kind`):
 * `rhs` and `vjp` → `checkNeuron`; `value` and `derivative` → `checkGate`;
 * `value` and `gradient` → `checkLoss`. Anything else gives a failed report saying what is missing.
 *
 * @example
 * const report = checkPlugin(raisedCosineGate({ width: 1, center: Math.PI, period: 2 * Math.PI }))
 * console.log(formatPluginCheck(report))
 */
export function checkPlugin(plugin: unknown, options: PluginCheckOptions = {}): PluginCheckReport {
  if (hasMethods(plugin, 'rhs', 'vjp', 'initialState', 'gateZone')) return checkNeuron(plugin as Neuron, options)
  if (hasMethods(plugin, 'value', 'derivative')) return checkGate(plugin as SynapseGate, options)
  if (hasMethods(plugin, 'value', 'gradient')) return checkLoss(plugin as Loss, options)
  return pluginCheckReport('unrecognised plugin', [
    propertyCheck('shape — is a neuron, gate or loss', [
      'not a Neuron (needs rhs, vjp, initialState, gateZone), a SynapseGate (needs value, derivative) ' +
        'or a Loss (needs value, gradient): pass the object a factory returns, not the factory',
    ]),
  ])
}

function hasMethods(x: unknown, ...names: string[]): boolean {
  if (typeof x !== 'object' || x === null) return false
  const record = x as Record<string, unknown>
  return names.every((name) => typeof record[name] === 'function')
}
