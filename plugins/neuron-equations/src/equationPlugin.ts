import { isLeft } from 'fp-ts/lib/Either.js'
import { ContainerModule } from 'inversify'
import { bindPlugin, NeuronFactoryToken, resolveParameters, type NeuronFactory } from '@spikegrad/core'
import { compiledNeuron } from './compiledNeuron.js'
import { validateDefinition, type EquationNeuronDefinition } from './definition.js'
import { formatIssues } from './equationNeuron.js'
import { symbolicNeuron } from './symbolicNeuron.js'

/** A neuron plugin made of equations: its factory and the module that binds it under its own name. */
export interface EquationPlugin {
  /** `(params) => Neuron` whose `kind` is the plugin's name; params override the declared values. */
  readonly factory: NeuronFactory
  /** Binds `factory` to `NeuronFactoryToken` under the name. */
  readonly module: ContainerModule
}

/**
 * A neuron plugin written as equations, to publish under a name of its own — the whole
 * package is the definition and this line. The definition is checked here, so that a wrong
 * one fails where the plugin is made (in its own tests), never in a user's run.
 *
 * @throws Error listing every issue of the definition (field, column, problem and fix).
 * @example
 * export const { factory: alifNeuron, module: AlifNeuronModule } = equationPlugin('alif', {
 *   equations: ['dv/dt = (-v - w + I) / tau_m', 'dw/dt = (a*v - w) / tau_w'],
 *   threshold: 'v > v_th',
 *   reset: ['v = v_reset', 'w += b'],
 *   parameters: { tau_m: 10, tau_w: 50, a: 0.5, b: 0.2, v_th: 1, v_reset: 0 },
 * })
 */
export function equationPlugin(name: string, definition: EquationNeuronDefinition): EquationPlugin {
  const checked = validateDefinition(definition)
  const model = isLeft(checked) ? checked : symbolicNeuron(checked.right)
  if (isLeft(model)) throw new Error(`${name} neuron:\n${formatIssues(model.left)}`)
  const m = model.right
  const factory: NeuronFactory = (params = {}) => {
    const resolved = resolveParameters(`${name} neuron`, m.parameters, params, { perNeuron: true })
    if ('errors' in resolved) throw new Error(resolved.errors.join('\n'))
    return compiledNeuron(m, resolved.values, name, resolved.perNeuron)
  }
  const module = new ContainerModule((options) => {
    bindPlugin<NeuronFactory>(options.bind, NeuronFactoryToken, name, factory)
  })
  return { factory, module }
}
