import { isLeft, left, right, type Either } from 'fp-ts/lib/Either.js'
import { initialWeights } from '../network/initialWeights.js'
import { hasDelays, type Network } from '../network/network.js'
import { networkForward } from '../network/blocks/networkBlocks.js'
import type { SolveError } from '../ode/solveError.js'
import type { SolveOptions } from '../ode/solveOptions.js'
import { networkGradient } from './trialGradient.js'
import { trialInitialState } from '../network/networkEvents.js'
import { networkProblem } from '../network/networkProblem.js'
import { checkGradient, type CheckGradientOptions, type GradientCheckReport, type LossFunction } from '../ode/finiteDifference.js'
import type { Task, Trial } from '../plugin/task.js'
import { invalid, issue, type Invalid } from '../util/invalid.js'
import { Rng } from '../util/rng.js'
import { trialSetupFailed } from '../plugin/trialSetupFailed.js'
import { initialWeightSeed } from './trialSeeds.js'

/** Which trial and parameters `checkNetworkGradient` checks at, and how closely (the rest as `checkGradient`). */
export interface NetworkGradientCheckOptions extends CheckGradientOptions {
  /** θ to check at (default: `initialWeights(network, new Rng(initialWeightSeed(seed)))`, as a fresh model draws them). */
  readonly theta?: Float64Array
  /** The trial is `task.trial(new Rng(seed))` (default seed 1). */
  readonly seed?: number
  /** Check on this trial instead of one drawn from the task. */
  readonly trial?: Trial
}

/** A gradient check of a network on a trial: `checkGradient`'s report, with the θ and the trial it was made at. */
export interface NetworkGradientCheck extends GradientCheckReport {
  readonly theta: Float64Array
  readonly trial: Trial
}

/**
 * Checks the exact gradient of a network built in code against finite differences, in one
 * call: draws a trial of `task` (seed `options.seed`, default 1), takes θ as a fresh model
 * draws it (or `options.theta`), and compares dL/dθ of `adjointGradient` on `networkProblem`
 * with the finite-difference oracle, block by block (`checkGradient`): `ok` is false when an
 * entry disagrees beyond `tolerance` (default 1e-5 of its block's largest entry) and beyond
 * the oracle's own uncertainty. By default every entry of every trainable block is checked,
 * two to eight forward solves each; `perBlock` checks a few entries per block, spread
 * evenly, for a quick look at a large network. A trial that cannot be given or does not fit
 * the network, or a solve that fails, is a `SolveError`; a θ of another size is `Invalid`.
 * @example
 *   const check = getOrThrow(checkNetworkGradient(network, task, { perBlock: 4 }))
 *   if (!check.ok) console.error(check.blocks)   // per block: worst error, its entry, unresolved entries
 */
export function checkNetworkGradient(network: Network, task: Task, options: NetworkGradientCheckOptions = {}): Either<Invalid | SolveError, NetworkGradientCheck> {
  const seed = options.seed ?? 1
  let trial: Trial
  try {
    trial = options.trial ?? task.trial(new Rng(seed))
  } catch (e) {
    return left(trialSetupFailed('the task could not give the trial', e))
  }
  const theta = options.theta ?? initialWeights(network, new Rng(initialWeightSeed(seed)))
  if (theta.length !== network.layout.size) {
    return left(invalid([issue('theta', `has ${theta.length} entries, but the network has ${network.layout.size} parameters`, 'leave it out to check at the initial weights')]))
  }
  if (hasDelays(network)) {
    // only the structured solve holds delays: the oracle differentiates its loss
    const solve = options.solve ?? structuredOracleSolve(trial.duration)
    const report = checkGradient(networkLoss(network, trial, solve), { t0: 0, t1: trial.duration, y0: new Float64Array(0), theta }, {
      ...options,
      solve,
      gradient: options.gradient ?? (() => networkGradient(network, theta, trial, options.adjoint ?? solve)),
    })
    return isLeft(report) ? report : right({ ...report.right, theta, trial })
  }
  let y0: Float64Array
  let problem
  try {
    problem = networkProblem(network, trial)
    y0 = trialInitialState(network, trial)
  } catch (e) {
    return left(trialSetupFailed('the trial does not fit the network', e))
  }
  const report = checkGradient(problem, { t0: 0, t1: trial.duration, y0, theta }, options)
  return isLeft(report) ? report : right({ ...report.right, theta, trial })
}

/**
 * The finite-difference oracle's solve for a network solved by its structure over a trial of
 * `duration` ms: bs3 on each component side by side (odex runs whole problems only) at rtol
 * 1e-11, with steps of at most 1/1000 of the trial so that perturbed solves take nearly the same
 * steps (as `oracleSolveOptions`). (dopri5, one component at a time, was measured less accurate
 * here: its oracle missed the upstream blocks' gradients by 1e-4 where bs3's agreed with the
 * monolithic oracle to 1e-7.)
 */
export const structuredOracleSolve = (duration: number): SolveOptions => ({ solver: 'bs3', rtol: 1e-11, atol: 1e-13, maxStep: duration / 1000, maxSteps: 100_000_000 })

/**
 * The loss of `network` on `trial` as a function of θ, solved by its structure (`networkBlocks`,
 * `blockForward`) at `solve` — what the finite-difference oracle differentiates for a network
 * with delays, which has no monolithic problem.
 */
export function networkLoss(network: Network, trial: Trial, solve: SolveOptions = structuredOracleSolve(trial.duration)): LossFunction {
  const none = new Float64Array(0)
  return {
    parameterCount: network.layout.size,
    parameterBlocks: network.layout.blocks,
    loss(theta) {
      const r = networkForward(network, theta, trial, none, solve)
      return isLeft(r) ? r : right(r.right.solution.loss)
    },
  }
}
