import type { Task, TaskRecipe } from '@spikegrad/core'

/**
 * What `spikegrad train <task>` starts from: the task plugin's own recipe (`task.recipe`: the
 * network, optimiser, solver and run length its authors chose), or, for a task without one,
 * {@link genericRecipe} with the sizes the task suggests. Command-line options override it.
 * Times in ms.
 */
export interface TrainDefaults {
  readonly recipe: TaskRecipe
  /** Sample trials drawn in the figures. */
  readonly plotTrials: number
}

/**
 * Any task without a recipe: `suggested.neurons` (default 40) theta (QIF) neurons with their
 * default tau_v = 2 ms, a raised-cosine gate of width 0.6π around θ = π, `suggested.tauS`
 * (default 10) ms, all-to-all recurrent; Adam at a constant 0.01 without clipping, batches of
 * `suggested.batchSize` (default 8); the solver bs3 at rtol 1e-4 (atol 1e-6: a gradient within
 * about 2 % on the benchmark's theta network of 80 neurons, the fastest solver and tolerance for
 * that in the README's work–precision measurements) with the whole trajectory kept; 200 steps,
 * an evaluation on 16 held-out trials every 10, a checkpoint every 5. A data set (a task with
 * splits) is trained for 20 epochs instead, scored on its validation split after every epoch,
 * keeping the best parameters.
 */
export function genericRecipe(task: Partial<Pick<Task, 'suggested' | 'splits' | 'inputKind' | 'inputSize'>> = {}): TaskRecipe {
  const suggested = task.suggested ?? {}
  const count = (x: unknown, d: number): number => (typeof x === 'number' && Number.isSafeInteger(x) && x > 0 ? x : d)
  const name = (x: unknown, d: string): string => (typeof x === 'string' && x !== '' ? x : d)
  const tauS = typeof suggested.tauS === 'number' && suggested.tauS > 0 ? suggested.tauS : 10
  const dataSet = task.splits?.train !== undefined
  return {
    about: 'the generic recipe: theta neurons, raised-cosine gate, Adam at 0.01, bs3 at rtol 1e-4',
    plugins: ['@spikegrad/neuron-qif', '@spikegrad/gates', '@spikegrad/losses'],
    network: {
      // spike inputs need a time constant for their traces: the population's
      ...(task.inputKind === 'spikes' && { inputs: [{ name: 'input', kind: 'spikes' as const, size: task.inputSize ?? 1, tauS }] }),
      populations: [
        {
          name: 'hidden',
          size: count(suggested.neurons, 40),
          neuron: { name: name(suggested.neuron, 'qif') },
          gate: { name: name(suggested.gate, 'raised-cosine'), width: 0.6 * Math.PI },
          tauS,
          biasInit: { kind: 'uniform', min: -0.2, max: 0.05 },
        },
      ],
      projections: [
        { from: 'input', to: 'hidden', init: { kind: 'normal', std: 1 } },
        { from: 'hidden', to: 'hidden', init: { kind: 'normal', gain: 1, diagonal: 0 } },
      ],
      readout: { from: ['hidden'], init: { kind: 'normal', gain: 1 } },
    },
    training: { optimizer: { kind: 'adam' }, schedule: { kind: 'constant', lr: 0.01 }, batchSize: count(suggested.batchSize, 8) },
    solver: { solver: 'bs3', rtol: 1e-4, atol: 1e-6, memory: 'all' },
    run: dataSet
      ? { epochs: 20, evaluateEvery: 0, evaluateSplit: 'validation', keepBest: true, checkpointEvery: 5 }
      : { iterations: 200, evaluateEvery: 10, evaluateTrials: 16, checkpointEvery: 5 },
  }
}

/** The defaults of a run on `task`: its recipe, or the generic one with its suggestions. */
export function trainDefaults(task: Partial<Pick<Task, 'recipe' | 'suggested' | 'splits' | 'inputKind' | 'inputSize'>>): TrainDefaults {
  return { recipe: task.recipe ?? genericRecipe(task), plotTrials: 2 }
}
