import type { ModelSpec } from '@spikegrad/core'
import { playgroundPlugins } from './plugins.js'
import type { ScheduleChoice, TaskPreset } from './presets.js'

/** What the page's form chose: the task and the network around its hidden population, and the run. */
export interface PlaygroundChoice {
  readonly task: TaskPreset
  readonly neurons: number
  readonly neuron: string
  readonly neuronParams: Readonly<Record<string, number>>
  /** The neuron plugin's options (a neuron written as equations: its definition). */
  readonly neuronOptions?: Readonly<Record<string, unknown>>
  readonly gate: string
  readonly gateWidth: number
  /** Synaptic time constant of the hidden population, ms. */
  readonly tauS: number
  readonly lr: number
  readonly schedule: ScheduleChoice
  readonly batchSize: number
  readonly iterations: number
  readonly seed: number
}

/**
 * The model specification of a choice, as `spikegrad train` would write it: the task's recipe
 * (network, solver unless the preset names one) with its population `hidden` resized, its neuron, gate and tau_s replaced,
 * a self-coupling W_jj when the task's preset has one, Adam at a constant rate or annealed to 0
 * over the run (cosine), the preset's gradient clipping, evaluations on
 * the preset's held-out trials or split, and no best parameters kept (so that the file's
 * weights are the ones the page scored, and `spikegrad evaluate` scores them too).
 */
export function playgroundSpec(choice: PlaygroundChoice): ModelSpec {
  const { task } = choice
  const recipe = task.recipe
  const network = structuredClone(recipe.network) as { populations: Record<string, unknown>[]; projections?: Record<string, unknown>[] }
  const hidden = network.populations.find((p) => p['name'] === 'hidden')
  if (hidden === undefined) throw new RangeError(`the recipe of "${task.name}" has no population named hidden`)
  delete hidden['bias']
  Object.assign(hidden, {
    size: choice.neurons,
    neuron: { name: choice.neuron, params: { ...choice.neuronParams }, ...(choice.neuronOptions !== undefined && { options: structuredClone(choice.neuronOptions) }) },
    gate: { name: choice.gate, width: choice.gateWidth },
    tauS: choice.tauS,
  })
  for (const projection of network.projections ?? []) {
    const init = projection['init'] as Record<string, unknown> | undefined
    if (projection['from'] === 'hidden' && projection['to'] === 'hidden' && init !== undefined && task.selfCoupling !== undefined) {
      projection['init'] = { ...init, diagonal: task.selfCoupling }
    }
  }
  return {
    format: 'spikegrad-spec/2',
    plugins: [...playgroundPlugins],
    task: { name: task.name, params: { ...task.params } },
    network: network as ModelSpec['network'],
    seed: choice.seed,
    solver: { ...(task.solver ?? recipe.solver) },
    training: {
      optimizer: { kind: 'adam' },
      schedule: choice.schedule === 'cosine' ? { kind: 'cosine', lr: choice.lr, total: choice.iterations } : { kind: 'constant', lr: choice.lr },
      batchSize: choice.batchSize,
      ...(task.clipNorm !== undefined && { clipNorm: task.clipNorm }),
    },
    run: {
      iterations: choice.iterations,
      evaluateEvery: task.evaluateEvery,
      ...(task.evaluateTrials !== undefined && { evaluateTrials: task.evaluateTrials }),
      ...(task.evaluateSplit !== undefined && { evaluateSplit: task.evaluateSplit }),
    },
  } as ModelSpec
}
