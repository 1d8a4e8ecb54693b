import * as io from 'io-ts'
import { isLeft, left, type Either } from 'fp-ts/lib/Either.js'
import { decode, showValue } from './decode.js'

/**
 * One variant of a configuration chosen by its `kind` field (e.g. a learning-rate schedule
 * { kind: 'cosine', lr, total, floor }): its required and optional fields, and how to build
 * the value once they are valid (a build may still refuse, e.g. on a cross-field rule).
 */
export interface ConfigVariant<R> {
  /** The accepted field names, `kind` included. */
  readonly fields: readonly string[]
  build(config: unknown, what: string): Either<readonly string[], R>
}

/** Declares a variant from io-ts field codecs and a builder. */
export function configVariant<P extends io.Props, Q extends io.Props, R>(
  required: P,
  optional: Q,
  build: (config: io.TypeOf<io.TypeC<P>> & Partial<io.TypeOf<io.TypeC<Q>>>, what: string) => Either<readonly string[], R>,
): ConfigVariant<R> {
  const codec = io.intersection([io.type(required), io.partial(optional)])
  return {
    fields: ['kind', ...Object.keys(required), ...Object.keys(optional)],
    build: (config, what) => {
      const decoded = decode(codec, config, what)
      return isLeft(decoded) ? decoded : build(decoded.right as io.TypeOf<io.TypeC<P>> & Partial<io.TypeOf<io.TypeC<Q>>>, what)
    },
  }
}

/**
 * Decodes a `{ kind, ... }` configuration with the variant its kind names. Reports, as lines
 * naming the field: a value that is not an object, an unknown kind (listing the known ones),
 * fields the variant does not have (a typo would otherwise be silently ignored), and the
 * variant's own field errors.
 * @example decodeVariant({ constant: … , cosine: … }, { kind: 'cosine', lr: 0.01, total: 500 }, 'schedule')
 */
export function decodeVariant<R>(
  variants: Readonly<Record<string, ConfigVariant<R>>>,
  config: unknown,
  what: string,
): Either<readonly string[], R> {
  const known = Object.keys(variants)
  if (typeof config !== 'object' || config === null || Array.isArray(config)) {
    return left([`${what}: expected an object with a "kind" field (one of ${known.join(', ')}), got ${showValue(config)}`])
  }
  const record = config as Record<string, unknown>
  const kind = record.kind
  if (typeof kind !== 'string' || !Object.prototype.hasOwnProperty.call(variants, kind)) {
    return left([`${what}.kind: expected one of ${known.map((k) => `"${k}"`).join(', ')}, got ${showValue(kind)}`])
  }
  const variant = variants[kind]
  const unknown = Object.keys(record).filter((key) => !variant.fields.includes(key))
  if (unknown.length > 0) {
    return left(
      unknown.map((key) => `${what}.${key}: unknown field for kind "${kind}" (its fields: ${variant.fields.join(', ')})`),
    )
  }
  return variant.build(config, what)
}
