import { createNetwork, getOrThrow, initialWeights, Rng, smoothRandomSignal, type Network, type Trial } from '@spikegrad/core'
import { polyBumpGate } from '@spikegrad/gates'
import { crossEntropyLoss, mseLoss } from '@spikegrad/losses'
import { lifNeuron } from '@spikegrad/neuron-lif'
import { yinYangTask } from '@spikegrad/task-yinyang'
import { xorRecipe } from '@spikegrad/task-xor'
import { createModelFromJson, loadNetworkConfig } from '@spikegrad/node'
import { existsSync } from 'node:fs'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { specFromRecipe } from '../train/runSpec.js'

const packageDir = fileURLToPath(new URL('../../', import.meta.url))

/** The networks of `spikegrad bench --structure`. */
export const structureNetworkNames = ['yinyang-100', 'yinyang-200', 'ff-400', 'xor', 'ei-dale', 'rec-100-ff-10', 'ff-200-rec-20'] as const
export type StructureNetworkName = (typeof structureNetworkNames)[number]

/**
 * The networks of `spikegrad bench --features`: the feedforward network of `ff-400` as it is
 * (`plain`), with tau_m, v_th and tau_s shared and trained (`trained`), with the same three one
 * per neuron and trained, at the shared values (`per-neuron`: the same dynamics, so the
 * difference is what per-neuron values cost), and with trained synaptic delays on both
 * projections drawn uniformly from [0, 2] ms (`delays`).
 */
export const featureVariants = ['plain', 'trained', 'per-neuron', 'delays'] as const
export type FeatureVariant = (typeof featureVariants)[number]

/** A benchmark network: one of the structured-solve benchmark's, or a feature variant of the feedforward one with `n` inputs and hidden neurons. */
export type BenchNetworkName = StructureNetworkName | { readonly variant: FeatureVariant; readonly n: number }

/** A network with its parameters and the trials a benchmark computes gradients on. */
export interface StructureBenchNetwork {
  readonly network: Network
  readonly theta: Float64Array
  readonly trials: readonly Trial[]
  /** What it is, for the report. */
  readonly about: string
}

/**
 * The benchmark networks of the structured solve, each fixed by its name and a seed:
 * - `yinyang-100`, `yinyang-200`: the Yin-Yang recipe (`spikegrad train yinyang`: 5 input spikes →
 *   N LIF neurons, tau_m 20 ms, poly-bump gate of width 0.2, tau_s 5 ms, biases U[0.5, 0.9], input
 *   weights N(0, (40/√5)²), a readout linear in the traces, cross-entropy at temperature 0.05 over
 *   [30, 60] ms) at its initial weights, on the first `trials` samples of the training split;
 * - `xor`: the XOR recipe (`spikegrad train xor`: 80 recurrent theta neurons, one strongly
 *   connected component) at its initial weights, on `trials` of its trials;
 * - `ei-dale`: `examples/ei-dale.json` (an excitatory and an inhibitory population coupled both
 *   ways under Dale's law, one component), its trial repeated — read from the repository's
 *   examples, so this one needs a clone;
 * - `rec-100-ff-10`, `ff-200-rec-20`: a recurrent component among feedforward populations (`mixedNetwork`);
 * - `ff-400`: 400 Poisson input channels (10 Hz) → 400 LIF → 10 LIF over 200 ms, input weights
 *   N(0, (40/√400)²)·…, the readout linear in the output traces, MSE to a smooth random target.
 */
