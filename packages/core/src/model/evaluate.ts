import type { Either } from 'fp-ts/lib/Either.js'
import { evaluateNetwork, type EvaluateOptions, type Evaluation, type EvaluationError } from '../training/evaluateNetwork.js'
import { modelSolveOptions, type Model } from './model.js'

/**
 * Scores a model on held-out trials: simulates each (forward only, the model's solver
 * settings), hands the readouts on the grid to the task's `score` (or, with `spec.scoreBy`,
 * classifies each trial by its first spike), and reports the mean loss and firing rate. The trials are the same for the same seed, whatever the model.
 */
export function evaluate(model: Model, options: EvaluateOptions = {}): Either<EvaluationError, Evaluation> {
  const firstSpikeOf = model.spec.scoreBy?.firstSpike
  return evaluateNetwork({ network: model.network, theta: model.theta, task: model.task, seed: model.spec.seed, solve: modelSolveOptions(model), ...(firstSpikeOf !== undefined && { firstSpikeOf }) }, options)
}
