import { ContainerModule } from 'inversify'
import { LossFactoryToken } from '@spikegrad/core'
import type { LossFactory } from '@spikegrad/core'
import { mseLoss } from './mseLoss.js'
import { windowedMseLoss } from './windowedMseLoss.js'
import { spikeCountLoss } from './spikeCountLoss.js'

/** Binds the loss factories to `LossFactoryToken` under 'mse', 'windowed-mse' and 'spike-count'. */
export const LossesModule = new ContainerModule((options) => {
  options.bind<LossFactory>(LossFactoryToken).toConstantValue(mseLoss).whenNamed('mse')
  options.bind<LossFactory>(LossFactoryToken).toConstantValue(windowedMseLoss).whenNamed('windowed-mse')
  options.bind<LossFactory>(LossFactoryToken).toConstantValue(spikeCountLoss).whenNamed('spike-count')
})
