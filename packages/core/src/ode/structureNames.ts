/**
 * The names of the built-in structures and the shape of a structure value, apart from
 * `structure.ts` (which imports the solvers): what `resolveSolveOptions` checks a solve's
 * `structure` against without importing them.
 */

/** The names of the built-in structures, as files give them (`SolveOptions.structure`). */
export const structureNames = ['monolithic', 'blocks', 'closed-form'] as const
export type StructureName = (typeof structureNames)[number]

/** Whether v is a built-in structure's name or has a structure's shape (a name and a `gradient` function). */
export function isStructureLike(v: unknown): boolean {
  if (typeof v === 'string') return (structureNames as readonly string[]).includes(v)
  const s = v as { name?: unknown; gradient?: unknown } | null
  return typeof s === 'object' && s !== null && typeof s.name === 'string' && typeof s.gradient === 'function'
}

/** A bad `structure` (or `solver`) value as a message shows it. */
export function describeOption(v: unknown): string {
  if (typeof v === 'string') return `'${v}'`
  if (typeof v === 'object' && v !== null) return `an object${typeof (v as { name?: unknown }).name === 'string' ? ` named '${(v as { name: string }).name}'` : ''} that is not one`
  return String(v)
}
