/**
 * The generic adjoint-ODE solver. It knows nothing of neurons: a `Problem` is an ODE with
 * events (jumps at state-dependent times), a running and a terminal cost and parameter
 * blocks; `solveForward` integrates it, `adjointGradient` runs the adjoint ODE backward for
 * the exact gradient dL/dθ, and the finite-difference oracle checks both. Solvers are values
 * (`SolveOptions.solver`: `bs3`, `dopri5`, `tsit5`, `odex`, or any embedded Runge–Kutta pair as
 * `rungeKuttaSolver(pair)`; files name the built-in ones); `createIntegrator` gives one alone,
 * to step an ODE without events or adjoint. A problem with structure (`BlockProblem`: blocks of
 * independent components, DESIGN §8) is solved by `blockGradient`; `SolveOptions.structure`
 * (`monolithic`, `byBlocks`, or a `Structure` of your own) says how a problem posed both ways
 * (`PosedProblem`) is solved, and `SolveOptions.adjoint` how its gradient is made (`checkpointed`,
 * `storeAll`, `finiteDifferences()`, or an `Adjoint` of your own). Failures are values
 * (`SolveError`, each message naming the fix); `getOrThrow` is the throwing wrapper for scripts.
 *
 * Everything here is exported from `@spikegrad/core`.
 * @module solver
 */
export type { AdjointTransform, Direction, EventCost, EventFamily, EventOccurrence, InitialValue, ParameterBlock, Problem, RunningCost, TerminalCost } from '../ode/problem.js'
export { defaultSolver, type SolveOptions } from '../ode/solveOptions.js'
export { solverNames, type IntegrateOutcome, type IntegrateResult, type Integrator, type IntegratorSettings, type Rhs, type SolverName, type Step, type StepObserver } from '../ode/integrator.js'
export { createIntegrator } from '../ode/createIntegrator.js'
export { bs3, dopri5, odex, rungeKuttaSolver, solverName, solverOf, solvers, tsit5, type Solver, type SolverDefaults } from '../ode/solver.js'
export { hermiteFormWeights, type RungeKuttaPair } from '../ode/rungeKuttaPair.js'
export { byBlocks, closedForm, monolithic, structureName, structureNames, structureOf, structures, type ClosedFormSolver, type PosedProblem, type Structure, type StructureName } from '../ode/structure.js'
export { blockForward, blockGradient, type BlockForwardSolution, type BlockInterval } from '../ode/blocks/blockGradient.js'
export type { Block, BlockBatch, BlockCost, BlockEventOccurrence, BlockFinalCost, BlockLinks, BlockProblem } from '../ode/blocks/blockProblem.js'
export { solveForward, type FiredEvent, type ForwardRequest, type ForwardSolution, type SolveStats } from '../ode/solveForward.js'
export { adjoints, adjointName, adjointOf, checkpointed, finiteDifferences, storeAll, type Adjoint, type FiniteDifferencesOptions } from '../ode/adjointMethod.js'
export { adjointNames, type AdjointName } from '../ode/adjointNames.js'
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
