import { ContainerModule } from 'inversify'
import { bindPlugin, NeuronFactoryToken, type NeuronFactory } from '@spikegrad/core'
import { equationNeuronFactory } from './equationNeuron.js'

/** Binds (and lists in the plugin catalog) the equation neuron to `NeuronFactoryToken` under the name 'equations'. */
export const EquationNeuronModule = new ContainerModule((options) => {
  bindPlugin<NeuronFactory>(options.bind, NeuronFactoryToken, 'equations', equationNeuronFactory)
})
