import type { SolverName } from './integrator.js'
import { solverName, solvers } from './solver.js'
import type { SolveOptions } from './solveOptions.js'
import { structureName, structures, type StructureName } from './structure.js'

/**
 * The options as a message to another thread (or a file) carries them: a built-in solver and
 * structure by name. A value of the caller's own has no name there: the complaint says so.
 */
export function namedSolveOptions(
  options: SolveOptions,
): (SolveOptions & { readonly solver?: SolverName; readonly structure?: StructureName }) | { readonly complaint: string } {
  const solver = options.solver === undefined ? undefined : solverName(options.solver)
  if (options.solver !== undefined && solver === undefined) {
    const shown = typeof options.solver === 'string' ? options.solver : options.solver.name
    return { complaint: `the solver '${shown}' is not one of ${Object.keys(solvers).join(', ')}: a solver of your own runs in this thread only (workers ≤ 1), since other threads, queues and files know solvers by name` }
  }
  const structure = options.structure === undefined ? undefined : structureName(options.structure)
  if (options.structure !== undefined && structure === undefined) {
    const shown = typeof options.structure === 'string' ? options.structure : options.structure.name
    return { complaint: `the structure '${shown}' is not one of ${Object.keys(structures).join(', ')}: a structure of your own runs in this thread only (workers ≤ 1), since other threads, queues and files know structures by name` }
  }
  const { solver: _s, structure: _t, ...rest } = options
  return { ...rest, ...(solver !== undefined && { solver }), ...(structure !== undefined && { structure }) }
}
