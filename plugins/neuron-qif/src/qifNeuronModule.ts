import { ContainerModule } from 'inversify'
import { NeuronFactoryToken } from '@spikegrad/core'
import type { NeuronFactory } from '@spikegrad/core'
import { qifNeuron } from './qifNeuron.js'

/** Binds `qifNeuron` to `NeuronFactoryToken` under the name 'qif'. */
export const QifNeuronModule = new ContainerModule((options) => {
  options.bind<NeuronFactory>(NeuronFactoryToken).toConstantValue(qifNeuron).whenNamed('qif')
})
