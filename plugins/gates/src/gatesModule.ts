import { ContainerModule } from 'inversify'
import { GateFactoryToken } from '@spikegrad/core'
import type { GateFactory } from '@spikegrad/core'
import { boxGate } from './boxGate.js'
import { raisedCosineGate } from './raisedCosineGate.js'
import { polyBumpGate } from './polyBumpGate.js'

/** Binds the gate factories to `GateFactoryToken` under 'box', 'raised-cosine' and 'poly-bump'. */
export const GatesModule = new ContainerModule((options) => {
  options.bind<GateFactory>(GateFactoryToken).toConstantValue(boxGate).whenNamed('box')
  options.bind<GateFactory>(GateFactoryToken).toConstantValue(raisedCosineGate).whenNamed('raised-cosine')
  options.bind<GateFactory>(GateFactoryToken).toConstantValue(polyBumpGate).whenNamed('poly-bump')
})
