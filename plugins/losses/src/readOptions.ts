/**
 * The string options of a loss that reads populations by name (e.g. `population`, `variable`),
 * each with its default. Unknown options and values that are not non-empty strings are refused,
 * naming the option and what it takes.
 * @throws Error naming the option.
 */
export function readOptions<K extends string>(kind: string, options: Readonly<Record<string, unknown>> | undefined, defaults: Readonly<Record<K, string>>): Record<K, string> {
  const out: Record<K, string> = { ...defaults }
  const known = Object.keys(defaults)
  for (const [key, value] of Object.entries(options ?? {})) {
    if (!known.includes(key)) throw new Error(`${kind}: unknown option "${key}" (known: ${known.join(', ')})`)
    if (typeof value !== 'string' || value.length === 0) throw new Error(`${kind}: option "${key}" must be a name (a non-empty string), got ${JSON.stringify(value)}`)
    out[key as K] = value
  }
  return out
}
