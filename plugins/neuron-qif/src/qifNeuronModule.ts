import { ContainerModule } from 'inversify'
import { bindPlugin } from '@spikegrad/core'
import { NeuronFactoryToken } from '@spikegrad/core'
import type { NeuronFactory } from '@spikegrad/core'
import { qifNeuron } from './qifNeuron.js'

/** Binds (and lists in the plugin catalog) `qifNeuron` to `NeuronFactoryToken` under the name 'qif'. */
export const QifNeuronModule = new ContainerModule((options) => {
  bindPlugin<NeuronFactory>(options.bind, NeuronFactoryToken, 'qif', qifNeuron)
})
