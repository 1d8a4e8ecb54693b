import { left, right, type Either } from 'fp-ts/lib/Either.js'
import { hasDelays, type Network } from '../network/network.js'
import { trialInitialState } from '../network/networkEvents.js'
import { networkProblem } from '../network/networkProblem.js'
import { networkBlocks } from '../network/blocks/networkBlocks.js'
import { closedFormGradient, closedFormPlan } from '../network/closedForm/closedFormNetwork.js'
import type { GradientSolution, GradientStats } from '../ode/adjointGradient.js'
import { invalidProblem, type SolveError } from '../ode/solveError.js'
import { byBlocks, monolithic, resolveStructure, type PosedProblem } from '../ode/structure.js'
import type { SolveOptions } from '../ode/solveOptions.js'
import type { Task, Trial } from '../plugin/task.js'
import { Rng } from '../util/rng.js'
import { trialSetupFailed } from '../plugin/trialSetupFailed.js'

/** The loss of one trial and its gradient dL/dθ. */
export interface TrialGradient {
  /** L = ∫ l dt + Φ over the trial. */
  readonly loss: number
  readonly gradient: Float64Array
  readonly stats: GradientStats
}

/**
 * Draws the trial of `seed` (`task.trial(new Rng(seed))`) and returns its loss and exact
 * gradient at θ (`adjointGradient` on `networkProblem`, t ∈ [0, T], y0 the network's initial
 * state with the trial's input spikes at t ≤ 0, `trialInitialState`). A failed solve — or a task that throws — is a `SolveError`, never an exception.
 * The same code runs in-process and in the worker threads, so both give the same bits.
 */
export function trialGradient(
  task: Task,
  network: Network,
  theta: Float64Array,
  seed: number,
  solve: SolveOptions,
): Either<SolveError, TrialGradient> {
  let trial
  try {
    trial = task.trial(new Rng(seed))
  } catch (e) {
    return left(trialSetupFailed('the task could not give the trial', e))
  }
  return networkGradient(network, theta, trial, solve)
}

/**
 * The loss of `network` with parameters θ on `trial` and its exact gradient dL/dθ (and dL/dy0):
 * the network posed over [0, T] (`posedNetwork`) and solved by `solve.structure` — by default
 * `monolithic`, `adjointGradient` on `networkProblem` from `trialInitialState`; `byBlocks`
 * ('blocks'), the structured solve of `networkBlocks` when the network is feedforward and no loss
 * has a running term on neuron variables (those are solved whole, monolithically) — and by
 * blocks always when a projection has delays, which only the structured solve can give. A trial
 * that does not fit the network (its spike trains) is a `SolveError`, never an exception.
 * @example
 *   const g = getOrThrow(networkGradient(net, theta, trial, { rtol: 1e-6 }))
 *   console.log(g.loss, unpackWeights(net, g.gradient))
 */
export function networkGradient(network: Network, theta: Float64Array, trial: Trial, solve: SolveOptions = {}): Either<SolveError, GradientSolution> {
  const chosen = resolveStructure(solve)
  if ('field' in chosen) return left(invalidProblem('options.structure', chosen.problem))
  // a network with delays has only the structured solve (createNetwork made sure it has one)
  const structure = chosen === monolithic && hasDelays(network) ? byBlocks : chosen
  return structure.gradient(posedNetwork(network, trial), { t0: 0, t1: trial.duration, theta }, solve)
}

/**
 * The network on a trial, posed whole (`networkProblem` from `trialInitialState`) or by its
 * structure (`networkBlocks`, which declines a network with a cycle or a loss with a running
 * term on neuron variables — a voltage over the trial —, solved whole with the same result).
 * A trial that does not fit the network (its spike trains) is a SolveError.
 */
/** Each network's closed-form plan (or why it has none), made once. */
const plans = new WeakMap<Network, ReturnType<typeof closedFormPlan>>()

export function posedNetwork(network: Network, trial: Trial): PosedProblem {
  return {
    whole() {
      const delayed = network.projections.find((p) => p.delay !== undefined)
      if (delayed !== undefined) {
        return left(invalidProblem('options.structure', `the projection ${delayed.name} has delays: only the structured solve (byBlocks) solves this network, not a structure that poses it whole`))
      }
      try {
        return right({ problem: networkProblem(network, trial), y0: trialInitialState(network, trial) })
      } catch (e) {
        return left(trialSetupFailed('the trial does not fit the network', e))
      }
    },
    blocks() {
      try {
        return right(networkBlocks(network, trial))
      } catch (e) {
        return left(trialSetupFailed('the trial does not fit the network', e))
      }
    },
    closedForm() {
      let plan = plans.get(network)
      if (plan === undefined) plans.set(network, (plan = closedFormPlan(network)))
      if ('reason' in plan) return right(plan)
      const known = plan
      return right({
        gradient: (theta, options) => {
          try {
            return closedFormGradient(known, trial, theta, options)
          } catch (e) {
            return left(trialSetupFailed('the trial does not fit the network', e))
          }
        },
      })
    },
  }
}
