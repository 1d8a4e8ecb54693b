import type { Rng } from '../util/rng.js'
import type { TaskRecipe } from './recipe.js'
import type { Loss } from './loss.js'

/**
 * One trial of a task: its input i(t), target o*(t) with a mask weight, over [0, duration] ms.
 * Inputs must be smooth in t (an adaptive integrator crawls over kinks); any time where the
 * input or the weight is not smooth must be listed in `breakpoints`, where the solver stops
 * and restarts.
 */
export interface Trial {
  /** Trial length T, ms. */
  readonly duration: number
  /** out[m] = i_m(t) for the analog input channels, m = 0 .. (analog channels) − 1. */
  input(t: number, out: Float64Array): void
  /**
   * The spike times (ms) of each spike-input channel, for networks with spike inputs (see
   * `InputSpec`): spikes in (0, duration) are events of the solve, spikes at t ≤ 0 are in
   * the initial traces, later ones are ignored.
   */
  readonly spikes?: readonly ArrayLike<number>[]
  /**
   * Target spike trains (ms), one list per neuron of the population a loss compares with them
   * (e.g. the van Rossum distance), for tasks that give them.
   */
  readonly targetSpikes?: readonly ArrayLike<number>[]
  /** out[r] = o*_r(t); returns the weight of the loss at t (0 = not scored). */
  target(t: number, out: Float64Array): number
  /** Times (ms) in (0, duration) where input or weight is not smooth. */
  readonly breakpoints?: readonly number[]
  /** Task-specific facts about the trial (e.g. the XOR signs), for scoring and plots. */
  readonly meta?: Readonly<Record<string, number | string | readonly number[]>>
}

/** The readout of a network on one trial, sampled on a grid. */
export interface Readout {
  /** Sample times, ms. */
  readonly times: Float64Array
  /** values[k * outputSize + r] = o_r(times[k]). */
  readonly values: Float64Array
}

/** A fixed set of trials: trial i of `size`, the same every time it is asked for. */
export interface TaskSplit {
  /** Number of trials. */
  readonly size: number
  /** Trial `index`, 0 ≤ index < size. */
  trial(index: number): Trial
}

/**
 * A task: a seeded generator of trials, or a fixed data set with named splits (`splits`:
 * 'train', 'validation', 'test' by convention), the losses to train on, and a score.
 */
export interface Task {
  /** Name the plugin is registered under, e.g. 'xor'. */
  readonly kind: string
  /** Input channels of each trial. */
  readonly inputSize: number
  /** Whether the inputs are smooth signals (`Trial.input`, the default) or spike trains (`Trial.spikes`). */
  readonly inputKind?: 'analog' | 'spikes'
  /** Readout channels the target has. */
  readonly outputSize: number
  /** Draws one trial; the same generator state gives the same trial (for a data set: a sample of its training split). */
  trial(rng: Rng): Trial
  /**
   * A fixed data set's splits, e.g. { train, validation, test }. Training then goes through
   * `train` in epochs, evaluation scores a split, and the test split is for the final report.
   */
  readonly splits?: Readonly<Record<string, TaskSplit>>
  /** For a data set drawn from a known distribution: `size` fresh samples of it, generated from `seed` (to score a model beyond the published splits). */
  fresh?(seed: number, size: number): TaskSplit
  /** The loss terms to train on. */
  readonly losses: readonly Loss[]
  /** The task's score on trials and the readouts produced for them, e.g. { accuracy: 0.97 }. */
  score(trials: readonly Trial[], readouts: readonly Readout[]): Readonly<Record<string, number>>
  /** For a classification task: its classes, each trial's class and the class a readout reports (`evaluate` counts the confusion matrix from them). */
  readonly classification?: Classification
  /** For a task whose trials are the points of a plane (Yin-Yang's (x, y)): the plane and the trial of a point, for a decision map. */
  readonly plane?: TaskPlane
  /** The name of the score that summarises performance (e.g. 'accuracy' or 'nmse'). */
  readonly primaryScore: string
  /** Whether a higher primary score is better. */
  readonly higherIsBetter: boolean
  /** The network, optimiser, solver and run length this task is best trained with (`spikegrad train <task>` starts from it). */
  readonly recipe?: TaskRecipe
  /** Suggested network settings for this task, for tasks without a recipe (the CLI's generic defaults read them). */
  readonly suggested?: Readonly<Record<string, unknown>>
}

/** How a classification task names and reads its classes. */
export interface Classification {
  /** Class names, by class index. */
  readonly classes: readonly string[]
  /** The class of a trial (its label), an index into `classes`. */
  label(trial: Trial): number
  /** The class the network reports on a trial, from its readout. */
  predict(trial: Trial, readout: Readout): number
}

/** One axis of a {@link TaskPlane}. */
export interface PlaneAxis {
  readonly name: string
  readonly min: number
  readonly max: number
}

/**
 * The plane a task's trials are points of: `trialAt(x, y)` is the trial of a point (for a
 * classification task, with any label: only the prediction is read); `contains(x, y)` says
 * whether a point belongs to the task's domain (default: the whole rectangle).
 */
export interface TaskPlane {
  /** The horizontal axis (the first coordinate of a point). */
  readonly x: PlaneAxis
  /** The vertical axis (the second coordinate of a point). */
  readonly y: PlaneAxis
  /** The trial of the point (x, y) (a classification task may give it any label). */
  trialAt(x: number, y: number): Trial
  /** Whether (x, y) lies in the task's domain; points outside are not drawn (default: every point of the rectangle). */
  contains?(x: number, y: number): boolean
  /** The point of a trial of the task (e.g. from its meta), to draw the data on the plane. */
  pointOf(trial: Trial): readonly [number, number]
}

/** counts[label][predicted] over the trials, with the class names. */
export function confusionMatrix(c: Classification, trials: readonly Trial[], readouts: readonly Readout[]): { readonly classes: readonly string[]; readonly counts: number[][] } {
  const counts = c.classes.map(() => c.classes.map(() => 0))
  trials.forEach((trial, i) => {
    const label = c.label(trial)
    const predicted = c.predict(trial, readouts[i]!)
    const row = counts[label]
    if (row === undefined || !(predicted >= 0 && predicted < c.classes.length)) {
      throw new RangeError(`trial ${i}: class ${label} predicted as ${predicted}; the task has classes 0 … ${c.classes.length - 1}`)
    }
    row[predicted]! += 1
  })
  return { classes: c.classes, counts }
}

/** Builds a task from named parameters (trial lengths, delays, …). */
export type TaskFactory = (params?: Readonly<Record<string, number>>) => Task
