/**
 * The generic adjoint-ODE solver. It knows nothing of neurons: a `Problem` is an ODE with
 * events (jumps at state-dependent times), a running and a terminal cost and parameter
 * blocks; `solveForward` integrates it, `adjointGradient` runs the adjoint ODE backward for
 * the exact gradient dL/dθ, and the finite-difference oracle checks both. Solvers are chosen
 * per solve by name (`SolveOptions.solver`: bs3, dopri5, tsit5, odex); `createIntegrator` gives
 * one of them alone, to step an ODE without events or adjoint. Failures are values
 * (`SolveError`, each message naming the fix); `getOrThrow` is the throwing wrapper for scripts.
 *
 * Everything here is exported from `@spikegrad/core`.
 * @module solver
 */
export type { AdjointTransform, Direction, EventCost, EventFamily, EventOccurrence, InitialValue, ParameterBlock, Problem, RunningCost, TerminalCost } from '../ode/problem.js'
export { defaultSolver, type SolveOptions } from '../ode/solveOptions.js'
export { solverNames, type IntegrateOutcome, type IntegrateResult, type Integrator, type IntegratorSettings, type Rhs, type SolverName, type Step, type StepObserver } from '../ode/integrator.js'
export { createIntegrator } from '../ode/createIntegrator.js'
export { solveForward, type FiredEvent, type ForwardRequest, type ForwardSolution, type SolveStats } from '../ode/solveForward.js'
export { adjointGradient, type BackwardStats, type GradientSolution, type GradientStats } from '../ode/adjointGradient.js'
export type { Counters } from '../ode/forwardRunner.js'
export { SolveFailure, type ComponentNamer, type SolveError } from '../ode/solveError.js'
export { getOrThrow, SpikegradFailure, type Failure } from '../util/getOrThrow.js'
export {
  checkGradient,
  compareWithFiniteDifferences,
  finiteDifferenceEstimate,
  finiteDifferenceGradient,
  oracleSolveOptions,
  type BlockCheck,
  type CheckGradientOptions,
  type FiniteDifferenceEstimate,
  type FiniteDifferenceEstimateOptions,
  type FiniteDifferenceOptions,
  type GradientCheckReport,
  type LossFunction,
} from '../ode/finiteDifference.js'
