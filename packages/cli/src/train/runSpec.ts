import { defaultSchedule, type ModelSpec, neuronPlugin, type StructureName, type TaskRecipe } from '@spikegrad/core'
import { usageError } from '../cliError.js'
import { withPlugins } from '../model/builtinPlugins.js'

/**
 * The model specification of a fresh `spikegrad train` run, and the command-line options that
 * change one (the recipes come from the task plugins, see `trainDefaults.ts`).
 */

// -------------------------------------------------------------------------------------
// model
// -------------------------------------------------------------------------------------

/** Options of `spikegrad train` that change the model's specification. */
export interface SpecOverrides {
  /** `--neurons N` (or `--hidden N`): the size of the population named `hidden`. */
  readonly neurons?: number
  /** `--neuron name` with `--neuron-param k=v …`: the neuron plugin of the population `hidden` (its parameters replaced). */
  readonly neuron?: string
  readonly neuronParams?: Readonly<Record<string, number>>
  /** `--neuron-options file`: the neuron's options as that file holds them (e.g. an equation neuron's equations). */
  readonly neuronOptions?: Readonly<Record<string, unknown>>
  /** `--gate name`, `--gate-width w`: the gate of the population `hidden` (its width kept unless given). */
  readonly gate?: string
  readonly gateWidth?: number
  /** `--seed S`. */
  readonly seed?: number
  /** `--batch B`: training.batchSize. */
  readonly batch?: number
  /** `--lr x`: the schedule's initial rate (a constant rate when the spec has no schedule). */
  readonly lr?: number
  /**
   * `--lr-schedule kind`: replaces the specification's schedule by a constant rate, or by a
   * cosine annealing from the rate down to 0 over `total` steps (the run's length).
   * The rate is --lr, else the specification's, else core's default.
   */
  readonly lrSchedule?: LrScheduleOverride
  /** `--clip-norm x`: training.clipNorm. */
  readonly clipNorm?: number
  /** `--rtol x`: solver.rtol = x and solver.atol = x/100. */
  readonly rtol?: number
  /** `--structure closed-form|blocks|monolithic`: solver.structure. */
  readonly structure?: StructureName
  /** `--task-param k=v …`: merged into task.params. */
  readonly taskParams?: Readonly<Record<string, number>>
  /** `--iterations N` / `--epochs N`: run.iterations or run.epochs (the other one dropped). */
  readonly iterations?: number
  readonly epochs?: number
  /** `--evaluate-every K`, `--evaluate-trials N`, `--checkpoint-every K`: the run's settings. */
  readonly evaluateEvery?: number
  readonly evaluateTrials?: number
  readonly checkpointEvery?: number
}

/** The schedules `--lr-schedule` names. */
export const lrScheduleKinds = ['constant', 'cosine'] as const

/** What `--lr-schedule` asks for. */
export type LrScheduleOverride = { readonly kind: 'constant' } | { readonly kind: 'cosine'; readonly total: number }

// -------------------------------------------------------------------------------------
// constructors
// -------------------------------------------------------------------------------------

