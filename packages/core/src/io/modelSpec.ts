import * as t from 'io-ts'
import { finiteNumber, nonNegativeInteger, positiveInteger, positiveNumber } from './codecs.js'
import { GateRefCodec, PluginRefCodec, SolverSettingsCodec } from './sharedCodecs.js'

/**
 * What a model is made of, as JSON: the plugins by package and by name, the sizes, the
 * solver, the initialisation and the training settings. Together with a seed it determines
 * a training run completely (see `createModel`, `train`). Times in ms.
 */

// -------------------------------------------------------------------------------------
// codecs
// -------------------------------------------------------------------------------------

/** Scales of the random initial weights (see `initialWeights`); missing ones take defaults. */
const InitSettingsCodec = t.partial({
  inputScale: t.union([positiveNumber, t.literal(0)]),
  recurrentGain: t.union([positiveNumber, t.literal(0)]),
  selfCoupling: finiteNumber,
  biasMin: finiteNumber,
  biasMax: finiteNumber,
  readoutScale: t.union([positiveNumber, t.literal(0)]),
})

/**
 * How the model is trained: the optimiser ({ kind: 'adam' | 'sgd', … }), the learning-rate
 * schedule ({ kind: 'constant' | 'exponential' | 'step' | 'cosine', lr, … }), the number of
 * trials per iteration and the gradient-norm clip. The kinds' fields are checked by
 * `optimizerFromConfig` and `scheduleFromConfig`.
 */
const TrainingSettingsCodec = t.partial({
  optimizer: t.unknown,
  schedule: t.unknown,
  batchSize: positiveInteger,
  clipNorm: positiveNumber,
})

/** A 32-bit unsigned seed. */
const seedCodec = new t.Type<number, number, unknown>(
  'integer seed in [0, 4294967295]',
  (u): u is number => nonNegativeInteger.is(u) && u <= 0xffffffff,
  (u, c) => (nonNegativeInteger.is(u) && u <= 0xffffffff ? t.success(u) : t.failure(u, c)),
  t.identity,
)

/** See {@link ModelSpec}. */
export const ModelSpecCodec = t.intersection([
  t.type({
    plugins: t.array(t.string),
    task: PluginRefCodec,
    neuron: PluginRefCodec,
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

/** A plugin by name with its parameters, e.g. { name: 'qif', params: { tau_v: 2 } }. */
export type PluginRef = t.TypeOf<typeof PluginRefCodec>
export type GateRef = t.TypeOf<typeof GateRefCodec>
export type SolverSettings = t.TypeOf<typeof SolverSettingsCodec>
export type InitSettings = t.TypeOf<typeof InitSettingsCodec>
export type TrainingSettings = t.TypeOf<typeof TrainingSettingsCodec>

/**
 * A model's specification:
 * - `plugins`: the npm packages to load (each exports inversify ContainerModules);
 * - `task`, `neuron`: plugins by name with parameters; `gate`: shape by name, zone width
 *   (centre and period default to the neuron's `gateZone`);
 * - `losses`: loss terms added to the task's own (e.g. { name: 'spike-count', params: { weight: 1e-3 } });
 *   `taskLosses: false` drops the task's terms (default true);
 * - `sizes.neurons` N (inputs and outputs come from the task; when given they must agree);
 * - `tauS`: synaptic time constant, ms; `train`: also train tau_s / named neuron parameters;
 * - `solver`: solver options for training and evaluation (see `SolveOptions`);
 * - `init`: scales of the random initial weights (see `initialWeights`);
 * - `training`: optimiser, schedule, batch size and clip norm (see `resolveTrainingSettings`);
 * - `seed`: the one seed from which initial weights, training trials and held-out trials derive.
 */
export type ModelSpec = t.TypeOf<typeof ModelSpecCodec>
