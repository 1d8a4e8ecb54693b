/**
 * Model specifications and files, pure: a `ModelSpec` names its plugins, task, network graph,
 * solver, training settings and run; `decodeModelSpec` validates one (issues name the field);
 * `createModel` composes it with the plugins bound in an inversify container and draws the
 * initial weights from its seed (`initialTheta` draws them again); a `Model` is that plus θ and
 * where training stands, and `evaluate` scores one on held-out trials.
 * `decodeModelFile` / `modelFromFile` read a parsed model file and `modelToFile` /
 * `formatModelFile` write one as a value or text. The network configuration files of
 * `spikegrad gradient` (`NetworkConfig`) decode and compose the same way, and both have JSON
 * Schemas generated from their decoders (`modelSpecSchema`, `networkConfigSchema`). Reading and writing
 * the files themselves, and loading plugin packages by name, is `@spikegrad/node`.
 *
 * Everything here is exported from `@spikegrad/core`.
 * @module model
 */
export { bestOf, createModel, modelFromFile, modelSolveOptions, modelToFile, type Model, type NormalisedModelSpec } from '../model/model.js'
export { evaluate } from '../model/evaluate.js'
export { initialTheta } from '../model/initialTheta.js'
export {
  decodeModelSpec,
  modelSpecFromV1,
  SPEC_FORMAT,
  type GateRef,
  type InitSettings,
  type ModelSpec,
  type ModelSpecV1,
  type PluginRef,
  type RunSettings,
  type SolverSettings,
  type TrainingSettings,
} from '../model/modelSpec.js'
export { decodeModelFile, formatModelFile, MODEL_FORMAT, MODEL_FORMAT_V1, MODEL_FORMAT_V2, type ModelFile } from '../model/modelFile.js'
export type { InputDescription, NetworkDescription, PopulationDescription } from '../io/networkDescription.js'
export {
  EQUATION_NEURON_PACKAGE,
  EQUATION_NEURON_PLUGIN,
  isEquationNeuronRef,
  neuronPlugin,
  withImpliedPlugins,
  type EquationNeuronRef,
  type NeuronRef,
  type PluginNeuronRef,
} from '../io/neuronRef.js'
export { composeModel, composeTask, type ComposedModel } from '../model/composeModel.js'
export { composeNetwork, composeNetworkSpec, type ComposeOptions } from '../model/composeNetwork.js'
export { composeNetworkConfig, decodeNetworkConfig, NETWORK_FORMAT, type ComposedNetwork, type NetworkConfig } from '../model/networkConfig.js'
export { defaultBatchSize, defaultOptimizer, defaultSchedule, resolveTrainingSettings, type ResolvedTrainingSettings } from '../model/trainingSettings.js'
export { optimizerFromSettings, type OptimizerSettings } from '../training/optimizerFromConfig.js'
export { modelSpecSchema, networkConfigSchema, type JsonSchema } from '../model/jsonSchema.js'
