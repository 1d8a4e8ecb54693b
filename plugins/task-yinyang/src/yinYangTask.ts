import type { Readout, Task, TaskFactory, TaskSplit, Trial } from '@spikegrad/core'
import { crossEntropyLoss } from '@spikegrad/losses'
import { yinYangDataset, type YinYangSample } from './yinYangData.js'
import { yinYangClassNames, yinYangLabel } from './yinYangLabel.js'
import { yinYangRecipe } from './yinYangRecipe.js'
import { resolveYinYangTaskParameters, type YinYangTaskParameters } from './yinYangTaskParameters.js'

/**
 * The Yin-Yang classification task (Kriener, Göltz & Petrovici 2021) on spiking inputs, encoded
 * as EventProp did: five spike-input channels, one spike each — x, y, 1 − x, 1 − y at
 * t = feature · encoding ms, and a bias at t = 0. The target is the class one-hot over three
 * readouts, scored over the response window [windowStart, duration]; the loss is the softmax
 * cross-entropy of the readout (divided by `temperature`) averaged over that window (weight
 * 1/|window| inside); the score
 * is the accuracy of the argmax of the mean readout over the window. A fixed data set: splits
 * `train`, `validation` and `test` (the published ones by default), each generated once.
 * @throws RangeError naming every bad parameter.
 */
/** The published radii of the dots and of the disc (the task's splits use them). */
const rSmall = 0.1
const rBig = 0.5

export const yinYangTask: TaskFactory = (params) => {
  const p = resolveYinYangTaskParameters(params)
  const split = (name: 'train' | 'validation' | 'test'): TaskSplit => {
    let samples: YinYangSample[] | undefined
    const get = (): YinYangSample[] => (samples ??= yinYangDataset(p.splits[name]))
    return { size: p.splits[name].size, trial: (i) => yinYangTrial(get()[i]!, p) }
  }
  const splits = { train: split('train'), validation: split('validation'), test: split('test') }
  const task: Task = {
    kind: 'yinyang',
    inputSize: 5,
    inputKind: 'spikes',
    outputSize: 3,
    trial: (rng) => splits.train.trial(rng.int(splits.train.size)),
    splits,
    fresh(seed, size) {
      const samples = yinYangDataset({ size, seed })
      return { size, trial: (i) => yinYangTrial(samples[i]!, p) }
    },
    losses: [crossEntropyLoss({ temperature: p.temperature })],
    recipe: yinYangRecipe,
    score: (trials, readouts) => ({ accuracy: yinYangAccuracy(trials, readouts) }),
    classification: { classes: yinYangClassNames, label: (trial) => trial.meta?.label as number, predict: yinYangPrediction },
    plane: {
      x: { name: 'x', min: 0, max: 1 },
      y: { name: 'y', min: 0, max: 1 },
      trialAt: (x, y) => yinYangTrial({ x, y, label: yinYangLabel(x, y, rSmall, rBig) }, p),
      contains: (x, y) => Math.hypot(x - rBig, y - rBig) <= rBig,
      pointOf: (trial) => [trial.meta?.x as number, trial.meta?.y as number],
    },
    primaryScore: 'accuracy',
    higherIsBetter: true,
  }
  return task
}

/** The trial of one sample (see `yinYangTask`); `meta` holds x, y and the label. */
export function yinYangTrial(sample: YinYangSample, p: YinYangTaskParameters): Trial {
  const { x, y, label } = sample
  const weight = 1 / (p.duration - p.windowStart)
  const spikes = [x, y, 1 - x, 1 - y].map((f) => Float64Array.of(f * p.encoding))
  spikes.push(Float64Array.of(0))
  return {
    duration: p.duration,
    input: () => undefined,
    spikes,
    target(t, out) {
      out[0] = 0
      out[1] = 0
      out[2] = 0
      out[label] = 1
      return t >= p.windowStart ? weight : 0
    },
    ...(p.windowStart > 0 && { breakpoints: [p.windowStart] }),
    meta: { x, y, label, window: [p.windowStart, p.duration] },
  }
}

/** The class a readout reports: the argmax of its mean over the trial's response window. */
export function yinYangPrediction(trial: Trial, readout: Readout): number {
  const window = trial.meta?.window as readonly number[] | undefined
  if (window === undefined) throw new Error('yinyang score: a trial without meta.window; score only trials of the yinyang task')
  const { times, values } = readout
  const R = times.length > 0 ? values.length / times.length : 0
  if (R !== 3) throw new Error(`yinyang score: the readout has ${R} channels; the task has 3 classes`)
  const mean = [0, 0, 0]
  let count = 0
  for (let k = 0; k < times.length; k++) {
    if (times[k]! < window[0]! || times[k]! > window[1]!) continue
    for (let r = 0; r < 3; r++) mean[r] += values[k * 3 + r]!
    count++
  }
  if (count === 0) throw new Error(`yinyang score: no readout sample in the window [${window[0]}, ${window[1]}] ms; sample the readout more finely`)
  return mean.indexOf(Math.max(...mean))
}

/** The fraction of trials whose predicted class (`yinYangPrediction`) is their label. */
export function yinYangAccuracy(trials: readonly Trial[], readouts: readonly Readout[]): number {
  if (trials.length !== readouts.length || trials.length === 0) throw new Error(`yinyang score: got ${trials.length} trials and ${readouts.length} readouts; give one readout per trial`)
  let correct = 0
  trials.forEach((trial, i) => {
    if (yinYangPrediction(trial, readouts[i]!) === trial.meta?.label) correct++
  })
  return correct / trials.length
}
