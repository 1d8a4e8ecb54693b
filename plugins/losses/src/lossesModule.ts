import { ContainerModule } from 'inversify'
import { bindPlugin } from '@spikegrad/core'
import { LossFactoryToken } from '@spikegrad/core'
import type { LossFactory } from '@spikegrad/core'
import { mseLoss } from './mseLoss.js'
import { windowedMseLoss } from './windowedMseLoss.js'
import { spikeCountLoss } from './spikeCountLoss.js'

/** Binds (and lists in the plugin catalog) the loss factories to `LossFactoryToken` under 'mse', 'windowed-mse' and 'spike-count'. */
export const LossesModule = new ContainerModule((options) => {
  bindPlugin<LossFactory>(options.bind, LossFactoryToken, 'mse', mseLoss)
  bindPlugin<LossFactory>(options.bind, LossFactoryToken, 'windowed-mse', windowedMseLoss)
  bindPlugin<LossFactory>(options.bind, LossFactoryToken, 'spike-count', spikeCountLoss)
})