export async function structureNetwork(name: BenchNetworkName, trials: number, seed: number): Promise<StructureBenchNetwork> {
  if (typeof name === 'object') return feedforward(trials, seed, name.n, name.variant)
  if (name === 'ff-400') return feedforward(trials, seed, 400, 'plain')
  if (name === 'xor') return xorNetwork(trials, seed)
  if (name === 'ei-dale') return eiDaleNetwork(trials, seed)
  if (name === 'rec-100-ff-10' || name === 'ff-200-rec-20') return mixedNetwork(name, trials, seed)
  const hidden = name === 'yinyang-100' ? 100 : 200
  const network = getOrThrow(
    createNetwork({
      inputs: [{ name: 'input', kind: 'spikes', size: 5, tauS: 5 }],
      populations: [
        {
          name: 'hidden',
          size: hidden,
          neuron: lifNeuron({ tau_m: 20 }),
          gate: { shape: polyBumpGate, width: 0.2 },
          tauS: 5,
          biasInit: { kind: 'uniform', min: 0.5, max: 0.9 },
        },
      ],
      projections: [{ from: 'input', to: 'hidden', init: { kind: 'normal', gain: 40 } }],
      readout: { size: 3, from: ['hidden'], init: { kind: 'normal', gain: 1 } },
      losses: [crossEntropyLoss({ temperature: 0.05 })],
    }),
  )
  const task = yinYangTask({})
  const theta = initialWeights(network, new Rng(seed))
  const samples = Array.from({ length: trials }, (_, i) => task.trial(new Rng(seed * 100_003 + i)))
  return {
    network,
    theta,
    trials: samples,
    about: `Yin-Yang recipe, 5 → ${hidden} LIF → linear readout of 3, 60 ms, at its initial weights (seed ${seed})`,
  }
}

function feedforward(trials: number, seed: number, n: number, variant: FeatureVariant): StructureBenchNetwork {
  const C = n
  const H = n
  const O = 10
  const T = 200
  const shared = variant === 'trained'
  const perNeuron = variant === 'per-neuron'
  // per neuron: every neuron at the shared value (a rule that draws the same value for all)
  const value = (v: number): number | { kind: 'constant'; value: number } => (perNeuron ? { kind: 'constant', value: v } : v)
  const train = shared || perNeuron ? { train: { tauS: true, params: ['tau_m', 'v_th'] } } : {}
  const population = (name: string, size: number) => ({
    name,
    size,
    neuron: lifNeuron({ tau_m: value(20), v_th: value(1) }),
    gate: { shape: polyBumpGate, width: 0.2 },
    tauS: value(5),
    biasInit: { kind: 'uniform', min: 0.5, max: 0.9 } as const,
    ...train,
  })
  const delay = variant === 'delays' ? { delay: { kind: 'synaptic', init: { kind: 'uniform', min: 0, max: 2 }, trained: true, max: 20 } as const } : {}
  const network = getOrThrow(
    createNetwork({
      inputs: [{ name: 'input', kind: 'spikes', size: C, tauS: 5 }],
      populations: [population('hidden', H), population('output', O)],
      projections: [
        { from: 'input', to: 'hidden', init: { kind: 'normal', gain: 60 }, ...delay },
        { from: 'hidden', to: 'output', init: { kind: 'normal', gain: 30 }, ...delay },
      ],
      readout: { size: O, from: ['output'], init: { kind: 'normal', gain: 1 } },
      losses: [mseLoss()],
    }),
  )
  const rng = new Rng(seed)
  const theta = initialWeights(network, rng.fork())
  const samples = Array.from({ length: trials }, () => {
    const r = rng.fork()
    const spikes = Array.from({ length: C }, () => {
      const list: number[] = []
      for (let t = -Math.log(1 - r.uniform()) * 100; t < T; t += -Math.log(1 - r.uniform()) * 100) list.push(t)
      return list
    })
    const target = smoothRandomSignal(r, { channels: O, duration: T, correlationTime: 50, amplitude: 0.3 })
    const trial: Trial = { duration: T, input: () => undefined, spikes, target: (t, out) => (target.at(t, out), 1) }
    return trial
  })
  const what = { plain: '', trained: ', tau_m, v_th and tau_s shared and trained', 'per-neuron': ', tau_m, v_th and tau_s one per neuron and trained', delays: ', trained synaptic delays U[0, 2] ms on both projections' }[variant]
  return { network, theta, trials: samples, about: `${C} Poisson inputs (10 Hz) → ${H} LIF → ${O} LIF, 200 ms, MSE to a smooth random target${what} (seed ${seed})` }
}

/**
 * Networks with a recurrent component and a feedforward population (20 Poisson inputs at 20 Hz,
 * 100 ms, LIF neurons with tau_m 20 ms, a readout of 2 linear in the last population's traces,
 * MSE to a constant target): `rec-100-ff-10`, 100 recurrent neurons read by 10 feedforward ones;
 * `ff-200-rec-20`, 200 feedforward neurons read by 20 recurrent ones.
 */
