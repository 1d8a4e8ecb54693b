import type * as t from 'io-ts'
import { NetworkConfigCodec } from './networkConfig.js'
import { ModelSpecCodec } from './modelSpec.js'

/**
 * JSON Schemas (draft 2020-12) of the files spikegrad reads, generated from the very codecs
 * that decode them, so that the schema cannot drift from what is accepted: objects list their
 * fields (required ones as `required`) and refuse others (`additionalProperties: false`, as
 * the decoders do), unions become `anyOf` (or `enum` for names), and the numeric codecs carry
 * their bounds. Checks that need more than a shape (a schedule's fields by its kind, a
 * population named by a projection) stay the decoders'; the schema says so in descriptions.
 */

/** A JSON Schema, as plain JSON. */
export type JsonSchema = { readonly [key: string]: unknown }

// -------------------------------------------------------------------------------------
// constructors
// -------------------------------------------------------------------------------------

/** The schema of a model specification (`spikegrad-spec/2`, what `spikegrad train --model-spec` reads). */
export function modelSpecSchema(): JsonSchema {
  return {
    $schema: 'https://json-schema.org/draft/2020-12/schema',
    $id: 'https://spikegrad.dev/schema/spikegrad-spec-2.json',
    title: 'spikegrad model specification (format "spikegrad-spec/2")',
    description:
      'Plugins to load (npm package names), the task and the network by the names their plugins are bound under, the seed, and ' +
      'the solver, training and run settings. Times in ms. See packages/core/docs/model-file.md.',
    ...withDescriptions(jsonSchemaOf(ModelSpecCodec), specDescriptions),
  }
}

/** The schema of a network configuration (`spikegrad-network/2`, what `spikegrad gradient --config` reads). */
export function networkConfigSchema(): JsonSchema {
  return {
    $schema: 'https://json-schema.org/draft/2020-12/schema',
    $id: 'https://spikegrad.dev/schema/spikegrad-network-2.json',
    title: 'spikegrad network configuration (format "spikegrad-network/2")',
    description: 'A network graph with its weights and one trial (inputs, targets, windows), for spikegrad gradient. Times in ms.',
    ...jsonSchemaOf(NetworkConfigCodec),
  }
}

/**
 * The JSON Schema of an io-ts codec built from `t.type`, `t.partial`, `t.intersection`,
 * `t.union`, `t.literal`, `t.keyof`, `t.array`, `t.record`, the primitive codecs and core's
 * named numeric codecs (`positiveNumber`, …); a codec it does not know becomes `{}` with its
 * name as the description.
 */
export function jsonSchemaOf(codec: t.Mixed): JsonSchema {
  const c = codec as unknown as Codec
  switch (c._tag) {
    case 'InterfaceType':
      return objectSchema(c.props, Object.keys(c.props))
    case 'PartialType':
      return objectSchema(c.props, [])
    case 'ExactType':
    case 'StrictType':
    case 'RefinementType':
    case 'ReadonlyType':
      return jsonSchemaOf(c.type)
    case 'IntersectionType': {
      const parts = c.types.map(jsonSchemaOf)
      if (parts.every(isObjectSchema)) {
        return {
          type: 'object',
          properties: Object.assign({}, ...parts.map((p) => p.properties)),
          required: [...new Set(parts.flatMap((p) => p.required as string[]))],
          additionalProperties: false,
        }
      }
      return { allOf: parts }
    }
    case 'UnionType': {
      const parts = c.types.map(jsonSchemaOf)
      if (parts.every((p) => 'const' in p)) return { enum: parts.map((p) => p.const) }
      return { anyOf: parts }
    }
    case 'LiteralType':
      return { const: c.value }
    case 'KeyofType':
      return { enum: Object.keys(c.keys) }
    case 'ArrayType':
    case 'ReadonlyArrayType':
      return { type: 'array', items: jsonSchemaOf(c.type) }
    case 'DictionaryType':
      return { type: 'object', additionalProperties: jsonSchemaOf(c.codomain) }
    case 'StringType':
      return { type: 'string' }
    case 'NumberType':
      return { type: 'number' }
    case 'BooleanType':
      return { type: 'boolean' }
    case 'AnyDictionaryType':
      return { type: 'object' }
    case 'UnknownType':
      return {}
    default:
      return namedSchemas[c.name] ?? { description: c.name }
  }
}

// -------------------------------------------------------------------------------------
// internals
// -------------------------------------------------------------------------------------

/** The fields of the io-ts codecs this module reads. */
interface Codec {
  readonly _tag?: string
  readonly name: string
  readonly props: Record<string, t.Mixed>
  readonly types: t.Mixed[]
  readonly type: t.Mixed
  readonly value: unknown
  readonly keys: Record<string, unknown>
  readonly codomain: t.Mixed
}

function objectSchema(props: Record<string, t.Mixed>, required: string[]): JsonSchema {
  return {
    type: 'object',
    properties: Object.fromEntries(Object.entries(props).map(([k, v]) => [k, jsonSchemaOf(v)])),
    required,
    additionalProperties: false,
  }
}

