import { createModel, type Model, type ModelSpec, modelSpecFromV1, type ModelSpecV1 } from '@spikegrad/core'
import { loadPluginPackages } from '@spikegrad/node'
import { isLeft } from 'fp-ts/lib/Either.js'
import { Container } from 'inversify'
import { repositoryRoot } from './repositoryRoot.js'

/** The plugin packages the training tests compose their models from. */
export const trainingPlugins = [
  '@spikegrad/neuron-qif',
  '@spikegrad/neuron-lif',
  '@spikegrad/gates',
  '@spikegrad/losses',
  '@spikegrad/task-xor',
  '@spikegrad/task-autoencode',
  '@spikegrad/task-yinyang',
]

/** Loose tolerances for training (the gradient needs no more), trajectory kept in memory. */
export const trainingSolver = { rtol: 1e-4, atol: 1e-6, memory: 'all' } as const

/**
 * The reduced delayed-memory XOR protocol of the tests: 10 ms pulses, delays of 30–50 ms,
 * a 30 ms response window (trials of about 110–160 ms instead of 300–550 ms).
 */
export const reducedXor = {
  name: 'xor',
  params: {
    pulseWidth: 10,
    firstPulseMin: 10,
    firstPulseMax: 20,
    pulseDelayMin: 30,
    pulseDelayMax: 50,
    cueDelayMin: 30,
    cueDelayMax: 50,
    responseWindow: 30,
  },
}

/** The reduced auto-encoding protocol: one channel, 100 ms trials, knots every 40 ms. */
export const reducedAutoencode = { name: 'autoencode', params: { channels: 1, duration: 100, correlationTime: 40 } }

/** A QIF network specification on `task` with N neurons and a raised-cosine gate of width 1 rad (one recurrent population). */
export function qifSpec(task: ModelSpecV1['task'], neurons: number, extra: Partial<ModelSpecV1> = {}): ModelSpec {
  return modelSpecFromV1({
    plugins: trainingPlugins,
    task,
    neuron: { name: 'qif', params: { tau_v: 2 } },
    gate: { name: 'raised-cosine', width: 1 },
    sizes: { neurons },
    tauS: 10,
    seed: 1,
    solver: trainingSolver,
    ...extra,
  })
}

/** A container with the training plugins loaded by package name. */
export async function pluginContainer(): Promise<Container> {
  const container = new Container()
  const errors = await loadPluginPackages(container, trainingPlugins, repositoryRoot())
  if (errors.length > 0) throw new Error(errors.join('\n'))
  return container
}

/** A fresh model from a specification; throws with the problems if it does not compose. */
export async function freshModel(spec: ModelSpec): Promise<Model> {
  const model = createModel(await pluginContainer(), spec)
  if (isLeft(model)) throw new Error(model.left.message)
  return model.right
}
