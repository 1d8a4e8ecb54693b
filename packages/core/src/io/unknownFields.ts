import type * as t from 'io-ts'
import { issue, keyStep, type Issue } from '../util/invalid.js'

/**
 * The fields of `value` that `codec` does not declare, wherever the codec describes objects
 * (`t.type`, `t.partial`, their intersections, arrays, tuples, records and the members of
 * unions that the value matches), each with the nearest declared name when one is close:
 * a misspelled optional field would otherwise be dropped without a word.
 */
export function unknownFields(codec: t.Any, value: unknown, at: string): Issue[] {
  const out: Issue[] = []
  walk(codec, value, at, out)
  return out
}

/** The closest of `names` to `word` within an edit distance of a third of its length (at least 2), if any. */
export function nearestName(word: string, names: Iterable<string>): string | undefined {
  let best: string | undefined
  let bestD = Math.max(2, Math.floor(word.length / 3)) + 1
  for (const name of names) {
    const d = editDistance(word.toLowerCase(), name.toLowerCase())
    if (d < bestD) {
      best = name
      bestD = d
    }
  }
  return best
}

/**
 * A union codec that chooses its member by a field (e.g. a neuron by `name` or by `equations`)
 * says which one a value is meant to be, valid or not, so that a misspelled field of it is
 * named even when the value is refused (undefined: none, and no field is named).
 */
export interface MemberPicking {
  readonly memberFor?: (value: unknown) => t.Any | undefined
}

// -------------------------------------------------------------------------------------
// internals
// -------------------------------------------------------------------------------------

interface Tagged {
  readonly _tag?: string
  readonly props?: t.Props
  readonly types?: readonly t.Any[]
  readonly type?: t.Any
  readonly codomain?: t.Any
}

/** The declared props of an object codec (through intersections), or undefined when it does not describe an object. */
function propsOf(codec: t.Any): t.Props | undefined {
  const c = codec as unknown as Tagged
  switch (c._tag) {
    case 'InterfaceType':
    case 'PartialType':
    case 'StrictType':
    case 'ExactType':
      return c.props ?? (c.type !== undefined ? propsOf(c.type) : undefined)
    case 'IntersectionType': {
      const parts = (c.types ?? []).map(propsOf)
      if (parts.some((p) => p === undefined)) return undefined
      return Object.assign({}, ...parts) as t.Props
    }
    case 'RefinementType':
    case 'ReadonlyType':
      return c.type !== undefined ? propsOf(c.type) : undefined
    default:
      return undefined
  }
}

function walk(codec: t.Any, value: unknown, at: string, out: Issue[]): void {
  const c = codec as unknown as Tagged
  const props = propsOf(codec)
  if (props !== undefined) {
    if (typeof value !== 'object' || value === null || Array.isArray(value)) return
    for (const [key, v] of Object.entries(value)) {
      const step = keyStep(key)
      const path = step.startsWith('[') ? `${at}${step}` : `${at}.${step}`
      // own properties only: `constructor` or `__proto__` would otherwise find Object.prototype's and pass as known
      const field = Object.hasOwn(props, key) ? props[key] : undefined
      if (field === undefined) {
        const near = nearestName(key, Object.keys(props))
        out.push(issue(path, 'unknown field', near !== undefined ? `did you mean "${near}"?` : `known fields: ${Object.keys(props).join(', ')}`, 'unknown-field'))
      } else walk(field, v, path, out)
    }
    return
  }
  switch (c._tag) {
    case 'ArrayType':
    case 'ReadonlyArrayType':
      if (Array.isArray(value) && c.type !== undefined) value.forEach((v, i) => walk(c.type!, v, `${at}[${i}]`, out))
      return
    case 'TupleType':
      if (Array.isArray(value)) (c.types ?? []).forEach((m, i) => walk(m, value[i], `${at}[${i}]`, out))
      return
    case 'DictionaryType':
      if (typeof value === 'object' && value !== null && c.codomain !== undefined) {
        for (const [key, v] of Object.entries(value)) {
          const step = keyStep(key)
          walk(c.codomain, v, step.startsWith('[') ? `${at}${step}` : `${at}.${step}`, out)
        }
      }
      return
    case 'UnionType': {
      // the member the union itself picks for the value (see `MemberPicking`), else the first
      // member the value is (otherwise) valid for, decides which fields it may have
      const pick = (c as MemberPicking).memberFor
      const member = pick !== undefined ? pick(value) : (c.types ?? []).find((m) => m.is(value) || m.decode(value)._tag === 'Right')
      if (member !== undefined) walk(member, value, at, out)
      return
    }
    case 'RefinementType':
    case 'ReadonlyType':
      if (c.type !== undefined) walk(c.type, value, at, out)
      return
    default:
      return
  }
}

function editDistance(a: string, b: string): number {
  const row = Array.from({ length: b.length + 1 }, (_, j) => j)
  for (let i = 1; i <= a.length; i++) {
    let diag = row[0]
    row[0] = i
    for (let j = 1; j <= b.length; j++) {
      const next = Math.min(row[j] + 1, row[j - 1] + 1, diag + (a[i - 1] === b[j - 1] ? 0 : 1))
      diag = row[j]
      row[j] = next
    }
  }
  return row[b.length]
}
