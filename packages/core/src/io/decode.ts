import { left, right, type Either } from 'fp-ts/lib/Either.js'
import type { Any, Context, Decoder, ValidationError } from 'io-ts'
import { formatIssue, invalid, type Invalid, type Issue } from '../util/invalid.js'
import { unknownFields } from './unknownFields.js'

/**
 * Validates `value` with an io-ts codec and turns its errors into readable lines, one per
 * problem, each naming the field path from the root called `what`:
 *
 *   model.weights.W[3]: expected a number, got "x"
 *   model.tauS: expected a positive number, got -1
 *   config.optimizer: expected a number, got nothing (the field is missing)
 *
 * Object fields are written `.name` (or `["odd name"]`), array elements `[i]`; the members of
 * unions and intersections add nothing to the path. Identical lines are reported once.
 */
export function decode<A>(codec: Decoder<unknown, A>, value: unknown, what: string): Either<readonly string[], A> {
  const result = codec.decode(value)
  if (result._tag === 'Right') return right(result.right)
  const lines = result.left.map((error) => describeError(error, what))
  return left([...new Set(lines)])
}

/** One io-ts validation error as a line `path: expected …, got …` (or `path: message`). */
export function describeError(error: ValidationError, what: string): string {
  return formatIssue(errorIssue(error, what))
}

/** One io-ts validation error as an issue at its path. */
export function errorIssue(error: ValidationError, what: string): Issue {
  const { path, expected } = walk(error.context, what)
  if (error.message !== undefined) return { at: path, problem: error.message }
  return { at: path, problem: `expected ${withArticle(expected)}, got ${showValue(error.value)}` }
}

/**
 * Validates `value` with a codec, refusing fields the codec does not know (each named, with
 * the nearest known name: `config.solvr: unknown field; did you mean "solver"?`). Problems
 * are issues at their paths from `what`; identical ones are reported once.
 */
export function decodeStrict<A>(codec: Decoder<unknown, A> & Any, value: unknown, what: string): Either<Invalid, A> {
  const result = codec.decode(value)
  const issues: Issue[] = result._tag === 'Left' ? result.left.map((e) => errorIssue(e, what)) : []
  issues.push(...unknownFields(codec, value, what))
  if (issues.length === 0 && result._tag === 'Right') return right(result.right)
  const seen = new Set<string>()
  return left(invalid(issues.filter((i) => !seen.has(formatIssue(i)) && seen.add(formatIssue(i)) !== undefined)))
}

/**
 * A short rendering of an offending value: strings quoted, numbers as written (NaN, Infinity),
 * objects and arrays as JSON cut at 60 characters, a missing value as "nothing (…missing)".
 */
export function showValue(value: unknown): string {
  if (value === undefined) return 'nothing (the field is missing)'
  if (typeof value === 'number' || typeof value === 'bigint' || typeof value === 'boolean') return String(value)
  if (typeof value === 'function') return 'a function'
  if (ArrayBuffer.isView(value)) return `a ${value.constructor.name} of length ${(value as unknown as ArrayLike<unknown>).length}`
  let shown: string
  try {
    shown = JSON.stringify(value) ?? String(value)
  } catch {
    shown = String(value)
  }
  return shown.length > 60 ? `${shown.slice(0, 57)}...` : shown
}

// internals

const CONTAINERS_OF_MEMBERS = new Set(['UnionType', 'IntersectionType', 'TaggedUnionType'])
const INDEXED = new Set(['ArrayType', 'ReadonlyArrayType', 'TupleType'])
const IDENTIFIER = /^[A-Za-z_$][A-Za-z0-9_$]*$/

function walk(context: Context, what: string): { path: string; expected: string } {
  let path = what
  let expected = context.length > 0 ? context[0].type.name : 'a valid value'
  for (let k = 1; k < context.length; k++) {
    const parentTag = (context[k - 1].type as { _tag?: string })._tag
    const { key, type } = context[k]
    if (parentTag !== undefined && CONTAINERS_OF_MEMBERS.has(parentTag)) continue
    expected = type.name
    if ((parentTag !== undefined && INDEXED.has(parentTag)) || (parentTag === undefined && /^\d+$/.test(key))) {
      path += `[${key}]`
    } else {
      path += IDENTIFIER.test(key) ? `.${key}` : `[${JSON.stringify(key)}]`
    }
  }
  return { path, expected }
}

/** 'number' → 'a number', 'integer' → 'an integer'; names that are not words stay as they are. */
function withArticle(name: string): string {
  if (!/^[A-Za-z]/.test(name)) return name
  return /^[aeiouAEIOU]/.test(name) ? `an ${name}` : `a ${name}`
}
