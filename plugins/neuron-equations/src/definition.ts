import { left, right, type Either } from 'fp-ts/lib/Either.js'
import { equationIssue, nearestName, type EquationIssue } from './language/equationIssue.js'

// model

/** A parameter of an equation neuron: its default value and what is known about it. */
export interface ParameterDeclaration {
  readonly value: number
  /** Unit, for documentation (default '1'). */
  readonly unit?: string
  readonly description?: string
  /** Whether its gradient is computed for training (default true: its derivatives are derived anyway). */
  readonly trainable?: boolean
  /** Inclusive bounds that a value must respect (e.g. min 0.001 for a time constant). */
  readonly min?: number
  readonly max?: number
}

/**
 * A neuron written as equations (t in ms). Every derivative the adjoint needs is derived from
 * these strings; none is written by hand.
 *
 * - `equations`: one `dx/dt = …` per state variable, in the state's order, e.g.
 *   `'dv/dt = (-(v - v_rest) + R*I) / tau_m'`. The right-hand sides read the state variables,
 *   the parameters, the input current `I` and the constant `pi`.
 * - `threshold` (with `reset`): the spike condition, e.g. `'v > v_th'`; the event fires when
 *   left − right rises through 0 (`<` swaps the sides).
 * - `reset`: what happens at the event, e.g. `['v = v_reset', 'w += b']`, all right-hand sides
 *   read the state just before; unnamed variables keep their value.
 * - `parameters`: by name, a value or a `ParameterDeclaration`, in the order of `p`.
 * - `voltage`: the variable the synapse gate reads (default: the first equation's).
 * - `gate`: where the gate's zone lies, `{ center, period? }`, expressions of the parameters and
 *   `width` (default for `threshold: 'v > θ'`: centre θ − width/2, just below the threshold).
 * - `initial`: the resting state by variable, expressions of the parameters such as `'v_rest'`
 *   or `'-65'` (default 0).
 */
export interface EquationNeuronDefinition {
  readonly equations: readonly string[]
  readonly threshold?: string
  readonly reset?: readonly string[]
  readonly parameters?: Readonly<Record<string, number | ParameterDeclaration>>
  readonly voltage?: string
  readonly gate?: { readonly center: string; readonly period?: string }
  readonly initial?: Readonly<Record<string, string>>
}

/** Bounds on what a definition may hold, so that a hostile one costs little to refuse. */
export const definitionLimits = { equations: 32, reset: 32, parameters: 256 } as const

const fields = ['equations', 'threshold', 'reset', 'parameters', 'voltage', 'gate', 'initial'] as const
const parameterFields = ['value', 'unit', 'description', 'trainable', 'min', 'max'] as const
const gateFields = ['center', 'period'] as const

// constructors

/**
 * A definition from any value (e.g. the `options` of a JSON configuration): every field's
 * type checked, unknown fields named with the nearest known one. Only own properties are
 * read, and no value is ever run: strings stay strings until the parser reads them.
 */
export function validateDefinition(value: unknown): Either<readonly EquationIssue[], EquationNeuronDefinition> {
  const issues: EquationIssue[] = []
  if (!isRecord(value)) return left([equationIssue('options', `must be an object with "equations", got ${describe(value)}`, 'e.g. { "equations": ["dv/dt = (I - v) / tau_m"], "parameters": { "tau_m": 10 } }')])
  unknownKeys(value, fields, 'options', issues)
  const equations = stringList(own(value, 'equations'), 'equations', definitionLimits.equations, issues, true)
  const threshold = optionalString(own(value, 'threshold'), 'threshold', issues)
  const reset = own(value, 'reset') === undefined ? undefined : stringList(own(value, 'reset'), 'reset', definitionLimits.reset, issues, false)
  const voltage = optionalString(own(value, 'voltage'), 'voltage', issues)
  const parameters = parameterRecord(own(value, 'parameters'), issues)
  const gate = gateRecord(own(value, 'gate'), issues)
  const initial = initialRecord(own(value, 'initial'), issues)
  if (issues.length > 0) return left(issues)
  return right({
    equations: equations!,
    ...(threshold !== undefined && { threshold }),
    ...(reset !== undefined && { reset }),
    ...(parameters !== undefined && { parameters }),
    ...(voltage !== undefined && { voltage }),
    ...(gate !== undefined && { gate }),
    ...(initial !== undefined && { initial }),
  })
}

/** True for a name that is a property of every JavaScript object (`constructor`, `__proto__`, …): refused as a name. */
export function isObjectPropertyName(name: string): boolean {
  return name in Object.prototype || name.startsWith('__')
}

// internals

function isRecord(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v)
}

function own(o: Record<string, unknown>, key: string): unknown {
  return Object.prototype.hasOwnProperty.call(o, key) ? o[key] : undefined
}

function describe(v: unknown): string {
  return v === null ? 'null' : Array.isArray(v) ? 'a list' : typeof v
}

function unknownKeys(o: Record<string, unknown>, known: readonly string[], at: string, issues: EquationIssue[]): void {
  for (const key of Object.keys(o)) {
    if (known.includes(key)) continue
    const near = nearestName(key, known)
    issues.push(equationIssue(`${at}.${key}`, 'unknown field', near !== undefined ? `did you mean "${near}"?` : `known fields: ${known.join(', ')}`))
  }
}

function optionalString(v: unknown, at: string, issues: EquationIssue[]): string | undefined {
  if (v === undefined) return undefined
  if (typeof v !== 'string') issues.push(equationIssue(at, `must be a string, got ${describe(v)}`))
  return typeof v === 'string' ? v : undefined
}

