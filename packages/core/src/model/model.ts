import { isLeft, right, type Either } from 'fp-ts/lib/Either.js'
import type { Container } from 'inversify'
import { composeModel } from './composeModel.js'
import { MODEL_FORMAT, type ModelFile } from './modelFile.js'
import type { ModelSpec } from './modelSpec.js'
import { initialWeights } from '../network/initialWeights.js'
import type { Network } from '../network/network.js'
import { packWeights, unpackWeights } from '../network/weights.js'
import type { SolveOptions } from '../ode/solveOptions.js'
import type { Task } from '../plugin/task.js'
import type { Invalid } from '../util/invalid.js'
import { Rng } from '../util/rng.js'
import type { BestParameters } from '../training/fit.js'
import type { OptimizerState } from '../training/optimizer.js'
import { emptyHistory, type TrainingHistory } from '../training/trainingHistory.js'
import { optimizerFromSettings } from '../training/optimizerFromConfig.js'
import { resolveTrainingSettings, type ResolvedTrainingSettings } from './trainingSettings.js'
import { OptimizerRun } from '../training/transforms.js'
import { initialWeightSeed } from '../training/trialSeeds.js'

// -------------------------------------------------------------------------------------
// model
// -------------------------------------------------------------------------------------

/**
 * A model ready to train or evaluate: its (normalised) specification, the task and network it
 * composes to, the parameters θ (laid out as `network.layout`), and where training stands.
 * Immutable: training (`fit`; `train` in `@spikegrad/node`) returns a new Model.
 */
export interface Model {
  /** The specification with every default filled in (the network's inputs and readout, the training settings). */
  readonly spec: NormalisedModelSpec
  readonly task: Task
  readonly network: Network
  readonly theta: Float64Array
  /** Optimiser steps taken. */
  readonly iteration: number
  readonly optimizerState?: OptimizerState
  readonly history: TrainingHistory
  /** The parameters of the best evaluation so far, when the run keeps them (`spec.run.keepBest`). */
  readonly best?: BestParameters
}

/** A specification as stored in a model file: nothing left to defaults that could change. */
export interface NormalisedModelSpec extends ModelSpec {
  readonly training: ResolvedTrainingSettings
}

// -------------------------------------------------------------------------------------
// constructors
// -------------------------------------------------------------------------------------

/**
 * A fresh model: composes `spec` with the plugins bound in `container`, fills in the
 * defaults (the network's inputs and readout from the task, training settings, and — when
 * the specification gives no `solver.rtol` — the solver of the task's recipe), checks the
 * optimiser and schedule, and draws the initial weights from the seed (`initialWeights` with
 * an Rng seeded by `initialWeightSeed(spec.seed)`). Problems are issues; nothing throws.
 */
export function createModel(container: Container, spec: ModelSpec): Either<Invalid, Model> {
  const composed = composeModel(container, spec)
  if (isLeft(composed)) return composed
  const { task, network, description } = composed.right
  // a specification that leaves the tolerance out gets its task's recipe's solver, not the library's rtol 1e-8
  const solver = spec.solver?.rtol === undefined && task.recipe !== undefined ? { ...task.recipe.solver, ...spec.solver } : spec.solver
  const normal: NormalisedModelSpec = { ...spec, network: description, training: resolveTrainingSettings(spec.training, task), ...(solver !== undefined && { solver }) }
  const optimizer = optimizerFromSettings(normal.training, network, 'model.training')
  if (isLeft(optimizer)) return optimizer
  const theta = initialWeights(network, new Rng(initialWeightSeed(spec.seed)))
  return right({ spec: normal, task, network, theta, iteration: 0, history: emptyHistory() })
}

/**
 * The model a (validated) model file describes, composed with the plugins in `container`:
 * its weights, optimiser state, iteration count and history as saved.
 */
export function modelFromFile(container: Container, file: ModelFile): Either<Invalid, Model> {
  const composed = composeModel(container, file.spec, 'model.spec')
  if (isLeft(composed)) return composed
  const { task, network, description } = composed.right
  const theta = packWeights(network, file.weights, 'model.weights')
  if (isLeft(theta)) return theta
  let best: BestParameters | undefined
  if (file.best !== undefined) {
    const bestTheta = packWeights(network, file.best.weights, 'model.best.weights')
    if (isLeft(bestTheta)) return bestTheta
    best = { iteration: file.best.iteration, score: file.best.score, theta: bestTheta.right }
  }
  const normal: NormalisedModelSpec = { ...file.spec, network: description, training: resolveTrainingSettings(file.spec.training, task) }
  const optimizer = optimizerFromSettings(normal.training, network, 'model.spec.training')
  if (isLeft(optimizer)) return optimizer
  if (file.optimizerState !== undefined) {
    const run = OptimizerRun.start(optimizer.right, network.layout.size, file.optimizerState, 'model.optimizer')
    if (isLeft(run)) return run
  }
  return right({
    spec: normal,
    task,
    network,
    theta: theta.right,
    iteration: file.iteration,
    ...(file.optimizerState && { optimizerState: file.optimizerState }),
    history: file.history,
    ...(best !== undefined && { best }),
  })
}

/** The model file of a model, as a value (its text: `formatModelFile`). */
export function modelToFile(model: Model): ModelFile {
  return {
    format: MODEL_FORMAT,
    spec: model.spec,
    weights: unpackWeights(model.network, model.theta),
    iteration: model.iteration,
    ...(model.optimizerState && { optimizerState: model.optimizerState }),
    history: model.history,
    ...(model.best && { best: { iteration: model.best.iteration, score: model.best.score, weights: unpackWeights(model.network, model.best.theta) } }),
  }
}

/** The model with its best parameters (those of its best evaluation) as its weights, when it kept them. */
export const bestOf = (model: Model): Model => (model.best === undefined ? model : { ...model, theta: model.best.theta })

/** The solver options a model trains and evaluates with. */
export const modelSolveOptions = (model: Pick<Model, 'spec'>): SolveOptions => model.spec.solver ?? {}

