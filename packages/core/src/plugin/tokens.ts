/**
 * Dependency-injection tokens. `Symbol.for` makes them global, so two installed copies of
 * core (e.g. a plugin from an npm tarball with its own node_modules) still agree.
 * Plugin packages bind their factories to these tokens under a name:
 *
 *   bind(NeuronFactoryToken).toConstantValue(qifNeuron).whenNamed('qif')
 */
export const NeuronFactoryToken = Symbol.for('spikegrad/NeuronFactory')
export const GateFactoryToken = Symbol.for('spikegrad/GateFactory')
export const LossFactoryToken = Symbol.for('spikegrad/LossFactory')
export const TaskFactoryToken = Symbol.for('spikegrad/TaskFactory')
