/**
 * `@spikegrad/core/internal`: the codecs, decoding helpers and building blocks that the CLI,
 * `@spikegrad/node` and the tests share. Not part of the library's API: names here may
 * change in any release. The public face is `@spikegrad/core`.
 * @module internal
 */

// io: codecs and decoding with issues that name the field
export * from './io/codecs.js'
export * from './io/decode.js'
export * from './io/decodeVariant.js'
export { GateRefCodec, PluginRefCodec, SolverSettingsCodec } from './io/sharedCodecs.js'
export { invalid, issue, issuesFromLines, joinPath, keyStep, leftInvalid, underPath } from './util/invalid.js'

// ode: the Integrator contract behind the named solvers, SolveError constructors
export type { IntegrateOutcome, IntegrateResult, Integrator, IntegratorSettings, Rhs, Step, StepObserver } from './ode/integrator.js'
export { createIntegrator } from './ode/createIntegrator.js'
export { eventNotBracketed, invalidProblem, maxStepsExceeded, nonFiniteState, problemThrew, stepSizeUnderflow } from './ode/solveError.js'
export { defaultSolverFor, resolveSolveOptions, type ResolvedSolveOptions } from './ode/solveOptions.js'
export type { Counters } from './ode/forwardRunner.js'

// network: limits, connectivity patterns, initialisation rules, events
export { maxGroupSize, maxParameters, maxStateSize } from './network/createNetwork.js'
export * from './network/connectivityPattern.js'
export * from './network/initRule.js'
export * from './network/networkEvents.js'
export { parameterName, stateComponentName } from './network/networkNames.js'
export { defaultRecurrentInit, recurrentInitRules } from './network/recurrentNetwork.js'

// plugins: the catalog behind bindPlugin
export { availablePlugins, PluginCatalogToken, resolvePlugin, type PluginEntry } from './plugin/pluginCatalog.js'

// model: the codecs of specifications and configuration files, the earlier formats, defaults
export { modelSpecFromV1, ModelSpecCodec, ModelSpecV1Codec, RunSettingsCodec, seedCodec, TrainingSettingsCodec, type ModelSpecV1 } from './model/modelSpec.js'
export { jsonSchemaOf } from './model/jsonSchema.js'
export { NETWORK_FORMAT_V1, NetworkConfigCodec, NetworkConfigV1Codec, networkConfigFromV1, type NetworkConfigV1 } from './model/networkConfig.js'
export { defaultBatchSize, defaultOptimizer, defaultSchedule, resolveTrainingSettings } from './training/trainingSettings.js'
export {
  ConnectivityCodec,
  InitRuleCodec,
  InputDescriptionCodec,
  NetworkDescriptionCodec,
  networkDescriptionProps,
  PopulationDescriptionCodec,
  ProjectionDescriptionCodec,
  ReadoutDescriptionCodec,
} from './model/networkDescription.js'

// training: trial references, the optimiser's run, configuration variants
export { resolveTrial, trialRefGradient } from './training/gradientSource.js'
export { epochOrder } from './training/fit.js'
export { optimizerStateCodec } from './training/optimizer.js'
export { optimizerVariants } from './training/optimizerFromConfig.js'
export { scheduleFromConfig, scheduleVariants } from './training/scheduleFromConfig.js'
export { OptimizerRun } from './training/transforms.js'

// figures: what the figures of a model are drawn from (the CLI's plots, the playground)
export type { DecisionMap, FigureData, InputSpike, MapPoint, NamedSeries, PopulationRows, SampleTrial, SpikeEvent, TrainingHistory as FigureHistory, TrialResponse } from './figures/figureData.js'
export { decisionMap, describePopulations, modelFigureData, type ModelFigureOptions } from './figures/modelFigureData.js'
export { FigureDataFailure } from './figures/figureDataFailure.js'
export { initialTheta } from './figures/initialTheta.js'
