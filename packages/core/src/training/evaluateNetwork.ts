import { isLeft, left, right, type Either } from 'fp-ts/lib/Either.js'
import { simulate, type Simulation } from '../network/simulate.js'
import type { SolveError } from '../ode/solveError.js'
import type { Network } from '../network/network.js'
import type { SolveOptions } from '../ode/solveOptions.js'
import { confusionMatrix, type Readout, type Task, type Trial } from '../plugin/task.js'
import { invalid, issue, type Invalid } from '../util/invalid.js'
import { Rng } from '../util/rng.js'
import { firstSpikeScores } from './firstSpikeScores.js'
import { evaluationTrialSeed } from './trialSeeds.js'

/** Which held-out trials `evaluate` scores, on what grid, and what it keeps. */
export interface EvaluateOptions {
  /** Number of held-out trials (default 16; with `split`, the whole split). */
  readonly trials?: number
  /** Base seed of the held-out trials, trial i from `evaluationTrialSeed(seed, i)` (default: the model's seed). */
  readonly seed?: number
  /** Score a split of the task's data set (e.g. 'validation', 'test') instead of drawn trials. */
  readonly split?: string
  /** Readout grid spacing, ms (default 1). */
  readonly dt?: number
  /** Keep each trial and its simulation in the result (for plots). */
  readonly keepSimulations?: boolean
  /** Called after each trial, with the number done and the number in all. */
  readonly onTrial?: (done: number, total: number) => void
}

/** The scores of a network on held-out trials, with its mean loss and firing rate. */
export interface Evaluation {
  /** The task's scores over the held-out trials, e.g. { accuracy: 0.9 }. */
  readonly scores: Readonly<Record<string, number>>
  /** The task's primary score and its value. */
  readonly primary: { readonly name: string; readonly value: number; readonly higherIsBetter: boolean }
  /** Mean loss L per trial. */
  readonly loss: number
  /** Mean firing rate, Hz: total spikes / (N · Σ_trials T) · 1000. */
  readonly firingRate: number
  /** Trials scored. */
  readonly count: number
  /** For a classification task: counts[true class][predicted class], with the class names. */
  readonly confusion?: { readonly classes: readonly string[]; readonly counts: readonly (readonly number[])[] }
  /** The trials scored, with `keepSimulations`. */
  readonly trials?: readonly Trial[]
  /** The simulation of each trial (same order), with `keepSimulations`. */
  readonly simulations?: readonly Simulation[]
}

/** Why an evaluation failed: its options (`Invalid`), a trial's solve (with its seed or index), or the task (its trial or its score threw). */
export type EvaluationError =
  | Invalid
  | { readonly _tag: 'SolveFailed'; readonly index: number; readonly seed: number; readonly error: SolveError; readonly message: string }
  | { readonly _tag: 'ScoreFailed'; readonly message: string }

/** What an evaluation needs: a network with its parameters, a task, the seed of its held-out trials and the solver settings. */
export interface Scored {
  readonly network: Network
  readonly theta: Float64Array
  readonly task: Task
  readonly seed: number
  readonly solve?: SolveOptions
  /**
   * Score by first spike instead of by the readout: the class of a trial is the neuron of this
   * population that fired first, none when none fired (`firstSpikeScores`: accuracy and silent).
   */
  readonly firstSpikeOf?: string
}

/**
 * Scores a network with parameters θ on a task's held-out trials — drawn with seeds
 * `evaluationTrialSeed(seed, i)`, or the trials of one of its data set's splits: simulates each
 * (forward only, with `scored.solve`), hands the readouts on the grid to the task's `score`, and
 * reports the mean loss and firing rate. The trials are the same for the same seed, whatever
 * the network. (`evaluate` does this for a `Model`.)
 */
export function evaluateNetwork(scored: Scored, options: EvaluateOptions = {}): Either<EvaluationError, Evaluation> {
  const { network, theta, task } = scored
  const split = options.split === undefined ? undefined : task.splits?.[options.split]
  if (options.split !== undefined && split === undefined) {
    const names = Object.keys(task.splits ?? {})
    return left(
      invalid([
        issue('split', `names the split "${options.split}", which the task "${task.kind}" does not have`, names.length > 0 ? `use one of ${names.join(', ')}` : 'leave it out: the task draws its trials from a seed'),
      ]),
    )
  }
  const count = options.trials ?? split?.size ?? 16
  if (!(Number.isSafeInteger(count) && count >= 1)) return left(invalid([issue('trials', `must be a positive integer, got ${count}`)]))
  if (split !== undefined && count > split.size) {
    return left(invalid([issue('trials', `is ${count}, but the split "${options.split}" has ${split.size} trials`, `give at most ${split.size}`)]))
  }
  const base = options.seed ?? scored.seed
  const trials: Trial[] = []
  const sims: Simulation[] = []
  let spikes = 0
  let time = 0
  let loss = 0
  for (let i = 0; i < count; i++) {
    const seed = split === undefined ? evaluationTrialSeed(base, i) : i
    const what = split === undefined ? `held-out trial ${i} (seed ${seed})` : `trial ${i} of the split "${options.split}"`
    let trial: Trial
    try {
      trial = split === undefined ? task.trial(new Rng(seed)) : split.trial(i)
    } catch (e) {
      return left({ _tag: 'ScoreFailed', message: `the task could not give ${what}: ${e instanceof Error ? e.message : String(e)}` })
    }
    const sim = simulate(network, theta, trial, { solve: scored.solve ?? {}, ...(options.dt !== undefined && { dt: options.dt }) })
    if (isLeft(sim)) return left({ _tag: 'SolveFailed', index: i, seed, error: sim.left, message: `${what}: ${sim.left.message}` })
    trials.push(trial)
    sims.push(sim.right)
    loss += sim.right.loss
    spikes += sim.right.spikeCounts.reduce((a, b) => a + b, 0)
    time += trial.duration
    options.onTrial?.(i + 1, count)
  }
  let scores: Readonly<Record<string, number>>
  let confusion: Evaluation['confusion']
  try {
    if (scored.firstSpikeOf !== undefined) {
      const byFirst = firstSpikeScores(network, task, scored.firstSpikeOf, trials, sims)
      if (isLeft(byFirst)) return left({ _tag: 'ScoreFailed', message: byFirst.left })
      ;({ scores, confusion } = byFirst.right)
    } else {
      const readouts = sims.map((s): Readout => s.readout)
      scores = task.score(trials, readouts)
      confusion = task.classification === undefined ? undefined : confusionMatrix(task.classification, trials, readouts)
    }
  } catch (e) {
    return left({ _tag: 'ScoreFailed', message: `the task's score failed: ${e instanceof Error ? e.message : String(e)}` })
  }
  const N = network.layout.neurons
  const name = scored.firstSpikeOf !== undefined ? 'accuracy' : task.primaryScore
  return right({
    scores,
    primary: { name, value: scores[name] ?? NaN, higherIsBetter: scored.firstSpikeOf !== undefined ? true : task.higherIsBetter },
    loss: loss / count,
    firingRate: (spikes / (N * time)) * 1000,
    count,
    ...(confusion !== undefined && { confusion }),
    ...(options.keepSimulations === true && { trials, simulations: sims }),
  })
}
