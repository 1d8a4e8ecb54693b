import { ContainerModule } from 'inversify'
import { bindPlugin } from '@spikegrad/core'
import { LossFactoryToken } from '@spikegrad/core'
import type { LossFactory } from '@spikegrad/core'
import { mseLoss } from './mseLoss.js'
import { windowedMseLoss } from './windowedMseLoss.js'
import { spikeCountLoss } from './spikeCountLoss.js'
import { crossEntropyLoss } from './crossEntropyLoss.js'

/** Binds (and lists in the plugin catalog) the loss factories to `LossFactoryToken` under 'mse', 'windowed-mse', 'spike-count' and 'cross-entropy'. */
export const LossesModule = new ContainerModule((options) => {
  bindPlugin<LossFactory>(options.bind, LossFactoryToken, 'mse', mseLoss)
  bindPlugin<LossFactory>(options.bind, LossFactoryToken, 'windowed-mse', windowedMseLoss)
  bindPlugin<LossFactory>(options.bind, LossFactoryToken, 'spike-count', spikeCountLoss)
  bindPlugin<LossFactory>(options.bind, LossFactoryToken, 'cross-entropy', crossEntropyLoss)
})
