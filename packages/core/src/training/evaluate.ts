import { isLeft, left, right, type Either } from 'fp-ts/lib/Either.js'
import { simulate, type Simulation } from '../network/simulate.js'
import type { SolveError } from '../ode/solveError.js'
import type { Readout, Trial } from '../plugin/task.js'
import { Rng } from '../util/rng.js'
import { modelSolveOptions, type Model } from './model.js'
import { evaluationTrialSeed } from './trialSeeds.js'

export interface EvaluateOptions {
  /** Number of held-out trials (default 16). */
  readonly trials?: number
  /** Base seed of the held-out trials, trial i from `evaluationTrialSeed(seed, i)` (default: the model's seed). */
  readonly seed?: number
  /** Readout grid spacing, ms (default 1). */
  readonly dt?: number
  /** Keep each trial and its simulation in the result (for plots). */
  readonly keepSimulations?: boolean
}

export interface Evaluation {
  /** The task's scores over the held-out trials, e.g. { accuracy: 0.9 }. */
  readonly scores: Readonly<Record<string, number>>
  /** The task's primary score and its value. */
  readonly primary: { readonly name: string; readonly value: number; readonly higherIsBetter: boolean }
  /** Mean loss L per trial. */
  readonly loss: number
  /** Mean firing rate, Hz: total spikes / (N · Σ_trials T) · 1000. */
  readonly firingRate: number
  readonly trials?: readonly Trial[]
  readonly simulations?: readonly Simulation[]
}

/** Why an evaluation failed: a trial's solve (with its seed), or the task's score. */
export type EvaluationError =
  | { readonly _tag: 'SolveFailed'; readonly index: number; readonly seed: number; readonly error: SolveError; readonly message: string }
  | { readonly _tag: 'ScoreFailed'; readonly message: string }
  | { readonly _tag: 'InvalidOptions'; readonly message: string }

/**
 * Scores a model on held-out trials: simulates each (forward only, the model's solver
 * settings), hands the readouts on the grid to the task's `score`, and reports the mean
 * loss and firing rate. The trials are the same for the same seed, whatever the model.
 */
export function evaluate(model: Model, options: EvaluateOptions = {}): Either<EvaluationError, Evaluation> {
  const count = options.trials ?? 16
  if (!(Number.isSafeInteger(count) && count >= 1)) {
    return left({ _tag: 'InvalidOptions', message: `evaluate: trials must be a positive integer, got ${count}` })
  }
  const base = options.seed ?? model.spec.seed
  const trials: Trial[] = []
  const sims: Simulation[] = []
  let spikes = 0
  let time = 0
  let loss = 0
  for (let i = 0; i < count; i++) {
    const seed = evaluationTrialSeed(base, i)
    let trial: Trial
    try {
      trial = model.task.trial(new Rng(seed))
    } catch (e) {
      return left({ _tag: 'ScoreFailed', message: `the task could not draw held-out trial ${i} (seed ${seed}): ${e instanceof Error ? e.message : String(e)}` })
    }
    const sim = simulate(model.network, model.theta, trial, { solve: modelSolveOptions(model), ...(options.dt !== undefined && { dt: options.dt }) })
    if (isLeft(sim)) {
      return left({ _tag: 'SolveFailed', index: i, seed, error: sim.left, message: `held-out trial ${i} (seed ${seed}): ${sim.left.message}` })
    }
    trials.push(trial)
    sims.push(sim.right)
    loss += sim.right.loss
    spikes += sim.right.spikeCounts.reduce((a, b) => a + b, 0)
    time += trial.duration
  }
  let scores: Readonly<Record<string, number>>
  try {
    scores = model.task.score(trials, sims.map((s): Readout => s.readout))
  } catch (e) {
    return left({ _tag: 'ScoreFailed', message: `the task's score failed: ${e instanceof Error ? e.message : String(e)}` })
  }
  const N = model.network.layout.neurons
  const name = model.task.primaryScore
  return right({
    scores,
    primary: { name, value: scores[name] ?? NaN, higherIsBetter: model.task.higherIsBetter },
    loss: loss / count,
    firingRate: (spikes / (N * time)) * 1000,
    ...(options.keepSimulations === true && { trials, simulations: sims }),
  })
}