function mixedNetwork(name: 'rec-100-ff-10' | 'ff-200-rec-20', trials: number, seed: number): StructureBenchNetwork {
  const population = (pop: string, size: number) => ({
    name: pop,
    size,
    neuron: lifNeuron({ tau_m: 20 }),
    gate: { shape: polyBumpGate, width: 0.2 },
    tauS: 5,
    biasInit: { kind: 'uniform', min: 0.5, max: 0.9 } as const,
  })
  const recFirst = name === 'rec-100-ff-10'
  const network = getOrThrow(
    createNetwork({
      inputs: [{ name: 'input', kind: 'spikes', size: 20, tauS: 5 }],
      populations: recFirst ? [population('rec', 100), population('ff', 10)] : [population('ff', 200), population('rec', 20)],
      projections: recFirst
        ? [
            { from: 'input', to: 'rec', init: { kind: 'normal', gain: 30 } },
            { from: 'rec', to: 'rec', init: { kind: 'normal', gain: 3 } },
            { from: 'rec', to: 'ff', init: { kind: 'normal', gain: 10 } },
          ]
        : [
            { from: 'input', to: 'ff', init: { kind: 'normal', gain: 30 } },
            { from: 'ff', to: 'rec', init: { kind: 'normal', gain: 10 } },
            { from: 'rec', to: 'rec', init: { kind: 'normal', gain: 3 } },
          ],
      readout: { size: 2, from: [recFirst ? 'ff' : 'rec'], init: { kind: 'normal', gain: 1 } },
      losses: [mseLoss()],
    }),
  )
  const rng = new Rng(seed)
  const theta = initialWeights(network, rng.fork())
  const samples = Array.from({ length: trials }, () => {
    const r = rng.fork()
    const spikes = Array.from({ length: 20 }, () => {
      const list: number[] = []
      for (let t = -Math.log(1 - r.uniform()) * 50; t < 100; t += -Math.log(1 - r.uniform()) * 50) list.push(t)
      return list
    })
    const trial: Trial = { duration: 100, input: () => undefined, spikes, target: (_t, out) => ((out[0] = 0.1), (out[1] = 0.05), 1) }
    return trial
  })
  const about = recFirst ? '20 Poisson inputs (20 Hz) → 100 recurrent LIF → 10 feedforward LIF, 100 ms' : '20 Poisson inputs (20 Hz) → 200 feedforward LIF → 20 recurrent LIF, 100 ms'
  return { network, theta, trials: samples, about: `${about}, MSE to a constant target (seed ${seed})` }
}

async function xorNetwork(trials: number, seed: number): Promise<StructureBenchNetwork> {
  const spec = specFromRecipe('xor', {}, xorRecipe, [...(xorRecipe.plugins ?? []), '@spikegrad/task-xor'])
  // the benchmark trains nothing: a constant schedule stands for the recipe's cosine over its run
  const model = await createModelFromJson({ ...spec, seed, training: { ...spec.training, schedule: { kind: 'constant', lr: 0.01 } } }, packageDir)
  if (model._tag === 'Left') throw new Error(`the xor benchmark's model could not be made: ${model.left.message}`)
  const { network, theta, task } = model.right
  const rng = new Rng(seed)
  return { network, theta, trials: Array.from({ length: trials }, () => task.trial(rng.fork())), about: `XOR recipe, 80 recurrent QIF neurons at their initial weights (seed ${seed})` }
}

async function eiDaleNetwork(trials: number, _seed: number): Promise<StructureBenchNetwork> {
  const file = join(packageDir, '..', '..', 'examples', 'ei-dale.json')
  if (!existsSync(file)) throw new Error(`the ei-dale benchmark reads ${file}, the example of a clone of the repository; it is not there`)
  const c = await loadNetworkConfig(file)
  if (c._tag === 'Left') throw new Error(`examples/ei-dale.json: ${c.left.message}`)
  return { network: c.right.network, theta: c.right.initialValue.theta, trials: Array.from({ length: trials }, () => c.right.trial), about: 'examples/ei-dale.json (E and I populations coupled both ways, Dale\'s law), its one trial' }
}
