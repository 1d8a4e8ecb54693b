import type { Integrator, SolverName } from './integrator.js'
import { solverOf, solvers, type Solver } from './solver.js'

/**
 * A fresh integrator of dimension n for a solver, given as a value or by a built-in one's name.
 * @throws RangeError for a name that is no built-in solver's.
 */
export function createIntegrator(solver: SolverName | Solver, n: number): Integrator {
  const s = solverOf(solver)
  if (s === undefined) throw new RangeError(`createIntegrator: solver must be a Solver or one of ${Object.keys(solvers).join(', ')}, got ${String(typeof solver === 'string' ? `'${solver}'` : solver)}`)
  return s.integrator(n)
}
