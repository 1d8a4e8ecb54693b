import test from 'ava'
import { Container } from 'inversify'
import { checkPlugin, formatPluginCheck, LossFactoryToken, type LossFactory } from '@spikegrad/core'
import { LossesModule } from './lossesModule.js'

test('losses module — binds the losses that read populations by name, which take options, and the whole module passes checkPlugin', (t) => {
  const container = new Container()
  container.load(LossesModule)
  const reads = (name: string, options?: Record<string, unknown>) => container.get<LossFactory>(LossFactoryToken, { name })({}, options).populations?.reads
  t.deepEqual(reads('first-spike-cross-entropy', { population: 'out' }), { events: [{ population: 'out', which: 'first' }], variables: [{ population: 'out', variable: 'v' }] })
  t.deepEqual(reads('voltage-mse'), { variables: [{ population: 'output', variable: 'v' }] })
  t.deepEqual(reads('van-rossum', { population: 'readout' }), { traces: ['readout'] })
  const report = checkPlugin(LossesModule, { expectNames: ['mse', 'windowed-mse', 'spike-count', 'cross-entropy', 'first-spike-cross-entropy', 'voltage-mse', 'van-rossum'] })
  t.true(report.ok, formatPluginCheck(report))
})