function isObjectSchema(s: JsonSchema): s is JsonSchema & { properties: Record<string, JsonSchema>; required: string[] } {
  return s.type === 'object' && typeof s.properties === 'object' && s.additionalProperties === false
}

/** Core's named codecs (`io/codecs.ts`, the seed), by the names they report. */
const namedSchemas: Readonly<Record<string, JsonSchema>> = {
  'finite number': { type: 'number' },
  'positive number': { type: 'number', exclusiveMinimum: 0 },
  'non-negative number': { type: 'number', minimum: 0 },
  'non-negative integer': { type: 'integer', minimum: 0, maximum: Number.MAX_SAFE_INTEGER },
  'positive integer': { type: 'integer', minimum: 1, maximum: Number.MAX_SAFE_INTEGER },
  'number in (0, 1]': { type: 'number', exclusiveMinimum: 0, maximum: 1 },
  'number in [0, 1)': { type: 'number', minimum: 0, exclusiveMaximum: 1 },
  'array of finite numbers': { type: 'array', items: { type: 'number' } },
  'relative tolerance in [1e-14, 0.1]': { type: 'number', minimum: 1e-14, maximum: 0.1 },
  'absolute tolerance in [1e-300, 1]': { type: 'number', minimum: 1e-300, maximum: 1 },
  'learning rate in [1e-12, 10]': { type: 'number', minimum: 1e-12, maximum: 10 },
  'integer in [1, 100000]': { type: 'integer', minimum: 1, maximum: 100_000 },
  'duration in (0, 100000] ms': { type: 'number', exclusiveMinimum: 0, maximum: 100_000 },
  'integer in [1, 10000000]': { type: 'integer', minimum: 1, maximum: 10_000_000 },
  'integer in [1, 1000]': { type: 'integer', minimum: 1, maximum: 1000 },
  'integer seed in [0, 4294967295]': { type: 'integer', minimum: 0, maximum: 0xffffffff },
  // a neuron written as equations (io/neuronRef.ts): checked by its plugin, described here
  'equations: strings': { type: 'array', items: { type: 'string' } },
  'equations: a string': { type: 'string' },
  'equations: parameters': {
    type: 'object',
    description: 'by name, a value or { "value", "unit"?, "description"?, "trainable"?, "min"?, "max"? }',
    additionalProperties: {
      anyOf: [
        { type: 'number' },
        {
          type: 'object',
          properties: { value: { type: 'number' }, unit: { type: 'string' }, description: { type: 'string' }, trainable: { type: 'boolean' }, min: { type: 'number' }, max: { type: 'number' } },
          required: ['value'],
          additionalProperties: false,
        },
      ],
    },
  },
  'equations: gate': { type: 'object', properties: { center: { type: 'string' }, period: { type: 'string' } }, required: ['center'], additionalProperties: false },
  'equations: initial values': { type: 'object', additionalProperties: { type: 'string' } },
}

/** Descriptions of the specification's fields whose shape alone says little, by path. */
const specDescriptions: Readonly<Record<string, string>> = {
  plugins: 'npm packages to load, by name (each exports inversify ContainerModules)',
  task: 'the task plugin by the name it is bound under (e.g. "xor", "yinyang"), with its parameters',
  seed: 'the initial weights, the training trials (or epoch orders) and the held-out trials all derive from it',
  taskLosses: "false drops the task's own loss terms (network.losses are then the only ones)",
  scoreBy: '{ "firstSpike": "output" }: score a classification by the first spike of that population (the class of the neuron that fired first; a trial with no spike is wrong) instead of by the readout',
  solver: "the solver settings (SolveOptions); left out, the task's recipe's",
  'training.optimizer': '{ "kind": "adam", "beta1"?, "beta2"?, "epsilon"? } or { "kind": "sgd", "momentum"? } (checked by the decoder)',
  'training.schedule':
    '{ "kind": "constant", "lr" } | { "kind": "exponential", "lr", "rate", "every" } | { "kind": "step", "lr", "factor", "every" } | ' +
    '{ "kind": "cosine", "lr", "total", "floor"? } (checked by the decoder)',
  'training.batchSize': 'trials per step',
  'training.clipNorm': 'the largest Euclidean norm of a minibatch gradient that is applied',
  run: "the run's length (iterations, or epochs of a data set), its evaluations and checkpoints",
  network: 'the graph: populations, projections, inputs, readout (see NetworkSpec)',
}

function withDescriptions(schema: JsonSchema, descriptions: Readonly<Record<string, string>>): JsonSchema {
  let out = schema
  for (const [path, description] of Object.entries(descriptions)) out = describeAt(out, path.split('.'), description)
  return out
}

function describeAt(schema: JsonSchema, path: readonly string[], description: string): JsonSchema {
  if (path.length === 0) return { ...schema, description }
  const properties = schema.properties as Record<string, JsonSchema> | undefined
  const child = properties?.[path[0]!]
  if (child === undefined) throw new Error(`jsonSchema: no field "${path[0]}" to describe`)
  return { ...schema, properties: { ...properties, [path[0]!]: describeAt(child, path.slice(1), description) } }
}
