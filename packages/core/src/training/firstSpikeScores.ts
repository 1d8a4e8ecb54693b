import { left, right, type Either } from 'fp-ts/lib/Either.js'
import type { Network } from '../network/network.js'
import type { Simulation } from '../network/simulate.js'
import type { Task, Trial } from '../plugin/task.js'

/** The trial's class read from its first spikes: the neuron of the population that fired first, −1 when none fired (ties: the lower index). */
export function firstSpikeClass(spikes: readonly Float64Array[], offset: number, size: number): number {
  let best = -1
  let first = Infinity
  for (let r = 0; r < size; r++) {
    const train = spikes[offset + r]
    if (train !== undefined && train.length > 0 && train[0]! < first) {
      first = train[0]!
      best = r
    }
  }
  return best
}

/**
 * Scores a classification by first spike (time-to-first-spike coding): the class of a trial is the
 * neuron of `population` that fired first; a trial where none of them fired has no class and counts
 * as wrong. Scores: `accuracy` (correct over all trials) and `silent` (the fraction of trials with no
 * spike in the population); the confusion matrix counts the trials that have a class.
 * @returns the scores, or a message naming what is missing (a population, a reset, a classification).
 */
export function firstSpikeScores(
  network: Network,
  task: Task,
  population: string,
  trials: readonly Trial[],
  sims: readonly Simulation[],
): Either<string, { readonly scores: Record<string, number>; readonly confusion: { readonly classes: readonly string[]; readonly counts: number[][] } }> {
  const problem = firstSpikeProblem(network, task, population)
  if (problem !== undefined) return left(problem)
  const pop = network.populations.find((p) => p.name === population)!
  const c = task.classification!
  if (pop.size !== c.classes.length) return left(`scoring by the first spike of population "${population}" needs one neuron per class: it has ${pop.size}, the task "${task.kind}" ${c.classes.length} classes`)
  const counts = c.classes.map(() => c.classes.map(() => 0))
  let correct = 0
  let silent = 0
  trials.forEach((trial, i) => {
    const label = c.label(trial)
    const predicted = firstSpikeClass(sims[i]!.spikes, pop.neuronOffset, pop.size)
    if (predicted < 0) {
      silent++
      return
    }
    if (predicted === label) correct++
    const row = counts[label]
    if (row !== undefined) row[predicted]! += 1
  })
  const n = Math.max(trials.length, 1)
  return right({ scores: { accuracy: correct / n, silent: silent / n }, confusion: { classes: c.classes, counts } })
}

/** Why `network` and `task` cannot be scored by the first spike of `population` (undefined when they can). */
export function firstSpikeProblem(network: Network, task: Task, population: string): string | undefined {
  const pop = network.populations.find((p) => p.name === population)
  if (pop === undefined) return `scoring by first spike names the population "${population}", which the network does not have (it has ${network.populations.map((p) => p.name).join(', ')})`
  if (pop.neuron.reset === undefined) return `scoring by first spike reads the resets of population "${population}", whose neuron "${pop.neuron.kind}" has none: give it a neuron with a reset (e.g. lif)`
  if (task.classification === undefined) return `scoring by first spike is for classification tasks; the task "${task.kind}" is not one (score it by its readout)`
  return undefined
}
