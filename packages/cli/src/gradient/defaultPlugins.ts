/**
 * The plugin packages that come with spikegrad, loaded for a network configuration that does
 * not name its own `plugins`: theta (QIF) and LIF neurons, the gates and the losses.
 */
export const defaultPlugins: readonly string[] = [
  '@spikegrad/neuron-qif',
  '@spikegrad/neuron-lif',
  '@spikegrad/gates',
  '@spikegrad/losses',
]
