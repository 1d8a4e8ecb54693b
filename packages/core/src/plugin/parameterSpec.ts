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
 * non-finite values are reported, missing ones take their defaults.
 * @returns the values in the order of `specs`, or the list of problems.
 */
export function resolveParameters(
  owner: string,
  specs: readonly ParameterSpec[],
  given: Readonly<Record<string, number>> = {},
): { readonly values: Float64Array } | { readonly errors: readonly string[] } {
  const errors: string[] = []
  const known = new Set(specs.map((s) => s.name))
  for (const name of Object.keys(given)) {
    if (!known.has(name)) {
      errors.push(`${owner}: unknown parameter "${name}" (known: ${[...known].join(', ') || 'none'})`)
    }
  }
  const values = new Float64Array(specs.length)
  specs.forEach((spec, i) => {
    const v = given[spec.name] ?? spec.value
    if (typeof v !== 'number' || !Number.isFinite(v)) {
      errors.push(`${owner}: parameter "${spec.name}" must be a finite number, got ${String(v)}`)
    } else if ((spec.min !== undefined && v < spec.min) || (spec.max !== undefined && v > spec.max)) {
      errors.push(
        `${owner}: parameter "${spec.name}" = ${v} is out of range [${spec.min ?? '-inf'}, ${spec.max ?? 'inf'}] ${spec.unit}`,
      )
    }
    values[i] = v
  })
  return errors.length > 0 ? { errors } : { values }
}
