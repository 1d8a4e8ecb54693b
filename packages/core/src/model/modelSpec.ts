import * as t from 'io-ts'
import { isLeft, right, type Either } from 'fp-ts/lib/Either.js'
import { finiteNumber, nonNegativeInteger, positiveInteger, positiveNumber } from '../io/codecs.js'
import { decodeStrict } from '../io/decode.js'
import { GateRefCodec, NeuronRefCodec, PluginRefCodec, RunSettingsCodec, SolverSettingsCodec, TrainingSettingsCodec } from '../io/sharedCodecs.js'
import { recurrentInitRules, type RecurrentInit } from '../network/recurrentNetwork.js'
import { issue, leftInvalid, type Invalid } from '../util/invalid.js'
import { NetworkDescriptionCodec, type NetworkDescription } from '../io/networkDescription.js'
import { withImpliedPlugins } from '../io/neuronRef.js'

/**
 * What a model is made of, as JSON: the plugin packages, the task, the network graph (see
 * `NetworkDescription`; its inputs and readout size default to the task's), the solver and
 * the training settings, and the seed. Together with the seed it determines a training run
 * completely (see `createModel`, and `train` in `@spikegrad/node`). Times in ms.
 *
 * Format `spikegrad-spec/2`. A specification without `format` in the earlier shape (one
 * recurrent population: `neuron`, `gate`, `sizes.neurons`, `tauS`, `init`, `train`,
 * `losses`) is read as the same network (`modelSpecFromV1`).
 */

// -------------------------------------------------------------------------------------
// codecs
// -------------------------------------------------------------------------------------

export const SPEC_FORMAT = 'spikegrad-spec/2'

/** A 32-bit unsigned seed. */
export const seedCodec = new t.Type<number, number, unknown>(
  'integer seed in [0, 4294967295]',
  (u): u is number => nonNegativeInteger.is(u) && u <= 0xffffffff,
  (u, c) => (nonNegativeInteger.is(u) && u <= 0xffffffff ? t.success(u) : t.failure(u, c)),
  t.identity,
)

/** See {@link ModelSpec}. */
export const ModelSpecCodec = t.intersection([
  t.type({ format: t.literal(SPEC_FORMAT), plugins: t.array(t.string), task: PluginRefCodec, network: NetworkDescriptionCodec, seed: seedCodec }),
  t.partial({ taskLosses: t.boolean, scoreBy: t.strict({ firstSpike: t.string }), solver: SolverSettingsCodec, training: TrainingSettingsCodec, run: RunSettingsCodec }),
])

/** Scales of the random initial weights of a one-population network (see `RecurrentInit`). */
const InitSettingsCodec = t.partial({
  inputScale: t.union([positiveNumber, t.literal(0)]),
  recurrentGain: t.union([positiveNumber, t.literal(0)]),
  selfCoupling: finiteNumber,
  biasMin: finiteNumber,
  biasMax: finiteNumber,
  readoutScale: t.union([positiveNumber, t.literal(0)]),
})

/** The specification of one recurrent population, as earlier versions wrote it. */
export const ModelSpecV1Codec = t.intersection([
  t.type({
    plugins: t.array(t.string),
    task: PluginRefCodec,
    neuron: NeuronRefCodec,
    gate: GateRefCodec,
    sizes: t.intersection([t.type({ neurons: positiveInteger }), t.partial({ inputs: nonNegativeInteger, outputs: nonNegativeInteger })]),
    tauS: positiveNumber,
    seed: seedCodec,
  }),
  t.partial({
    losses: t.array(PluginRefCodec),
    taskLosses: t.boolean,
    train: t.partial({ tauS: t.boolean, neuronParams: t.array(t.string) }),
    solver: SolverSettingsCodec,
    init: InitSettingsCodec,
    training: TrainingSettingsCodec,
  }),
])

// -------------------------------------------------------------------------------------
// model
// -------------------------------------------------------------------------------------

export type { GateRef, PluginRef, RunSettings, SolverSettings, TrainingSettings } from '../io/sharedCodecs.js'
/**
 * The `init` of a specification in the earlier, one-population shape: the scales of its
 * random initial weights (see `RecurrentInit`, the same type).
 */
export type InitSettings = RecurrentInit
/**
 * A specification in the earlier, one-population shape (no `format`): `neuron`, `gate`,
 * `sizes.neurons`, `tauS`, `init`, `train`, `losses`. `decodeModelSpec` reads it and
 * `modelSpecFromV1` converts it to the same network in format 2.
 */
