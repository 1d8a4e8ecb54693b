import type { Weights } from '../network/network.js'
import * as t from 'io-ts'
import { isLeft, left, right, type Either } from 'fp-ts/lib/Either.js'
import type { OptimizerState } from '../training/optimizer.js'
import type { TrainingHistory } from '../training/trainingHistory.js'
import { writeFileAtomic } from './atomicWrite.js'
import { finiteNumber, matrix, nonNegativeInteger, nonNegativeNumber, positiveInteger, positiveNumber, float64Array } from './codecs.js'
import { decode, showValue } from './decode.js'
import type { IoError } from './ioError.js'
import { ModelSpecCodec, type ModelSpec } from './modelSpec.js'
import { readJsonFile } from './readJsonFile.js'

/**
 * The model file, format "spikegrad-model/1": a model's specification (see `ModelSpec`), its
 * full sizes, all its weights as nested arrays (W[j][k] from neuron k to j, U[j][m], b[j],
 * O[r][j]; tau_s and neuron parameters when trained), the optimiser's state, the number of
 * iterations taken and the training history. Numbers are written as JSON writes doubles
 * (shortest round-trip form), so reading a file back gives the same bits.
 */

// -------------------------------------------------------------------------------------
// model
// -------------------------------------------------------------------------------------

/** The `format` field of the model files this version reads and writes. */
export const MODEL_FORMAT = 'spikegrad-model/1'

/** Weights as nested arrays (the JSON form of θ; see `packWeights` / `unpackWeights`). */
export type WeightArrays = Weights

export interface ModelFile extends ModelSpec {
  readonly format: typeof MODEL_FORMAT
  readonly sizes: { readonly inputs: number; readonly neurons: number; readonly outputs: number }
  readonly weights: WeightArrays
  /** Optimiser steps taken. */
  readonly iteration: number
  /** The optimiser's memory (absent before the first step). */
  readonly optimizerState?: OptimizerState
  readonly history: TrainingHistory
}

// -------------------------------------------------------------------------------------
// codecs
// -------------------------------------------------------------------------------------

const OptimizerStateCodec = t.type({ kind: t.string, step: nonNegativeInteger, buffers: t.record(t.string, t.array(finiteNumber)) })

const HistoryCodec = t.type({
  iterations: t.array(
    t.type({ iteration: nonNegativeInteger, loss: finiteNumber, gradientNorm: nonNegativeNumber, learningRate: nonNegativeNumber, wallTime: nonNegativeNumber }),
  ),
  evaluations: t.array(
    t.type({ iteration: nonNegativeInteger, scores: t.record(t.string, finiteNumber), loss: finiteNumber, firingRate: nonNegativeNumber }),
  ),
})

/** The file without its weights, which are checked against the sizes in a second pass. */
const ModelFileHeadCodec = t.intersection([
  ModelSpecCodec,
  t.type({
    format: t.literal(MODEL_FORMAT),
    sizes: t.type({ inputs: nonNegativeInteger, neurons: positiveInteger, outputs: nonNegativeInteger }),
    weights: t.UnknownRecord,
    iteration: nonNegativeInteger,
    history: HistoryCodec,
  }),
  t.partial({ optimizerState: OptimizerStateCodec }),
])

/** A vector of exactly n finite numbers. */
const vector = (n: number): t.Type<Float64Array, number[], unknown> =>
  new t.Type<Float64Array, number[], unknown>(
    `array of ${n} finite numbers`,
    (u): u is Float64Array => u instanceof Float64Array && u.length === n,
    (u, c) => {
      const decoded = float64Array.validate(u, c)
      if (decoded._tag === 'Right' && decoded.right.length !== n) return t.failure(u, c, `expected ${n} entries, got ${decoded.right.length}`)
      return decoded
    },
    (a) => Array.from(a),
  )

/** The weights of a network of the given sizes. */
const weightsCodec = (inputs: number, neurons: number, outputs: number) =>
  t.intersection([
    t.type({ U: matrix(neurons, inputs), W: matrix(neurons, neurons), b: vector(neurons), O: matrix(outputs, neurons) }),
    t.partial({ tauS: positiveNumber, neuronParams: t.record(t.string, finiteNumber) }),
  ])

// -------------------------------------------------------------------------------------
// constructors
// -------------------------------------------------------------------------------------

/**
 * Validates parsed JSON as a model file. Each problem is one line naming its field from the
 * root `what`: `model.weights.W[3][2]: expected a finite number, got "x"`,
 * `model.format: expected "spikegrad-model/1", got …`, `model.sizes.neurons: …`.
 */
export function decodeModelFile(value: unknown, what = 'model'): Either<readonly string[], ModelFile> {
  if (typeof value === 'object' && value !== null && 'format' in value && (value as { format: unknown }).format !== MODEL_FORMAT) {
    return left([`${what}.format: expected "${MODEL_FORMAT}", got ${showValue((value as { format: unknown }).format)}; this is not a spikegrad model file of a version this spikegrad reads`])
  }
  const head = decode(ModelFileHeadCodec, value, what)
  if (isLeft(head)) return head
  const { inputs, neurons, outputs } = head.right.sizes
  const weights = decode(weightsCodec(inputs, neurons, outputs), head.right.weights, `${what}.weights`)
  if (isLeft(weights)) return weights
  return right(head.right as unknown as ModelFile)
}

/** Reads and validates a model file; errors name the file or the field. */
export function readModelFile(path: string): Either<readonly string[], ModelFile> {
  const raw = readJsonFile(path)
  if (isLeft(raw)) return left([raw.left.message])
  const decoded = decodeModelFile(raw.right, 'model')
  return isLeft(decoded) ? left(decoded.left.map((e) => `${path}: ${e}`)) : decoded
}

/**
 * Writes a model file atomically (the old file stays whole until the new one is complete).
 * Indented two spaces, except that each row of numbers stays on one line.
 */
export function writeModelFile(path: string, file: ModelFile): Either<IoError, void> {
  return writeFileAtomic(path, formatModelFile(file))
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

/** `[1, 2.5]` or `{ "a": 1, "b": { "c": 2 } }` for rows and flat records of numbers, else undefined. */
function oneLine(value: unknown): string | undefined {
  if (Array.isArray(value)) {
    return value.length > 0 && value.every((x) => typeof x === 'number') ? `[${value.map((x) => JSON.stringify(x)).join(', ')}]` : undefined
  }
  if (typeof value !== 'object' || value === null) return undefined
  const entries = Object.entries(value)
  const numbers = (v: unknown): boolean =>
    typeof v === 'object' && v !== null && !Array.isArray(v) && Object.values(v).every((x) => typeof x === 'number')
  if (entries.length === 0 || !entries.every(([, v]) => typeof v === 'number' || (numbers(v) && Object.keys(v as object).length > 0))) {
    return undefined
  }
  const show = (v: unknown): string =>
    typeof v === 'number' ? JSON.stringify(v) : `{ ${Object.entries(v as object).map(([k, x]) => `${JSON.stringify(k)}: ${JSON.stringify(x)}`).join(', ')} }`
  return `{ ${entries.map(([k, v]) => `${JSON.stringify(k)}: ${show(v)}`).join(', ')} }`
}
