import { adjointName, adjointOf, adjoints, type Adjoint } from './adjointMethod.js'
import type { AdjointName } from './adjointNames.js'
import type { SolverName } from './integrator.js'
import { solverName, solverOf, solvers } from './solver.js'
import type { SolveOptions } from './solveOptions.js'
import { structureName, structureOf, structures, type StructureName } from './structure.js'
import { describeOption } from './structureNames.js'

/**
 * The options as a message to another thread (or a file) carries them: a built-in solver,
 * structure and adjoint method by name. A value of the caller's own has no name there, and a value that is none at
 * all is no solver or structure: the complaint says which.
 */
export function namedSolveOptions(
  options: SolveOptions,
): (SolveOptions & { readonly solver?: SolverName; readonly structure?: StructureName; readonly adjoint?: AdjointName }) | { readonly complaint: string } {
  const { solver: givenSolver, structure: givenStructure, adjoint: givenAdjoint, ...rest } = options
  const solver = byName('solver', 'Solver', givenSolver, solverOf, solverName, Object.keys(solvers))
  if (typeof solver === 'object') return solver
  const structure = byName('structure', 'Structure', givenStructure, structureOf, structureName, Object.keys(structures))
  if (typeof structure === 'object') return structure
  const adjoint = byName<AdjointName, Adjoint>('adjoint', 'Adjoint', givenAdjoint, adjointOf, adjointName, Object.keys(adjoints))
  if (typeof adjoint === 'object') return adjoint
  return { ...rest, ...(solver !== undefined && { solver }), ...(structure !== undefined && { structure }), ...(adjoint !== undefined && { adjoint }) }
}

/** A strategy's name for a message: undefined when none is given, the complaint when it has none. */
function byName<N extends string, V extends { readonly name: string }>(
  what: string,
  type: string,
  given: N | V | null | undefined,
  valueOf: (x: N | V) => V | undefined,
  nameOf: (x: N | V) => N | undefined,
  names: readonly string[],
): N | undefined | { readonly complaint: string } {
  if (given == null) return undefined
  const an = (word: string): string => `${/^[aeiou]/i.test(word) ? 'an' : 'a'} ${word}`
  if (valueOf(given) === undefined) return { complaint: `${what} must be ${an(type)} or one of ${names.join(', ')}, got ${describeOption(given)}` }
  const name = nameOf(given)
  if (name !== undefined) return name
  return {
    complaint: `the ${what} '${(given as V).name}' is not one of ${names.join(', ')}: ${an(what)} of your own runs in this thread only (workers ≤ 1), since other threads, queues and files know ${what}s by name`,
  }
}
