import test from 'ava'
import { checkPlugin, formatPluginCheck } from '@spikegrad/core'
import { GatesModule } from '@spikegrad/gates'
import { LossesModule } from '@spikegrad/losses'
import { LifNeuronModule } from '@spikegrad/neuron-lif'
import { QifNeuronModule } from '@spikegrad/neuron-qif'
import { AutoencodeTaskModule } from '@spikegrad/task-autoencode'
import { XorTaskModule } from '@spikegrad/task-xor'
import { YinYangTaskModule } from '@spikegrad/task-yinyang'

test('plugin modules — every module spikegrad ships passes checkPlugin and binds the names it documents', (t) => {
  const cases = [
    [LifNeuronModule, ['lif']],
    [QifNeuronModule, ['qif']],
    [GatesModule, ['box', 'raised-cosine', 'poly-bump']],
    [LossesModule, ['mse', 'spike-count', 'cross-entropy']],
    [XorTaskModule, ['xor']],
    [AutoencodeTaskModule, ['autoencode']],
    [YinYangTaskModule, ['yinyang']],
  ] as const
  for (const [module, names] of cases) {
    const report = checkPlugin(module, { expectNames: names })
    t.true(report.ok, formatPluginCheck(report))
  }
})
