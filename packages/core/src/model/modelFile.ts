import * as t from 'io-ts'
import { isLeft, right, type Either } from 'fp-ts/lib/Either.js'
import { recurrentWeights, type RecurrentWeights } from '../network/recurrentNetwork.js'
import type { WeightRecord } from '../network/weights.js'
import type { OptimizerState } from '../training/optimizer.js'
import type { TrainingHistory } from '../training/trainingHistory.js'
import { iterationIssues } from './iterationIssues.js'
import { finiteNumber, nonNegativeInteger, nonNegativeNumber, positiveInteger } from '../io/codecs.js'
import { decodeStrict } from '../io/decode.js'
import { issue, leftInvalid, type Invalid } from '../util/invalid.js'
import { ModelSpecCodec, ModelSpecV1Codec, modelSpecFromV1, withPluginsOfNeurons, type ModelSpec } from './modelSpec.js'

/**
 * The model file, format "spikegrad-model/3": a model's specification (see `ModelSpec`, with
 * every default filled in), all its weights by block name (see `WeightRecord`), the
 * optimiser's state, the number of iterations taken and the training history. Numbers are
 * written as JSON writes doubles (shortest round-trip form), so reading a file back gives the
 * same bits. Format 3 may give a population's neuron parameters and tau_s one value per neuron
 * (a list or a rule, `ParameterValue`), and then holds a trained per-neuron parameter's block
 * as a list (`"tau_m:hidden": [ … ]`). Files of format "spikegrad-model/2" (every parameter one
 * value per population) are read as they are; files of format "spikegrad-model/1" (one
 * recurrent population, U, W, b, O) as the same model.
 *
 * Pure: `decodeModelFile` turns parsed JSON into a ModelFile and `formatModelFile` a ModelFile
 * into its text; reading and writing the files is `@spikegrad/node`'s (`readModelFile`,
 * `writeModelFile`).
 */

// -------------------------------------------------------------------------------------
// model
// -------------------------------------------------------------------------------------

/** The `format` field of the model files this version writes. */
export const MODEL_FORMAT = 'spikegrad-model/3'
/** The earlier formats, still read. */
export const MODEL_FORMAT_V2 = 'spikegrad-model/2'
export const MODEL_FORMAT_V1 = 'spikegrad-model/1'

/**
 * A model file's content, as `decodeModelFile` returns it and `formatModelFile` writes it:
 * the specification, θ by block name, where training stands and its history.
 */
export interface ModelFile {
  /** Always `MODEL_FORMAT` (an earlier file is converted when read). */
  readonly format: typeof MODEL_FORMAT
  /** The model's specification, every default filled in. */
  readonly spec: ModelSpec
  /** θ by block name; checked against the network when the model is composed (`modelFromFile`). */
  readonly weights: WeightRecord
  /** Optimiser steps taken. */
  readonly iteration: number
  /** The optimiser's memory (absent before the first step). */
  readonly optimizerState?: OptimizerState
  /** Every step and evaluation so far. */
  readonly history: TrainingHistory
  /** The parameters of the best evaluation (primary score) so far, when the run keeps them. */
  readonly best?: { readonly iteration: number; readonly score: number; readonly weights: WeightRecord }
}

// -------------------------------------------------------------------------------------
// codecs
// -------------------------------------------------------------------------------------

const OptimizerStateCodec = t.type({ kind: t.string, step: nonNegativeInteger, buffers: t.record(t.string, t.array(finiteNumber)) })

const HistoryCodec = t.type({
  iterations: t.array(
    t.intersection([
      t.type({ iteration: nonNegativeInteger, loss: finiteNumber, gradientNorm: nonNegativeNumber, learningRate: nonNegativeNumber, wallTime: nonNegativeNumber }),
      t.partial({ cpuTime: nonNegativeNumber }),
    ]),
  ),
  evaluations: t.array(
    t.intersection([
      t.type({ iteration: nonNegativeInteger, scores: t.record(t.string, finiteNumber), loss: finiteNumber, firingRate: nonNegativeNumber }),
      t.partial({ split: t.string }),
    ]),
  ),
})

const ModelFileCodec = t.intersection([
  // format 2 is format 3 without per-neuron values: the same codec reads both
  t.type({ format: t.union([t.literal(MODEL_FORMAT), t.literal(MODEL_FORMAT_V2)]), spec: ModelSpecCodec, weights: t.UnknownRecord, iteration: nonNegativeInteger, history: HistoryCodec }),
  t.partial({ optimizerState: OptimizerStateCodec, best: t.type({ iteration: nonNegativeInteger, score: finiteNumber, weights: t.UnknownRecord }) }),
])

const ModelFileV1Codec = t.intersection([
  ModelSpecV1Codec,
  t.type({
    format: t.literal(MODEL_FORMAT_V1),
    sizes: t.type({ inputs: nonNegativeInteger, neurons: positiveInteger, outputs: nonNegativeInteger }),
    weights: t.intersection([t.type({ U: t.unknown, W: t.unknown, b: t.unknown, O: t.unknown }), t.partial({ tauS: t.unknown, neuronParams: t.unknown })]),
    iteration: nonNegativeInteger,
    history: HistoryCodec,
  }),
  t.partial({ optimizerState: OptimizerStateCodec }),
])

