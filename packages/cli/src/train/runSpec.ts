import { defaultSchedule, modelSpecFromV1, type ModelSpec } from '@spikegrad/core'
import { usageError } from '../cliError.js'
import type { TrainDefaults } from './trainDefaults.js'

/**
 * The model specification of a fresh `spikegrad train` run, and the command-line options that
 * change one (see `trainDefaults.ts` for where the defaults come from).
 */

// -------------------------------------------------------------------------------------
// model
// -------------------------------------------------------------------------------------

/** Options of `spikegrad train` that change the model's specification. */
export interface SpecOverrides {
  /** `--neurons N` (or `--hidden N`): the size of the population named `hidden`. */
  readonly neurons?: number
  /** `--seed S`. */
  readonly seed?: number
  /** `--batch B`: training.batchSize. */
  readonly batch?: number
  /** `--lr x`: the schedule's initial rate (a constant rate when the spec has no schedule). */
  readonly lr?: number
  /**
   * `--lr-schedule kind`: replaces the specification's schedule by a constant rate, or by a
   * cosine annealing from the rate down to 0 over `total` iterations (the run's --iterations).
   * The rate is --lr, else the specification's, else core's default.
   */
  readonly lrSchedule?: LrScheduleOverride
  /** `--clip-norm x`: training.clipNorm. */
  readonly clipNorm?: number
  /** `--rtol x`: solver.rtol = x and solver.atol = x/100. */
  readonly rtol?: number
  /** `--task-param k=v …`: merged into task.params. */
  readonly taskParams?: Readonly<Record<string, number>>
}

/** The schedules `--lr-schedule` names. */
export const lrScheduleKinds = ['constant', 'cosine'] as const

/** What `--lr-schedule` asks for. */
export type LrScheduleOverride = { readonly kind: 'constant' } | { readonly kind: 'cosine'; readonly total: number }

// -------------------------------------------------------------------------------------
// constructors
// -------------------------------------------------------------------------------------

/**
 * The specification of a run on the task `task` (with `params`) from `defaults`: one
 * recurrent population `hidden` of the default neurons (see `modelSpecFromV1` in core).
 */
export function specFromDefaults(
  task: string,
  params: Readonly<Record<string, number>>,
  defaults: TrainDefaults,
  plugins: readonly string[],
): ModelSpec {
  return modelSpecFromV1({
    plugins: [...plugins],
    task: { name: task, ...(Object.keys(params).length > 0 && { params: { ...params } }) },
    neuron: { ...defaults.neuron },
    gate: { ...defaults.gate },
    sizes: { neurons: defaults.neurons },
    tauS: defaults.tauS,
    seed: defaults.seed,
    ...(Object.keys(defaults.init).length > 0 && { init: { ...defaults.init } }),
    ...(defaults.losses.length > 0 && { losses: defaults.losses.map((l) => ({ ...l })) }),
    solver: { ...defaults.solver },
    training: {
      optimizer: { ...defaults.optimizer },
      schedule:
        defaults.schedule === 'cosine' ? { kind: 'cosine', lr: defaults.lr, total: defaults.iterations } : { kind: 'constant', lr: defaults.lr },
      batchSize: defaults.batchSize,
      ...(defaults.clipNorm !== undefined && { clipNorm: defaults.clipNorm }),
    },
  })
}

/** `spec` with the given command-line options applied (the rest unchanged). */
export function applyOverrides(spec: ModelSpec, o: SpecOverrides): ModelSpec {
  const schedule = spec.training?.schedule
  const isObject = typeof schedule === 'object' && schedule !== null && !Array.isArray(schedule)
  const specLr = isObject && typeof (schedule as { lr?: unknown }).lr === 'number' ? (schedule as { lr: number }).lr : undefined
  const withLr =
    o.lrSchedule !== undefined
      ? { ...o.lrSchedule, lr: o.lr ?? specLr ?? defaultSchedule.lr }
      : o.lr === undefined
        ? undefined
        : isObject
          ? { ...(schedule as Record<string, unknown>), lr: o.lr }
          : { kind: 'constant', lr: o.lr }
  const training = {
    ...spec.training,
    ...(o.batch !== undefined && { batchSize: o.batch }),
    ...(o.clipNorm !== undefined && { clipNorm: o.clipNorm }),
    ...(withLr !== undefined && { schedule: withLr }),
  }
  return {
    ...spec,
    ...(o.seed !== undefined && { seed: o.seed }),
    ...(o.neurons !== undefined && { network: withHiddenSize(spec.network, o.neurons) }),
    ...(o.taskParams !== undefined &&
      Object.keys(o.taskParams).length > 0 && { task: { ...spec.task, params: { ...spec.task.params, ...o.taskParams } } }),
    ...(o.rtol !== undefined && { solver: { ...spec.solver, rtol: o.rtol, atol: o.rtol / 100 } }),
    ...(Object.keys(training).length > 0 && { training }),
  }
}

/** The network with the population `hidden` resized (its per-neuron fields dropped), or an error when it has none. */
function withHiddenSize(network: ModelSpec['network'], size: number): ModelSpec['network'] {
  if (!network.populations.some((p) => p.name === 'hidden')) {
    throw usageError(`--neurons sets the size of the population "hidden", and this network has none (${network.populations.map((p) => p.name).join(', ')})`)
  }
  return {
    ...network,
    populations: network.populations.map((p) => {
      if (p.name !== 'hidden') return p
      const { initialState: _i, sign, ...rest } = p
      return { ...rest, size, ...(typeof sign === 'string' && { sign }) }
    }),
  }
}
