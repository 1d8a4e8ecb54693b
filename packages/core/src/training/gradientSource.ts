import { left, type Either } from 'fp-ts/lib/Either.js'
import type { Network } from '../network/network.js'
import type { SolveError } from '../ode/solveError.js'
import type { SolveOptions } from '../ode/solveOptions.js'
import type { Task, Trial } from '../plugin/task.js'
import { Rng } from '../util/rng.js'
import { trialSetupFailed } from '../plugin/trialSetupFailed.js'
import { networkGradient, type TrialGradient } from './trialGradient.js'

/** Which trial: drawn from a seed (`task.trial(new Rng(seed))`), or trial `index` of a split of the task's data set. */
export type TrialRef = { readonly seed: number } | { readonly split: string; readonly index: number }

/**
 * Where the gradients of a minibatch are computed: in this thread (`inProcessGradients`), or
 * on worker threads (`gradientPool` in `@spikegrad/node`). One outcome per trial, in the order asked,
 * whatever order they finish in; the caller sums them in that order, so every source gives
 * the same bits.
 */
export interface GradientSource {
  /**
   * The loss and exact gradient dL/dθ of each trial at θ, one outcome per trial in the order
   * of `trials` (a failed solve is a `SolveError`). `theta` is not modified. Rejects only
   * when the source itself fails (e.g. a worker that cannot build the model).
   */
  gradients(theta: Float64Array, trials: readonly TrialRef[]): Promise<readonly Either<SolveError, TrialGradient>[]>
  /** Releases what the source holds (a pool's worker threads); `fit` closes only a source it made itself. */
  close(): Promise<void>
}

/** The trial a reference names (a failing task is a `SolveError`). */
export function resolveTrial(task: Task, ref: TrialRef): Either<SolveError, Trial> {
  try {
    if ('seed' in ref) return { _tag: 'Right', right: task.trial(new Rng(ref.seed)) }
    const split = task.splits?.[ref.split]
    if (split === undefined) throw new RangeError(`the task "${task.kind}" has no split "${ref.split}"`)
    if (!(Number.isSafeInteger(ref.index) && ref.index >= 0 && ref.index < split.size)) {
      throw new RangeError(`the split "${ref.split}" has ${split.size} trials; there is no trial ${ref.index}`)
    }
    return { _tag: 'Right', right: split.trial(ref.index) }
  } catch (e) {
    return left(trialSetupFailed('the task could not give the trial', e))
  }
}

/** The gradient of one trial of a task (see `networkGradient`). */
export function trialRefGradient(task: Task, network: Network, theta: Float64Array, ref: TrialRef, solve: SolveOptions): Either<SolveError, TrialGradient> {
  const trial = resolveTrial(task, ref)
  return trial._tag === 'Left' ? trial : networkGradient(network, theta, trial.right, solve)
}

/** Computes every gradient in this thread, one after the other. */
export function inProcessGradients(task: Task, network: Network, solve: SolveOptions = {}): GradientSource {
  return {
    gradients: async (theta, trials) => trials.map((ref) => trialRefGradient(task, network, theta, ref, solve)),
    close: async () => undefined,
  }
}