function stringList(v: unknown, at: string, max: number, issues: EquationIssue[], required: boolean): string[] | undefined {
  if (v === undefined) {
    if (required) issues.push(equationIssue(at, 'is missing', 'give one "dx/dt = …" per state variable, e.g. ["dv/dt = (I - v) / tau_m"]'))
    return undefined
  }
  if (!Array.isArray(v)) {
    issues.push(equationIssue(at, `must be a list of strings, got ${describe(v)}`))
    return undefined
  }
  if (v.length > max) {
    issues.push(equationIssue(at, `has ${v.length} entries; at most ${max} are read`))
    return undefined
  }
  if (required && v.length === 0) issues.push(equationIssue(at, 'is empty', 'give one "dx/dt = …" per state variable'))
  v.forEach((s, i) => {
    if (typeof s !== 'string') issues.push(equationIssue(`${at}[${i}]`, `must be a string, got ${describe(s)}`))
  })
  return v as string[]
}

function finite(v: unknown): v is number {
  return typeof v === 'number' && Number.isFinite(v)
}

function parameterRecord(v: unknown, issues: EquationIssue[]): Record<string, number | ParameterDeclaration> | undefined {
  if (v === undefined) return undefined
  if (!isRecord(v)) {
    issues.push(equationIssue('parameters', `must be an object of name: value, got ${describe(v)}`, 'e.g. { "tau_m": 10, "v_th": { "value": 1, "unit": "mV" } }'))
    return undefined
  }
  const keys = Object.keys(v)
  if (keys.length > definitionLimits.parameters) {
    issues.push(equationIssue('parameters', `has ${keys.length} entries; at most ${definitionLimits.parameters} are read`))
    return undefined
  }
  const out = new Map<string, number | ParameterDeclaration>()
  for (const name of keys) {
    const at = `parameters.${name}`
    const d = v[name]
    if (finite(d)) {
      out.set(name, d)
      continue
    }
    if (!isRecord(d)) {
      issues.push(equationIssue(at, `must be a finite number or { "value": …, "unit": … }, got ${typeof d === 'number' ? String(d) : describe(d)}`))
      continue
    }
    unknownKeys(d, parameterFields, at, issues)
    if (!finite(own(d, 'value'))) issues.push(equationIssue(`${at}.value`, `must be a finite number, got ${String(own(d, 'value'))}`))
    for (const key of ['min', 'max'] as const) {
      if (own(d, key) !== undefined && !finite(own(d, key))) issues.push(equationIssue(`${at}.${key}`, 'must be a finite number'))
    }
    for (const key of ['unit', 'description'] as const) {
      if (own(d, key) !== undefined && typeof own(d, key) !== 'string') issues.push(equationIssue(`${at}.${key}`, 'must be a string'))
    }
    if (own(d, 'trainable') !== undefined && typeof own(d, 'trainable') !== 'boolean') issues.push(equationIssue(`${at}.trainable`, 'must be true or false'))
    out.set(name, {
      value: own(d, 'value') as number,
      ...(own(d, 'unit') !== undefined && { unit: own(d, 'unit') as string }),
      ...(own(d, 'description') !== undefined && { description: own(d, 'description') as string }),
      ...(own(d, 'trainable') !== undefined && { trainable: own(d, 'trainable') as boolean }),
      ...(own(d, 'min') !== undefined && { min: own(d, 'min') as number }),
      ...(own(d, 'max') !== undefined && { max: own(d, 'max') as number }),
    })
  }
  // an object without a prototype: a parameter named like an Object property cannot reach one
  return Object.assign(Object.create(null) as Record<string, number | ParameterDeclaration>, Object.fromEntries(out))
}

function gateRecord(v: unknown, issues: EquationIssue[]): { center: string; period?: string } | undefined {
  if (v === undefined) return undefined
  if (!isRecord(v)) {
    issues.push(equationIssue('gate', `must be an object { "center": …, "period": … }, got ${describe(v)}`))
    return undefined
  }
  unknownKeys(v, gateFields, 'gate', issues)
  const center = own(v, 'center')
  const period = own(v, 'period')
  if (typeof center !== 'string') issues.push(equationIssue('gate.center', 'must be a string (an expression of the parameters and width)', 'e.g. "v_th - width/2" or "pi"'))
  if (period !== undefined && typeof period !== 'string') issues.push(equationIssue('gate.period', 'must be a string (an expression of the parameters)', 'e.g. "2*pi"'))
  return { center: center as string, ...(typeof period === 'string' && { period }) }
}

function initialRecord(v: unknown, issues: EquationIssue[]): Record<string, string> | undefined {
  if (v === undefined) return undefined
  if (!isRecord(v)) {
    issues.push(equationIssue('initial', `must be an object of variable: value, got ${describe(v)}`, 'e.g. { "v": "v_rest" }'))
    return undefined
  }
  const out = new Map<string, string>()
  for (const name of Object.keys(v)) {
    const d = v[name]
    if (typeof d === 'string') out.set(name, d)
    else issues.push(equationIssue(`initial.${name}`, `must be a string: an expression of the parameters, got ${typeof d === 'number' ? String(d) : describe(d)}`, typeof d === 'number' ? `write it as "${d}"` : 'e.g. "v_rest" or "-65"'))
  }
  return Object.assign(Object.create(null) as Record<string, string>, Object.fromEntries(out))
}
