/**
 * The plugin contracts — what a neuron, a synapse gate, a loss and a task must provide — the
 * tokens a plugin package binds its factories to (`bindPlugin`, one line per factory in an
 * inversify `ContainerModule`), the checks every plugin runs in its tests (`checkPlugin`:
 * each hand-written derivative against central differences), and what a task is written with
 * (`Rng`, sampled and smooth random signals).
 *
 * Everything here is exported from `@spikegrad/core`.
 * @module plugins
 */
export { outOfRange, resolveParameters, type ParameterSpec } from '../plugin/parameterSpec.js'
export { centreOf, isPerNeuron, perNeuronValueProblems, perNeuronValues, type ParameterInit, type ParameterValue, type PerNeuronValue } from '../plugin/parameterValue.js'
export { parameterOf, type LeakyIntegrator, type Neuron, type NeuronFactory, type NeuronReset } from '../plugin/neuron.js'
export type { GateFactory, GateZone, SynapseGate } from '../plugin/synapseGate.js'
export { gateCharge } from '../plugin/gateCharge.js'
export type { Loss, LossFactory, TerminalLoss } from '../plugin/loss.js'
export type { EventSelection, EventTimes, FinalLossGradient, FinalLossView, LossGradient, LossReads, LossTrial, LossView, PopulationTerms } from '../plugin/populationLoss.js'
export { confusionMatrix, type Classification, type PlaneAxis, type Readout, type Task, type TaskFactory, type TaskPlane, type TaskSplit, type Trial } from '../plugin/task.js'
export type { TaskRecipe } from '../plugin/recipe.js'
export { GateFactoryToken, LossFactoryToken, NeuronFactoryToken, TaskFactoryToken } from '../plugin/tokens.js'
export { bindPlugin, type BindFunction } from '../plugin/pluginCatalog.js'
export { PluginRefusal, refusalIssues } from '../plugin/pluginRefusal.js'
export {
  checkGate,
  checkLoss,
  checkNeuron,
  checkPlugin,
  formatPluginCheck,
  type GateCheckOptions,
  type LossCheckOptions,
  type NeuronCheckOptions,
  type PluginCheck,
  type PluginCheckOptions,
  type PluginCheckReport,
} from '../plugin/checkPlugin.js'
export { Rng } from '../util/rng.js'
export { sampledSignal, validateSamples, type SampledSignal, type SampleSpec } from '../network/sampledSignal.js'
export { smoothRandomSignal, type SmoothRandomSignalSpec } from '../network/smoothRandomSignal.js'
