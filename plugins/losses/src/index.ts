export { mseLoss, mseParameters } from './mseLoss.js'
export { windowedMseLoss, windowedMseParameters } from './windowedMseLoss.js'
export { spikeCountLoss, spikeCountParameters } from './spikeCountLoss.js'
export { LossesModule } from './lossesModule.js'