/** The specification of a fresh run on the task `task` (with `params`) from a recipe (see `trainDefaults`). */
export function specFromRecipe(task: string, params: Readonly<Record<string, number>>, recipe: TaskRecipe, plugins: readonly string[]): ModelSpec {
  return {
    format: 'spikegrad-spec/2',
    plugins: withPlugins(plugins, recipe.plugins ?? []),
    task: { name: task, ...(Object.keys(params).length > 0 && { params: { ...params } }) },
    network: structuredClone(recipe.network) as ModelSpec['network'],
    seed: recipe.seed ?? 1,
    solver: { ...recipe.solver },
    training: structuredClone(recipe.training) as ModelSpec['training'],
    run: { ...recipe.run },
  }
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
  const { iterations: _i, epochs: _e, ...runRest } = spec.run ?? {}
  const length = o.iterations !== undefined ? { iterations: o.iterations } : o.epochs !== undefined ? { epochs: o.epochs } : { ...(spec.run?.iterations !== undefined && { iterations: spec.run.iterations }), ...(spec.run?.epochs !== undefined && { epochs: spec.run.epochs }) }
  const run = {
    ...runRest,
    ...length,
    ...(o.evaluateEvery !== undefined && { evaluateEvery: o.evaluateEvery }),
    ...(o.evaluateTrials !== undefined && { evaluateTrials: o.evaluateTrials }),
    ...(o.checkpointEvery !== undefined && { checkpointEvery: o.checkpointEvery }),
  }
  return {
    ...spec,
    ...(o.seed !== undefined && { seed: o.seed }),
    ...((o.neurons !== undefined || o.neuron !== undefined || o.neuronParams !== undefined || o.neuronOptions !== undefined || o.gate !== undefined || o.gateWidth !== undefined) && {
      network: withHidden(spec.network, o),
    }),
    ...(o.taskParams !== undefined &&
      Object.keys(o.taskParams).length > 0 && { task: { ...spec.task, params: { ...spec.task.params, ...o.taskParams } } }),
    ...((o.rtol !== undefined || o.structure !== undefined) && {
      solver: {
        ...spec.solver,
        ...(o.rtol !== undefined && { rtol: o.rtol, atol: o.rtol / 100 }),
        ...(o.structure !== undefined && { structure: o.structure }),
      },
    }),
    ...(Object.keys(training).length > 0 && { training }),
    ...(Object.keys(run).length > 0 && { run }),
  }
}

/** The network with the population `hidden` resized (its per-neuron fields dropped) and its neuron or gate replaced; an error when it has none. */
function withHidden(network: ModelSpec['network'], o: SpecOverrides): ModelSpec['network'] {
  if (!network.populations.some((p) => p.name === 'hidden')) {
    const flag = o.neurons !== undefined ? '--neurons' : o.neuron !== undefined || o.neuronParams !== undefined || o.neuronOptions !== undefined ? '--neuron' : '--gate'
    throw usageError(`${flag} sets ${flag === '--neurons' ? 'the size of ' : ''}the population "hidden", and this network has none (${network.populations.map((p) => p.name).join(', ')})`)
  }
  return {
    ...network,
    populations: network.populations.map((p) => {
      if (p.name !== 'hidden') return p
      let next = p
      if (o.neurons !== undefined) {
        const { initialState: _i, sign, ...rest } = next
        next = { ...rest, size: o.neurons, ...(typeof sign === 'string' && { sign }) }
      }
      if (o.neuron !== undefined || o.neuronParams !== undefined || o.neuronOptions !== undefined) {
        const current = neuronPlugin(next.neuron)
        const name = o.neuron ?? current.name
        // another neuron takes its own defaults: the recipe's parameters were for the recipe's neuron
        const params = o.neuronParams ?? (o.neuron === undefined || o.neuron === current.name ? current.params : undefined)
        // the options (e.g. an equation neuron's equations) belong to the neuron they were written for
        const options = o.neuronOptions ?? (o.neuron === undefined || o.neuron === current.name ? current.options : undefined)
        const { initialState: _i, train, ...rest } = next
        const keptTrain = train?.params === undefined || o.neuron === undefined ? train : { ...(train.tauS !== undefined && { tauS: train.tauS }) }
        // a gate placed for the old neuron (center, period) is placed by the new one's gateZone
        const { center: _c, period: _p, ...gate } = rest.gate
        const zone = o.neuron === undefined || o.neuron === current.name ? rest.gate : gate
        next = {
          ...rest,
          gate: zone,
          neuron: { name, ...(params !== undefined && { params: { ...params } }), ...(options !== undefined && { options }) },
          ...(keptTrain !== undefined && Object.keys(keptTrain).length > 0 && { train: keptTrain }),
        }
      }
      if (o.gate !== undefined || o.gateWidth !== undefined) {
        next = { ...next, gate: { ...next.gate, ...(o.gate !== undefined && { name: o.gate }), ...(o.gateWidth !== undefined && { width: o.gateWidth }) } }
      }
      return next
    }),
  }
}
