import { Container } from 'inversify'
import { GatesModule } from '@spikegrad/gates'
import { LossesModule } from '@spikegrad/losses'
import { EquationNeuronModule } from '@spikegrad/neuron-equations'
import { LifNeuronModule } from '@spikegrad/neuron-lif'
import { QifNeuronModule } from '@spikegrad/neuron-qif'
import { AutoencodeTaskModule } from '@spikegrad/task-autoencode'
import { XorTaskModule } from '@spikegrad/task-xor'
import { YinYangTaskModule } from '@spikegrad/task-yinyang'

/**
 * The plugin packages of the playground, by the names a model file records: `spikegrad
 * evaluate` loads the same packages by these names, the page binds their modules directly
 * (a browser loads no package by name).
 */
export const playgroundPlugins: readonly string[] = [
  '@spikegrad/neuron-qif',
  '@spikegrad/neuron-lif',
  '@spikegrad/neuron-equations',
  '@spikegrad/gates',
  '@spikegrad/losses',
  '@spikegrad/task-xor',
  '@spikegrad/task-autoencode',
  '@spikegrad/task-yinyang',
]

/** A container with every plugin of {@link playgroundPlugins} bound, as `loadPluginPackages` would bind them. */
export function playgroundContainer(): Container {
  const container = new Container()
  container.load(QifNeuronModule, LifNeuronModule, EquationNeuronModule, GatesModule, LossesModule, XorTaskModule, AutoencodeTaskModule, YinYangTaskModule)
  return container
}
