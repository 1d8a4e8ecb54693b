/**
 * Structures as values (DESIGN §8): how a problem that can be posed whole or by its blocks is
 * solved — `monolithic` (one ODE, one step size) or `byBlocks` (each component on its own steps)
 * — passed in `SolveOptions.structure` as a value or by the name files use. As with solvers,
 * names live in one table (`structures`); a new strategy is a new value that poses the problem
 * its way, and touches no switch. Nothing here knows what a network is.
 */
import { left, type Either } from 'fp-ts/lib/Either.js'
import { adjointGradient, type GradientSolution } from './adjointGradient.js'
import { adjointOf, storeAll } from './adjointMethod.js'
import { invalidProblem } from './solveError.js'
import { blockGradient } from './blocks/blockGradient.js'
import type { BlockProblem } from './blocks/blockProblem.js'
import type { Problem } from './problem.js'
import type { SolveError } from './solveError.js'
import type { PosedProblem, SolveOptions, Structure } from './solveOptions.js'
import { describeOption, isStructureLike, structureNames, type StructureName } from './structureNames.js'

export { structureNames, type StructureName } from './structureNames.js'

// -------------------------------------------------------------------------------------
// model
// -------------------------------------------------------------------------------------

export type { ClosedFormSolver, PosedProblem, Structure } from './solveOptions.js'

// -------------------------------------------------------------------------------------
// constructors
// -------------------------------------------------------------------------------------

/** The whole problem as one ODE with one step size (`adjointGradient`): the default. */
export const monolithic: Structure = {
  name: 'monolithic',
  gradient(posed, iv, options) {
    const whole = posed.whole()
    return whole._tag === 'Left' ? whole : adjointGradient(whole.right.problem, { ...iv, y0: whole.right.y0 }, options)
  },
}

/** The options' adjoint method when it is not the continuous adjoint, which the structures that split a problem compute themselves. */
const otherAdjoint = (options: SolveOptions): { readonly name: string } | undefined => {
  const method = adjointOf(options.adjoint ?? options.memory ?? 'checkpoint')
  return method === undefined || method.continuous !== undefined ? undefined : method
}

/** The problem solved whole by another adjoint method than the continuous one, or why it cannot be. */
function wholeFor(method: { readonly name: string }, posed: PosedProblem, iv: { readonly t0: number; readonly t1: number; readonly theta: Float64Array }, options: SolveOptions): Either<SolveError, GradientSolution> {
  const whole = posed.whole()
  if (whole._tag === 'Right') return adjointGradient(whole.right.problem, { ...iv, y0: whole.right.y0 }, options)
  return left(invalidProblem('options.adjoint', `is '${method.name}', which differentiates the problem solved whole, and this one cannot be (${whole.left.message}): use adjoint 'checkpoint' or 'all'`))
}

/**
 * By its structure (`blockGradient`): blocks in dependency order, each component on its own
 * steps; a problem that declines to be posed by blocks, or whose gradient is asked of another
 * adjoint method than the continuous one (`SolveOptions.adjoint`), is solved whole. A trial whose
 * recording outgrows `trajectoryBudgetMb` in checkpoint mode is solved by blocks window by window
 * in time (`blockGradient`); one that no windows can hold (their starting points alone would fill
 * the budget), or whose blocks read one another at a lag (delays between populations), is solved
 * whole, recomputing from checkpoints, when it can be posed so — else (delays) by blocks with the
 * whole recording, as the only solve there is.
 */
export const byBlocks: Structure = {
  name: 'blocks',
  gradient(posed, iv, options) {
    const other = otherAdjoint(options)
    if (other !== undefined) return wholeFor(other, posed, iv, options)
    const blocks = posed.blocks()
    if (blocks._tag === 'Left') return blocks
    if ('reason' in blocks.right) return monolithic.gradient(posed, iv, options)
    const solved = blockGradient(blocks.right, iv, options)
    // beyond the trajectory budget even in windows: whole, recomputing from checkpoints, when it
    // can be posed so; else (delays between populations) by blocks with the whole recording
    if (solved._tag === 'Left' && solved.left._tag === 'TrajectoryBudgetExceeded') {
      const whole = posed.whole()
      return whole._tag === 'Right' ? adjointGradient(whole.right.problem, { ...iv, y0: whole.right.y0 }, options) : blockGradient(blocks.right, iv, { ...options, adjoint: storeAll })
    }
    return solved
  },
}

/**
 * In closed form where the problem has one (`PosedProblem.closedForm`: for networks, leaky
 * integrate-and-fire populations that read spike inputs), else whole (`monolithic`), or by its
 * structure (`byBlocks`) when it cannot be posed whole (a network with delays). The closed form's
 * quadrature follows `rtol` (default 1e-8, as for every solve); the solver options do not apply,
 * and another adjoint method than the continuous one (`SolveOptions.adjoint`) solves it whole.
 */
export const closedForm: Structure = {
  name: 'closed-form',
  gradient(posed, iv, options) {
    const other = otherAdjoint(options)
    if (other !== undefined) return wholeFor(other, posed, iv, options)
    const exact = posed.closedForm?.()
    if (exact !== undefined && exact._tag === 'Left') return exact
    if (exact !== undefined && !('reason' in exact.right)) return exact.right.gradient(iv.theta, { rtol: options.rtol ?? 1e-8 })
    const whole = posed.whole()
    return whole._tag === 'Right' ? adjointGradient(whole.right.problem, { ...iv, y0: whole.right.y0 }, options) : byBlocks.gradient(posed, iv, options)
  },
}

/** The built-in structures by the names files use: the only place a name means a structure. */
export const structures: Readonly<Record<StructureName, Structure>> = { monolithic, blocks: byBlocks, 'closed-form': closedForm }

/** The structure a name or a value stands for (undefined for an unknown name or a value that is no structure). */
export function structureOf(structure: StructureName | Structure): Structure | undefined {
  if (structure == null) return undefined
  if (typeof structure === 'string') return Object.hasOwn(structures, structure) ? structures[structure] : undefined
  return isStructureLike(structure) ? structure : undefined
}

/** The name a file or a message to a worker writes for a structure: a built-in one's, else undefined. */
export function structureName(structure: StructureName | Structure): StructureName | undefined {
  if (structure == null) return undefined
  if (typeof structure === 'string') return Object.hasOwn(structures, structure) ? structure : undefined
  return (Object.keys(structures) as StructureName[]).find((name) => structures[name] === structure)
}

/** The structure of `options` (default monolithic), or the complaint about it that names the field. */
export function resolveStructure(options: SolveOptions): Structure | { readonly field: 'structure'; readonly problem: string } {
  const s = structureOf(options.structure ?? 'monolithic')
  if (s !== undefined) return s
  return { field: 'structure', problem: structureProblem(options.structure) }
}

/** What is wrong with a `structure` option. */
export function structureProblem(v: unknown): string {
  return `must be a Structure (monolithic, byBlocks, closedForm) or one of ${structureNames.map((n) => `'${n}'`).join(', ')}, got ${describeOption(v)}`
}