export type ModelSpecV1 = t.TypeOf<typeof ModelSpecV1Codec>

/**
 * A model's specification:
 * - `plugins`: the npm packages to load (each exports inversify ContainerModules);
 * - `task`: the task plugin by name with its parameters;
 * - `network`: the graph; `network.inputs` defaults to one group `input` of the task's
 *   channels (analog, or spikes for a spiking task, whose time constant must then be given),
 *   `network.readout.size` to the task's outputs; `network.losses` are added to the task's own
 *   terms, which `taskLosses: false` drops;
 * - `scoreBy`: `{ "firstSpike": "output" }` scores a classification by the first spike of that
 *   population (the class of the neuron that fired first; no spike: wrong) instead of by the readout;
 * - `solver`: solver options for training and evaluation (see `SolveOptions`);
 * - `training`: optimiser, schedule, batch size and clip norm (see `resolveTrainingSettings`);
 * - `run`: the run's length, evaluations and checkpoints (see `RunSettingsCodec`);
 * - `seed`: the one seed from which initial weights, training trials and held-out trials derive.
 */
export type ModelSpec = t.TypeOf<typeof ModelSpecCodec>

// -------------------------------------------------------------------------------------
// constructors
// -------------------------------------------------------------------------------------

/**
 * Validates parsed JSON as a model specification of either shape (the earlier one converted);
 * unknown fields are refused by name. A neuron written as equations adds its plugin package to
 * `plugins` when it is not there (`withPluginsOfNeurons`).
 */
export function decodeModelSpec(value: unknown, what = 'model'): Either<Invalid, ModelSpec> {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    return leftInvalid([issue(what, `must be a JSON object (a model specification), got ${Array.isArray(value) ? 'an array' : typeof value}`)])
  }
  const format = (value as { format?: unknown }).format
  if (format === SPEC_FORMAT) {
    const v2 = decodeStrict(ModelSpecCodec, value, what)
    return isLeft(v2) ? v2 : right(withPluginsOfNeurons(v2.right))
  }
  if (format !== undefined) return leftInvalid([issue(`${what}.format`, `expected "${SPEC_FORMAT}", got ${JSON.stringify(format)}`, 'this is not a model specification of a version this spikegrad reads')])
  const v1 = decodeStrict(ModelSpecV1Codec, value, what)
  return isLeft(v1) ? v1 : right(withPluginsOfNeurons(modelSpecFromV1(v1.right)))
}

/** `spec` with the plugin package of equation neurons in `plugins` when a population is written as equations (see `withImpliedPlugins`). */
export function withPluginsOfNeurons(spec: ModelSpec): ModelSpec {
  const plugins = withImpliedPlugins(spec.plugins, spec.network.populations)
  return plugins.length === spec.plugins.length ? spec : { ...spec, plugins }
}

/**
 * An earlier specification as the same network in format 2: input group `input` (when the
 * task has inputs), population `hidden`, projections `hidden<-input` and `hidden<-hidden`,
 * readout from `hidden`, with the initialisation rules that draw the same weights.
 */
export function modelSpecFromV1(v1: ModelSpecV1): ModelSpec {
  const rules = recurrentInitRules(v1.init ?? {})
  const network: NetworkDescription = {
    ...(v1.sizes.inputs !== undefined && { inputs: v1.sizes.inputs > 0 ? [{ name: 'input', kind: 'analog' as const, size: v1.sizes.inputs }] : [] }),
    populations: [
      {
        name: 'hidden',
        size: v1.sizes.neurons,
        neuron: v1.neuron,
        gate: v1.gate,
        tauS: v1.tauS,
        ...(v1.train && { train: { ...(v1.train.tauS !== undefined && { tauS: v1.train.tauS }), ...(v1.train.neuronParams && { params: v1.train.neuronParams }) } }),
        biasInit: rules.bias,
      },
    ],
    projections: [{ from: 'input', to: 'hidden', init: rules.input }, { from: 'hidden', to: 'hidden', init: rules.recurrent }],
    readout: { from: ['hidden'], ...(v1.sizes.outputs !== undefined && { size: v1.sizes.outputs }), init: rules.readout },
    ...(v1.losses && { losses: v1.losses }),
  }
  return {
    format: SPEC_FORMAT,
    plugins: v1.plugins,
    task: v1.task,
    network,
    seed: v1.seed,
    ...(v1.taskLosses !== undefined && { taskLosses: v1.taskLosses }),
    ...(v1.solver && { solver: v1.solver }),
    ...(v1.training && { training: v1.training }),
  }
}
