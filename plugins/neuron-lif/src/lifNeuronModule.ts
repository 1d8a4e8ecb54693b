import { ContainerModule } from 'inversify'
import { bindPlugin } from '@spikegrad/core'
import { NeuronFactoryToken } from '@spikegrad/core'
import type { NeuronFactory } from '@spikegrad/core'
import { lifNeuron } from './lifNeuron.js'

/** Binds (and lists in the plugin catalog) `lifNeuron` to `NeuronFactoryToken` under the name 'lif'. */
export const LifNeuronModule = new ContainerModule((options) => {
  bindPlugin<NeuronFactory>(options.bind, NeuronFactoryToken, 'lif', lifNeuron)
})
