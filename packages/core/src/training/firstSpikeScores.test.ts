import test from 'ava'
import { isLeft, isRight } from 'fp-ts/lib/Either.js'
import type { Network } from '../network/network.js'
import type { Simulation } from '../network/simulate.js'
import type { Task, Trial } from '../plugin/task.js'
import { firstSpikeClass, firstSpikeProblem, firstSpikeScores } from './firstSpikeScores.js'

const lif = { kind: 'lif', reset: {} }
/** A network of a hidden population of 2 and an output population of 3 (only what scoring reads). */
const network = {
  populations: [
    { name: 'hidden', size: 2, neuronOffset: 0, neuron: lif },
    { name: 'output', size: 3, neuronOffset: 2, neuron: lif },
  ],
} as unknown as Network
const trialOf = (label: number): Trial => ({ duration: 30, input: () => undefined, target: () => 1, meta: { label } })
const task = {
  kind: 'three-classes',
  classification: { classes: ['a', 'b', 'c'], label: (t: Trial) => t.meta?.label as number, predict: () => 0 },
} as unknown as Task
/** A simulation whose neurons spiked at these times (hidden first). */
const sim = (...trains: number[][]): Simulation => ({ spikes: trains.map((t) => Float64Array.from(t)) }) as unknown as Simulation

test('firstSpikeClass — the neuron that fired first, the lower index on a tie, −1 when none fired', (t) => {
  t.is(firstSpikeClass([Float64Array.of(1), Float64Array.of(9, 12), Float64Array.of(4), Float64Array.of()], 1, 3), 1)
  t.is(firstSpikeClass([Float64Array.of(5), Float64Array.of(5)], 0, 2), 0)
  t.is(firstSpikeClass([Float64Array.of(), Float64Array.of()], 0, 2), -1)
})

test('firstSpikeScores — accuracy over all trials (a trial without an output spike is wrong), the silent fraction, and the confusion of the trials that have a class', (t) => {
  const trials = [trialOf(0), trialOf(1), trialOf(2), trialOf(2)]
  // the hidden neurons fire earliest of all and are not read; trial 2 is wrong (neuron 0 first), trial 3 has no output spike
  const sims = [sim([1], [2], [5], [7], []), sim([1], [], [8], [6], [9]), sim([1], [], [2], [], [3]), sim([0.5], [1], [], [], [])]
  const r = firstSpikeScores(network, task, 'output', trials, sims)
  if (!isRight(r)) return t.fail(r.left)
  t.deepEqual(r.right.scores, { accuracy: 2 / 4, silent: 1 / 4 })
  t.deepEqual(r.right.confusion.counts, [
    [1, 0, 0],
    [0, 1, 0],
    [1, 0, 0],
  ])
})

test('firstSpikeScores — a population that does not exist, has no reset, or does not match the classes, and a task that is not a classification, are refused by name', (t) => {
  t.regex(firstSpikeProblem(network, task, 'readout') ?? '', /names the population "readout", which the network does not have \(it has hidden, output\)/)
  const theta = { populations: [{ name: 'output', size: 3, neuronOffset: 0, neuron: { kind: 'qif' } }] } as unknown as Network
  t.regex(firstSpikeProblem(theta, task, 'output') ?? '', /neuron "qif" has none: give it a neuron with a reset/)
  t.regex(firstSpikeProblem(network, { kind: 'autoencode' } as Task, 'output') ?? '', /for classification tasks; the task "autoencode" is not one/)
  const r = firstSpikeScores(network, task, 'hidden', [trialOf(0)], [sim([1], [2], [], [], [])])
  t.true(isLeft(r) && /needs one neuron per class: it has 2, the task "three-classes" 3 classes/.test(r.left))
})
