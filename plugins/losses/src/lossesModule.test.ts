import test from 'ava'
import { Container } from 'inversify'
import { LossFactoryToken, type LossFactory } from '@spikegrad/core'
import { LossesModule } from './lossesModule.js'

test('losses module — resolves "mse", "windowed-mse" and "spike-count" from a container', (t) => {
  const container = new Container()
  container.load(LossesModule)
  for (const name of ['mse', 'windowed-mse', 'spike-count']) {
    const factory = container.get<LossFactory>(LossFactoryToken, { name })
    t.is(factory().kind, name)
  }
  t.is(container.get<LossFactory>(LossFactoryToken, { name: 'spike-count' })({ weight: 0.1 }).value(0, new Float64Array(0), Float64Array.of(1, 2), new Float64Array(0), 1), 0.1 * 3)
  t.throws(() => container.get<LossFactory>(LossFactoryToken, { name: 'huber' }))
})
