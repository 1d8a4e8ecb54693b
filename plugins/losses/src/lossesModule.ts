import { ContainerModule } from 'inversify'
import { bindPlugin } from '@spikegrad/core'
import { LossFactoryToken } from '@spikegrad/core'
import type { LossFactory } from '@spikegrad/core'
import { mseLoss } from './mseLoss.js'
import { windowedMseLoss } from './windowedMseLoss.js'
import { spikeCountLoss } from './spikeCountLoss.js'
import { crossEntropyLoss } from './crossEntropyLoss.js'
import { firstSpikeCrossEntropyLoss } from './firstSpikeCrossEntropyLoss.js'
import { voltageMseLoss } from './voltageMseLoss.js'
import { vanRossumLoss } from './vanRossumLoss.js'

/**
 * Binds (and lists in the plugin catalog) the loss factories to `LossFactoryToken` under 'mse',
 * 'windowed-mse', 'spike-count', 'cross-entropy', and the losses that read populations by name:
 * 'first-spike-cross-entropy', 'voltage-mse' and 'van-rossum'.
 */
export const LossesModule = new ContainerModule((options) => {
  bindPlugin<LossFactory>(options.bind, LossFactoryToken, 'mse', mseLoss)
  bindPlugin<LossFactory>(options.bind, LossFactoryToken, 'windowed-mse', windowedMseLoss)
  bindPlugin<LossFactory>(options.bind, LossFactoryToken, 'spike-count', spikeCountLoss)
  bindPlugin<LossFactory>(options.bind, LossFactoryToken, 'cross-entropy', crossEntropyLoss)
  bindPlugin<LossFactory>(options.bind, LossFactoryToken, 'first-spike-cross-entropy', firstSpikeCrossEntropyLoss)
  bindPlugin<LossFactory>(options.bind, LossFactoryToken, 'voltage-mse', voltageMseLoss)
  bindPlugin<LossFactory>(options.bind, LossFactoryToken, 'van-rossum', vanRossumLoss)
})
