import * as t from 'io-ts'
import { adjointNames, type AdjointName } from '../ode/adjointNames.js'
import { solverNames, type SolverName } from '../ode/integrator.js'
import { structureNames, type StructureName } from '../ode/structureNames.js'
import { absoluteTolerance, batchSize, finiteNumber, nodeCount, nonNegativeInteger, positiveInteger, positiveNumber, relativeTolerance, stepBudget } from './codecs.js'

// Codecs shared by the model specification, the network configuration and a task's recipe.

/** A plugin named as it is bound (e.g. 'qif'), with its parameters by name. */
export const PluginRefCodec = t.intersection([t.type({ name: t.string }), t.partial({ params: t.record(t.string, finiteNumber) })])

/** A population's neuron: a plugin by name (with `options` for a plugin that reads more than numbers), or written as equations (see `neuronRef.ts`). */
export { NeuronRefCodec } from './neuronRef.js'

/** A loss plugin by name, with its `params` and, for a loss that reads populations by name, its `options` (e.g. `{ "population": "output" }`). */
export const LossRefCodec = t.intersection([t.type({ name: t.string }), t.partial({ params: t.record(t.string, finiteNumber), options: t.UnknownRecord })])

/** The gate by name, the width of its active zone, and optionally its centre and period. */
export const GateRefCodec = t.intersection([
  t.type({ name: t.string, width: positiveNumber }),
  t.partial({ center: finiteNumber, period: positiveNumber }),
])

/** The solver settings a model file may hold (see `SolveOptions`): solvers, structures and adjoint methods by the names of the built-in ones. */
export const SolverSettingsCodec = t.partial({
  solver: t.keyof(Object.fromEntries(solverNames.map((name) => [name, null])) as Record<SolverName, null>),
  rtol: relativeTolerance,
  atol: absoluteTolerance,
  adjointRtol: relativeTolerance,
  adjointAtol: absoluteTolerance,
  maxSteps: stepBudget,
  initialStep: positiveNumber,
  maxStep: positiveNumber,
  memory: t.union([t.literal('checkpoint'), t.literal('all')]),
  adjoint: t.keyof(Object.fromEntries(adjointNames.map((name) => [name, null])) as Record<AdjointName, null>),
  checkpointSteps: stepBudget,
  denseNodes: nodeCount,
  quadratureNodes: nodeCount,
  eventTolerance: positiveNumber,
  structure: t.keyof(Object.fromEntries(structureNames.map((name) => [name, null])) as Record<StructureName, null>),
})

/**
 * How the model is trained: the optimiser ({ kind: 'adam' | 'sgd', … }), the learning-rate
 * schedule ({ kind: 'constant' | 'exponential' | 'step' | 'cosine', lr, … }), the number of
 * trials per iteration and the gradient-norm clip. The kinds' fields are checked by
 * `optimizerFromConfig` and `scheduleFromConfig`.
 */
export const TrainingSettingsCodec = t.partial({
  optimizer: t.unknown,
  schedule: t.unknown,
  batchSize,
  clipNorm: positiveNumber,
})

/**
 * How long a run is and what it does on the way — saved with the model, so that a resumed run
 * goes on exactly as it was started: `iterations` (or, for a data set, `epochs`); evaluation
 * every `evaluateEvery` steps (0: never; with epochs, 0 means after every epoch) on
 * `evaluateTrials` held-out trials or on the split `evaluateSplit`, and at the same steps on
 * the splits of `evaluateAlso` (e.g. [{ split: 'train', trials: 1000 }] for a training curve);
 * `keepBest`: keep the parameters of the best evaluation (of `evaluateSplit`); a checkpoint
 * every `checkpointEvery` steps.
 */
export const RunSettingsCodec = t.partial({
  iterations: nonNegativeInteger,
  epochs: nonNegativeInteger,
  evaluateEvery: nonNegativeInteger,
  evaluateTrials: positiveInteger,
  evaluateSplit: t.string,
  evaluateAlso: t.array(t.intersection([t.type({ split: t.string }), t.partial({ trials: positiveInteger })])),
  keepBest: t.boolean,
  checkpointEvery: positiveInteger,
})

/** A plugin by name with its parameters, e.g. { name: 'qif', params: { tau_v: 2 } }. */
export type PluginRef = t.TypeOf<typeof PluginRefCodec>
/**
 * A gate plugin by name with its zone, e.g. { name: 'raised-cosine', width: 0.2 }: `width`
 * (> 0, in the voltage's unit) and optionally `center` and `period`, which default to where
 * the neuron places its gate (`Neuron.gateZone`).
 */
export type GateRef = t.TypeOf<typeof GateRefCodec>
/**
 * The solver options a model or network file holds: those of `SolveOptions` with a scalar
 * `atol` and without `trajectoryBudgetMb`; each field left out takes its default there.
 */
export type SolverSettings = t.TypeOf<typeof SolverSettingsCodec>
/**
 * How a model is trained: `optimizer` ({ kind: 'adam' | 'sgd', … }), the learning-rate
 * `schedule` ({ kind: 'constant' | 'exponential' | 'step' | 'cosine', lr, … }), `batchSize`
 * (trials per iteration) and `clipNorm` (largest ‖∇L‖₂ applied). Defaults: Adam, a constant
 * rate of 0.01, the task's suggested batch size or 8, no clipping (`ResolvedTrainingSettings`).
 */
export type TrainingSettings = t.TypeOf<typeof TrainingSettingsCodec>
/**
 * A run's length and what it does on the way, saved with the model so that a resumed run goes
 * on as it was started: `iterations` (or, for a data set, `epochs`); an evaluation every
 * `evaluateEvery` steps (0: never; with epochs, 0 means after every epoch) on `evaluateTrials`
 * held-out trials or the split `evaluateSplit`, and at the same steps on the splits of
 * `evaluateAlso`; `keepBest` keeps the parameters of the best evaluation; a model file is
 * written every `checkpointEvery` steps. `train` in `@spikegrad/node` reads them.
 */
export type RunSettings = t.TypeOf<typeof RunSettingsCodec>
