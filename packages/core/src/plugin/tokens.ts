/**
 * Dependency-injection tokens. `Symbol.for` makes them global, so two installed copies of
 * core (e.g. a plugin from an npm tarball with its own node_modules) still agree.
 * Plugin packages bind their factories to these tokens under a name (`bindPlugin`):
 *
 *   new ContainerModule(({ bind }) => bindPlugin(bind, NeuronFactoryToken, 'qif', qifNeuron))
 */

/** The token of `NeuronFactory`s, bound by name (e.g. 'lif'); a population's `neuron.name` resolves here. */
export const NeuronFactoryToken = Symbol.for('spikegrad/NeuronFactory')
/** The token of `GateFactory`s, bound by name (e.g. 'raised-cosine'); a population's `gate.name` resolves here. */
export const GateFactoryToken = Symbol.for('spikegrad/GateFactory')
/** The token of `LossFactory`s, bound by name (e.g. 'mse'); each entry of a network's `losses` resolves here. */
export const LossFactoryToken = Symbol.for('spikegrad/LossFactory')
/** The token of `TaskFactory`s, bound by name (e.g. 'xor'); a model's `task.name` resolves here. */
export const TaskFactoryToken = Symbol.for('spikegrad/TaskFactory')
