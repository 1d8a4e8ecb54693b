/**
 * A small JSON Schema checker for the keywords core's generated schemas use (type, properties,
 * required, additionalProperties, items, enum, const, anyOf, allOf, minimum, maximum,
 * exclusiveMinimum, exclusiveMaximum): the problems with `value`, each as `path: what`.
 * Written for the tests, so that they need no validator package; it knows no other keyword
 * and fails on one it meets.
 */
export function schemaProblems(schema: Record<string, unknown>, value: unknown, path = '$'): string[] {
  const known = new Set(['$schema', '$id', 'title', 'description', 'type', 'properties', 'required', 'additionalProperties', 'items', 'enum', 'const', 'anyOf', 'allOf', 'minimum', 'maximum', 'exclusiveMinimum', 'exclusiveMaximum'])
  for (const key of Object.keys(schema)) if (!known.has(key)) throw new Error(`schemaProblems: unknown keyword "${key}" at ${path}`)
  const problems: string[] = []
  const type = schema.type as string | undefined
  if (type !== undefined && !hasType(value, type)) return [`${path}: not ${type}`]
  if ('const' in schema && value !== schema.const) problems.push(`${path}: not ${JSON.stringify(schema.const)}`)
  if (Array.isArray(schema.enum) && !schema.enum.includes(value)) problems.push(`${path}: not one of ${JSON.stringify(schema.enum)}`)
  if (typeof value === 'number') {
    if (typeof schema.minimum === 'number' && value < schema.minimum) problems.push(`${path}: below ${schema.minimum}`)
    if (typeof schema.maximum === 'number' && value > schema.maximum) problems.push(`${path}: above ${schema.maximum}`)
    if (typeof schema.exclusiveMinimum === 'number' && value <= schema.exclusiveMinimum) problems.push(`${path}: not above ${schema.exclusiveMinimum}`)
    if (typeof schema.exclusiveMaximum === 'number' && value >= schema.exclusiveMaximum) problems.push(`${path}: not below ${schema.exclusiveMaximum}`)
  }
  if (Array.isArray(value) && schema.items !== undefined) value.forEach((v, i) => problems.push(...schemaProblems(schema.items as Record<string, unknown>, v, `${path}[${i}]`)))
  if (typeof value === 'object' && value !== null && !Array.isArray(value)) {
    const o = value as Record<string, unknown>
    const properties = (schema.properties ?? {}) as Record<string, Record<string, unknown>>
    for (const key of (schema.required ?? []) as string[]) if (!(key in o)) problems.push(`${path}.${key}: missing`)
    for (const [key, v] of Object.entries(o)) {
      if (key in properties) problems.push(...schemaProblems(properties[key]!, v, `${path}.${key}`))
      else if (schema.additionalProperties === false) problems.push(`${path}.${key}: unknown field`)
      else if (typeof schema.additionalProperties === 'object') problems.push(...schemaProblems(schema.additionalProperties as Record<string, unknown>, v, `${path}.${key}`))
    }
  }
  if (Array.isArray(schema.anyOf) && !schema.anyOf.some((s) => schemaProblems(s as Record<string, unknown>, value, path).length === 0)) problems.push(`${path}: matches none of the alternatives`)
  if (Array.isArray(schema.allOf)) for (const s of schema.allOf) problems.push(...schemaProblems(s as Record<string, unknown>, value, path))
  return problems
}

function hasType(value: unknown, type: string): boolean {
  switch (type) {
    case 'object':
      return typeof value === 'object' && value !== null && !Array.isArray(value)
    case 'array':
      return Array.isArray(value)
    case 'integer':
      return Number.isInteger(value)
    case 'number':
      return typeof value === 'number'
    default:
      return typeof value === type
  }
}
