import { ContainerModule } from 'inversify'
import { NeuronFactoryToken } from '@spikegrad/core'
import type { NeuronFactory } from '@spikegrad/core'
import { lifNeuron } from './lifNeuron.js'

/** Binds `lifNeuron` to `NeuronFactoryToken` under the name 'lif'. */
export const LifNeuronModule = new ContainerModule((options) => {
  options.bind<NeuronFactory>(NeuronFactoryToken).toConstantValue(lifNeuron).whenNamed('lif')
})