// -------------------------------------------------------------------------------------
// constructors
// -------------------------------------------------------------------------------------

/**
 * Validates parsed JSON as a model file of either format. Each problem is an issue naming its
 * field from the root `what`: `model.spec.network.populations[0].tauS: expected a positive
 * number, got -1`, `model.format: expected "spikegrad-model/2", got …`. The weights are checked
 * against the network when the model is composed.
 */
export function decodeModelFile(value: unknown, what = 'model'): Either<Invalid, ModelFile> {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    return leftInvalid([issue(what, `must be a JSON object (a spikegrad model file), got ${Array.isArray(value) ? 'an array' : typeof value}`)])
  }
  const format = (value as { format?: unknown }).format
  if (format === MODEL_FORMAT || format === MODEL_FORMAT_V2) {
    // a file of format 2 becomes one of format 3 (it is one, without per-neuron values)
    const v3 = decodeStrict(ModelFileCodec, value, what)
    if (isLeft(v3)) return v3
    const counts = iterationIssues(v3.right, what)
    return counts.length > 0 ? leftInvalid(counts) : right({ ...v3.right, format: MODEL_FORMAT, spec: withPluginsOfNeurons(v3.right.spec) })
  }
  if (format === MODEL_FORMAT_V1) {
    const v1 = decodeStrict(ModelFileV1Codec, value, what)
    if (isLeft(v1)) return v1
    const counts = iterationIssues(v1.right, what)
    if (counts.length > 0) return leftInvalid(counts)
    const { format: _f, sizes, weights, iteration, optimizerState, history, ...spec } = v1.right
    const v2 = withPluginsOfNeurons(modelSpecFromV1({ ...spec, sizes }))
    return right({
      format: MODEL_FORMAT,
      spec: v2,
      weights: recurrentWeights(weights as unknown as RecurrentWeights, spec.train ?? {}),
      iteration,
      ...(optimizerState && { optimizerState }),
      history,
    })
  }
  return leftInvalid([
    issue(`${what}.format`, `expected "${MODEL_FORMAT}" (or "${MODEL_FORMAT_V2}", "${MODEL_FORMAT_V1}"), got ${JSON.stringify(format)}`, 'this is not a spikegrad model file of a version this spikegrad reads'),
  ])
}

/**
 * The text of a model file: JSON with a two-space indent, except that each row of numbers
 * (a weight row, an optimiser buffer) and each flat record of numbers (a history entry) is
 * written on one line.
 */
export function formatModelFile(file: ModelFile): string {
  const inline: string[] = []
  const text = JSON.stringify(
    file,
    (_key, value: unknown) => {
      const one = oneLine(value)
      if (one === undefined) return value
      inline.push(one)
      return `${MARK}${inline.length - 1}`
    },
    2,
  )
  return text.replace(MARK_IN_TEXT, (_m, k: string) => inline[Number(k)]) + '\n'
}

// -------------------------------------------------------------------------------------
// internals
// -------------------------------------------------------------------------------------

/** Marks a value written on one line; JSON escapes it as \u0001, which no name holds. */
const MARK = '\u0001#'
const MARK_IN_TEXT = /"\\u0001#(\d+)"/g

/**
 * `[1, 2.5]`, `["a", "b"]`, `{ "a": 1, "b": { "c": 2 } }` or `{ "name": "qif", "width": 1 }` for rows of
 * numbers, short lists of names, flat records of numbers and short records of scalars; else undefined.
 */
function oneLine(value: unknown): string | undefined {
  if (Array.isArray(value)) {
    if (value.length > 0 && value.every((x) => typeof x === 'number')) return `[${value.map((x) => JSON.stringify(x)).join(', ')}]`
    if (value.length > 0 && value.every((x) => typeof x === 'string')) {
      const text = `[${value.map((x) => JSON.stringify(x)).join(', ')}]`
      return text.length <= 100 ? text : undefined
    }
    return undefined
  }
  if (typeof value !== 'object' || value === null) return undefined
  const entries = Object.entries(value)
  if (entries.length === 0) return undefined
  const scalar = (v: unknown): boolean => typeof v === 'number' || typeof v === 'string' || typeof v === 'boolean'
  const numbers = (v: unknown): boolean =>
    typeof v === 'object' && v !== null && !Array.isArray(v) && Object.keys(v).length > 0 && Object.values(v).every((x) => typeof x === 'number')
  const show = (v: unknown): string =>
    scalar(v) ? JSON.stringify(v) : `{ ${Object.entries(v as object).map(([k, x]) => `${JSON.stringify(k)}: ${JSON.stringify(x)}`).join(', ')} }`
  const text = `{ ${entries.map(([k, v]) => `${JSON.stringify(k)}: ${show(v)}`).join(', ')} }`
  if (entries.every(([, v]) => typeof v === 'number' || numbers(v))) return text
  // a short record of scalars and records of numbers (a plugin by name, an init rule) also fits on a line
  return entries.every(([, v]) => scalar(v) || numbers(v)) && text.length <= 100 ? text : undefined
}
