import type { Model } from '@spikegrad/core'
import { decisionMap as coreDecisionMap, FigureDataFailure, modelFigureData as coreModelFigureData, type DecisionMap, type FigureData, type ModelFigureOptions } from '@spikegrad/core/internal'
import { UserError } from '../cliError.js'

export { describePopulations, type ModelFigureOptions } from '@spikegrad/core/internal'

/**
 * Core's `modelFigureData` (the history and sample trials of a model) for the CLI.
 * @throws UserError (exit 1) when a sample trial cannot be simulated, naming the trial and its seed.
 */
export function modelFigureData(model: Model, options: ModelFigureOptions = {}): FigureData {
  return asUserError(() => coreModelFigureData(model, options))
}

/**
 * Core's `decisionMap` (the classes a network reports over its task's plane) for the CLI.
 * @throws UserError (exit 1) when a trial cannot be simulated, naming the point.
 */
export function decisionMap(model: Model, options: Pick<ModelFigureOptions, 'mapPoints' | 'mapResolution'> = {}): DecisionMap | undefined {
  return asUserError(() => coreDecisionMap(model, options))
}

function asUserError<A>(f: () => A): A {
  try {
    return f()
  } catch (e) {
    if (e instanceof FigureDataFailure) throw new UserError(e.message)
    throw e
  }
}
