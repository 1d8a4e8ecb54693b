import { ContainerModule } from 'inversify'
import { bindPlugin } from '@spikegrad/core'
import { GateFactoryToken } from '@spikegrad/core'
import type { GateFactory } from '@spikegrad/core'
import { boxGate } from './boxGate.js'
import { raisedCosineGate } from './raisedCosineGate.js'
import { polyBumpGate } from './polyBumpGate.js'

/** Binds (and lists in the plugin catalog) the gate factories to `GateFactoryToken` under 'box', 'raised-cosine' and 'poly-bump'. */
export const GatesModule = new ContainerModule((options) => {
  bindPlugin<GateFactory>(options.bind, GateFactoryToken, 'box', boxGate)
  bindPlugin<GateFactory>(options.bind, GateFactoryToken, 'raised-cosine', raisedCosineGate)
  bindPlugin<GateFactory>(options.bind, GateFactoryToken, 'poly-bump', polyBumpGate)
})
