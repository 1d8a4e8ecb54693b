import { centreOf, isPerNeuron, perNeuronValueProblems, type ParameterValue, type PerNeuronValue } from './parameterValue.js'

/**
 * A named scalar parameter of a plugin, with its default value and unit.
 * Plugins list their parameters in a fixed order; the values travel as a Float64Array `p`
 * in that same order, so that trainable parameters can be slices of the parameter vector.
 */
export interface ParameterSpec {
  readonly name: string
  /** Default value. */
  readonly value: number
  /** Unit, e.g. 'ms', 'mV', '1'. */
  readonly unit: string
  readonly description?: string
  /** True if the plugin supplies the derivative with respect to this parameter. */
  readonly trainable?: boolean
  /** Inclusive bounds that a valid value must respect (e.g. a time constant > 0). */
  readonly min?: number
  readonly max?: number
}

/**
 * Resolves user-supplied values against a parameter list: unknown names and out-of-range or
 * non-finite values are reported, missing ones take their defaults. With `perNeuron: true` (a
 * neuron whose functions read per-neuron tables, see `Neuron.perNeuronParameters`) a value may
 * also be one per neuron — a list or a rule (`ParameterValue`); it is returned in `perNeuron`
 * and `values` holds its centre (`centreOf`). Without it such a value is refused.
 * @returns the values in the order of `specs` (and the per-neuron ones by name), or the list of problems.
 */
export function resolveParameters(
  owner: string,
  specs: readonly ParameterSpec[],
  given: Readonly<Record<string, ParameterValue>> = {},
  options: { readonly perNeuron?: boolean } = {},
): { readonly values: Float64Array; readonly perNeuron: Readonly<Record<string, PerNeuronValue>> } | { readonly errors: readonly string[] } {
  const errors: string[] = []
  const known = new Set(specs.map((s) => s.name))
  for (const name of Object.keys(given)) {
    if (!known.has(name)) {
      errors.push(`${owner}: unknown parameter "${name}" (known: ${[...known].join(', ') || 'none'})`)
    }
  }
  const values = new Float64Array(specs.length)
  const perNeuron: Record<string, PerNeuronValue> = {}
  specs.forEach((spec, i) => {
    const v = given[spec.name] ?? spec.value
    if (isPerNeuron(v)) {
      if (options.perNeuron !== true) {
        errors.push(`${owner}: parameter "${spec.name}" must be a finite number (this neuron takes one value per population), got ${String(v)}`)
        return
      }
      const problems = perNeuronValueProblems(v)
      if (problems.length > 0) {
        errors.push(...problems.map((p) => `${owner}: parameter "${spec.name}": ${p}`))
        return
      }
      if (Array.isArray(v)) {
        const bad = (v as readonly number[]).find((x) => outOfRange(spec, x))
        if (bad !== undefined) errors.push(rangeError(owner, spec, bad))
      }
      perNeuron[spec.name] = v
      values[i] = centreOf(v)
    } else if (typeof v !== 'number' || !Number.isFinite(v)) {
      errors.push(`${owner}: parameter "${spec.name}" must be a finite number, got ${String(v)}`)
    } else if (outOfRange(spec, v)) {
      errors.push(rangeError(owner, spec, v))
    } else values[i] = v
  })
  return errors.length > 0 ? { errors } : { values, perNeuron }
}

/** True when v lies outside the spec's inclusive bounds. */
export const outOfRange = (spec: ParameterSpec, v: number): boolean => (spec.min !== undefined && v < spec.min) || (spec.max !== undefined && v > spec.max)

const rangeError = (owner: string, spec: ParameterSpec, v: number): string =>
  `${owner}: parameter "${spec.name}" = ${v} is out of range [${spec.min ?? '-inf'}, ${spec.max ?? 'inf'}] ${spec.unit}`
