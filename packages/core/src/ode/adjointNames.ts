/**
 * The names of the built-in adjoint methods and the shape of an adjoint value, apart from
 * `adjointMethod.ts` (which imports the solves): what `resolveSolveOptions` checks a solve's
 * `adjoint` against without importing them.
 */

/** The names of the built-in adjoint methods, as files give them (`SolveOptions.adjoint`). */
export const adjointNames = ['checkpoint', 'all', 'finite-differences'] as const
export type AdjointName = (typeof adjointNames)[number]

/** Whether v is a built-in adjoint method's name or has an adjoint's shape (a name and a `gradient` function). */
export function isAdjointLike(v: unknown): boolean {
  if (typeof v === 'string') return (adjointNames as readonly string[]).includes(v)
  const a = v as { name?: unknown; gradient?: unknown } | null
  return typeof a === 'object' && a !== null && typeof a.name === 'string' && typeof a.gradient === 'function'
}
