import { isLeft, left, right, type Either } from 'fp-ts/lib/Either.js'
import type { Container } from 'inversify'
import { composeModel } from '../io/composeModel.js'
import { MODEL_FORMAT, type ModelFile } from '../io/modelFile.js'
import type { ModelSpec } from '../io/modelSpec.js'
import { packWeights, unpackWeights, type Network, type Weights } from '../network/network.js'
import type { SolveOptions } from '../ode/solveOptions.js'
import type { Task } from '../plugin/task.js'
import { Rng } from '../util/rng.js'
import { defaultInitialWeightOptions, initialWeights } from './initialWeights.js'
import type { OptimizerState } from './optimizer.js'
import { emptyHistory, type TrainingHistory } from './trainingHistory.js'
import { resolveTrainingSettings, trainingMachinery, type ResolvedTrainingSettings } from './trainingSettings.js'
import { initialWeightSeed } from './trialSeeds.js'

// -------------------------------------------------------------------------------------
// model
// -------------------------------------------------------------------------------------

/**
 * A model ready to train or evaluate: its (normalised) specification, the task and network it
 * composes to, the parameters θ (layout `network.layout`), and where training stands.
 * Immutable: `train` returns a new Model.
 */
export interface Model {
  /** The specification with every default filled in (full sizes, init and training settings). */
  readonly spec: NormalisedModelSpec
  readonly task: Task
  readonly network: Network
  readonly theta: Float64Array
  /** Optimiser steps taken. */
  readonly iteration: number
  readonly optimizerState?: OptimizerState
  readonly history: TrainingHistory
}

/** A specification as stored in a model file: nothing left to defaults that could change. */
export interface NormalisedModelSpec extends ModelSpec {
  readonly sizes: { readonly inputs: number; readonly neurons: number; readonly outputs: number }
  readonly init: Required<NonNullable<ModelSpec['init']>>
  readonly training: ResolvedTrainingSettings
}

// -------------------------------------------------------------------------------------
// constructors
// -------------------------------------------------------------------------------------

/**
 * A fresh model: composes `spec` with the plugins bound in `container`, fills in the
 * defaults (initialisation, training settings), checks the optimiser and schedule, and draws
 * the initial weights from the seed (`initialWeights` with an Rng seeded by
 * `initialWeightSeed(spec.seed)`). Errors name the field and never throw.
 */
export function createModel(container: Container, spec: ModelSpec): Either<readonly string[], Model> {
  const composed = composeModel(container, spec)
  if (isLeft(composed)) return composed
  const { task, network } = composed.right
  const normal = normalise(spec, task, network)
  const machinery = trainingMachinery(normal.training, network.layout.size, undefined)
  if (isLeft(machinery)) return machinery
  const init = normal.init
  if (init.biasMin > init.biasMax) return left([`model.init.biasMin (${init.biasMin}) must not exceed biasMax (${init.biasMax})`])
  const theta = initialWeights(network, new Rng(initialWeightSeed(spec.seed)), init)
  return right({ spec: normal, task, network, theta, iteration: 0, history: emptyHistory() })
}

/**
 * The model a (validated) model file describes, composed with the plugins in `container`:
 * its weights, optimiser state, iteration count and history as saved.
 */
export function modelFromFile(container: Container, file: ModelFile): Either<readonly string[], Model> {
  const composed = composeModel(container, file)
  if (isLeft(composed)) return composed
  const { task, network } = composed.right
  const theta = packWeights(network, file.weights as Weights)
  if (isLeft(theta)) return left(theta.left.map((e) => `model.weights.${e}`))
  const normal = normalise(file, task, network)
  const machinery = trainingMachinery(normal.training, network.layout.size, file.optimizerState)
  if (isLeft(machinery)) return machinery
  return right({
    spec: normal,
    task,
    network,
    theta: theta.right,
    iteration: file.iteration,
    ...(file.optimizerState && { optimizerState: file.optimizerState }),
    history: file.history,
  })
}

/** The model file of a model (see `writeModelFile`). */
export function modelToFile(model: Model): ModelFile {
  const w = unpackWeights(model.network, model.theta)
  const { layout } = model.network
  const trainedNeuronParams = model.network.neuron.parameters.filter((_, k) => layout.neuronParams[k] >= 0)
  return {
    format: MODEL_FORMAT,
    ...model.spec,
    weights: {
      U: w.U,
      W: w.W,
      b: w.b,
      O: w.O,
      ...(layout.tauS >= 0 && { tauS: w.tauS }),
      ...(trainedNeuronParams.length > 0 && {
        neuronParams: Object.fromEntries(trainedNeuronParams.map((p) => [p.name, w.neuronParams![p.name]])),
      }),
    },
    iteration: model.iteration,
    ...(model.optimizerState && { optimizerState: model.optimizerState }),
    history: model.history,
  }
}

/** The solver options a model trains and evaluates with. */
export const modelSolveOptions = (model: Pick<Model, 'spec'>): SolveOptions => model.spec.solver ?? {}

// -------------------------------------------------------------------------------------
// internals
// -------------------------------------------------------------------------------------

function normalise(spec: ModelSpec, task: Task, network: Network): NormalisedModelSpec {
  const { format: _format, weights: _w, iteration: _i, optimizerState: _o, history: _h, ...rest } = spec as ModelSpec & Partial<ModelFile>
  return {
    ...rest,
    sizes: { inputs: network.layout.sizes.inputs, neurons: network.layout.sizes.neurons, outputs: network.layout.sizes.outputs },
    init: { ...defaultInitialWeightOptions, ...spec.init },
    training: resolveTrainingSettings(spec.training, task),
  }
}
