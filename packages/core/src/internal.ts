/**
 * `@spikegrad/core/internal`: what two of spikegrad's own packages share and the library does
 * not offer — the data the figures of a model are drawn from (the CLI's `plot` and the
 * playground) and the gradient of a trial named by reference (`@spikegrad/node`'s worker
 * threads and the playground's worker). Not part of the library's API: names here may change in
 * any release. The public face is `@spikegrad/core`.
 * @module internal
 */

// training: the gradient of a trial named by seed or by split and index (worker threads)
export { trialRefGradient } from './training/gradientSource.js'

// figures: what the figures of a model are drawn from (the CLI's plots, the playground)
export type { DecisionMap, FigureData, InputSpike, MapPoint, NamedSeries, ParameterDistribution, PopulationRows, SampleTrial, ScoreReference, SpikeEvent, SpikeTargets, TrainingHistory as FigureHistory, TrialResponse } from './figures/figureData.js'
export { decisionMap, describePopulations, modelFigureData, type ModelFigureOptions } from './figures/modelFigureData.js'
export { FigureDataFailure } from './figures/figureDataFailure.js'
export { namedSolveOptions } from './ode/namedSolveOptions.js'
