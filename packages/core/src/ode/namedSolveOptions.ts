import type { SolverName } from './integrator.js'
import { solverName, solverOf, solvers } from './solver.js'
import type { SolveOptions } from './solveOptions.js'
import { structureName, structureOf, structures, type StructureName } from './structure.js'
import { describeOption } from './structureNames.js'

/**
 * The options as a message to another thread (or a file) carries them: a built-in solver and
 * structure by name. A value of the caller's own has no name there, and a value that is none at
 * all is no solver or structure: the complaint says which.
 */
export function namedSolveOptions(
  options: SolveOptions,
): (SolveOptions & { readonly solver?: SolverName; readonly structure?: StructureName }) | { readonly complaint: string } {
  const { solver: givenSolver, structure: givenStructure, ...rest } = options
  let solver: SolverName | undefined
  if (givenSolver != null) {
    if (solverOf(givenSolver) === undefined) return { complaint: `solver must be a Solver or one of ${Object.keys(solvers).join(', ')}, got ${describeOption(givenSolver)}` }
    solver = solverName(givenSolver)
    if (solver === undefined) {
      return { complaint: `the solver '${(givenSolver as { name: string }).name}' is not one of ${Object.keys(solvers).join(', ')}: a solver of your own runs in this thread only (workers ≤ 1), since other threads, queues and files know solvers by name` }
    }
  }
  let structure: StructureName | undefined
  if (givenStructure != null) {
    if (structureOf(givenStructure) === undefined) return { complaint: `structure must be a Structure or one of ${Object.keys(structures).join(', ')}, got ${describeOption(givenStructure)}` }
    structure = structureName(givenStructure)
    if (structure === undefined) {
      return { complaint: `the structure '${(givenStructure as { name: string }).name}' is not one of ${Object.keys(structures).join(', ')}: a structure of your own runs in this thread only (workers ≤ 1), since other threads, queues and files know structures by name` }
    }
  }
  return { ...rest, ...(solver !== undefined && { solver }), ...(structure !== undefined && { structure }) }
}
