import { simulate, type Simulation } from '../network/simulate.js'
import type { Trial } from '../plugin/task.js'
import { modelSolveOptions, type Model } from '../model/model.js'
import { evaluationTrialSeed } from '../training/trialSeeds.js'
import { firstSpikeClass } from '../training/firstSpikeScores.js'
import { Rng } from '../util/rng.js'
import { FigureDataFailure } from './figureDataFailure.js'
import type { DecisionMap, FigureData, NamedSeries, ParameterDistribution, SampleTrial, TrainingHistory, TrialResponse } from './figureData.js'
import { initialTheta } from '../model/initialTheta.js'
import type { IterationRecord } from '../training/trainingHistory.js'

/** What `modelFigureData` draws: how many sample trials, on what grid, and the decision map's resolution and points. */
export interface ModelFigureOptions {
  /** Number of sample trials: held-out trials 0 … K−1 (default 2). */
  readonly trials?: number
  /** Readout grid spacing, ms (default 1). */
  readonly dt?: number
  /** A decision map's points: this split of the task's data set (default 'test'; false: none), and the cells per axis (default 40). */
  readonly mapPoints?: string | false
  readonly mapResolution?: number
  /** Draw the decision map of a classification task on a plane (default true). */
  readonly decisionMap?: boolean
}

/**
 * The figure data of a model: its training history from the model file, and K sample trials
 * — held-out trials i = 0 … K−1, drawn with seeds `evaluationTrialSeed(seed, i)` like the
 * evaluations — each simulated (forward, the model's solver settings) with the trained
 * weights ("after") and, once the model has trained, with its initial weights ("before"),
 * which are recomputed exactly as `createModel` drew them (`initialTheta`).
 *
 * Per sample: the readout o_r(t) and target o*_r(t) on a grid of `dt` ms (named for a legend:
 * `readout`, `target`, or `readout 0`, `target 0`, … for several channels), every spike, and the
 * scored windows (the runs of grid times where the trial's loss weight is > 0, left out when
 * they cover the whole trial). History: at each iteration count x, the minibatch loss of the
 * step taken from there (the loss at the weights after x steps) and the task's primary score
 * of the evaluation after x steps, NaN where there is none. Parameters: each trained per-neuron
 * parameter's values before and after training (`parameterDistributions`).
 * @throws FigureDataFailure when a sample trial cannot be simulated, naming the trial and its seed.
 */
export function modelFigureData(model: Model, options: ModelFigureOptions = {}): FigureData {
  const count = options.trials ?? 2
  const { network, spec } = model
  const before = model.iteration > 0 ? initialTheta(model) : undefined
  const samples: SampleTrial[] = []
  for (let i = 0; i < count; i++) {
    const seed = evaluationTrialSeed(spec.seed, i)
    const trial = model.task.trial(new Rng(seed))
    const run = (theta: Float64Array, phase: string): Simulation => {
      const sim = simulate(network, theta, trial, { solve: modelSolveOptions(model), ...(options.dt !== undefined && { dt: options.dt }) })
      if (sim._tag === 'Left') {
        throw new FigureDataFailure(`sample trial ${i + 1} (held-out seed ${seed}) could not be simulated with the ${phase} weights: ${sim.left.message}`)
      }
      return sim.right
    }
    const after = run(model.theta, 'trained')
    const times = Array.from(after.readout.times)
    samples.push({
      label: `held-out seed ${seed}`,
      duration: trial.duration,
      neurons: network.layout.neurons,
      ...(network.populations.length > 1 && { populations: network.populations.map((p) => ({ name: p.name, offset: p.neuronOffset, size: p.size })) }),
      ...inputsOf(model, trial, times),
      times,
      ...targetsAndWindows(trial, times, network.readout.size),
      ...spikeTargetsOf(model, trial),
      ...(before !== undefined && { before: response(run(before, 'initial')) }),
      after: response(after),
    })
  }
  const map = options.decisionMap === false ? undefined : decisionMap(model, options)
  const parameters = parameterDistributions(model, before ?? model.theta)
  return {
    title: `${spec.task.name}, ${describePopulations(model)}, ${model.iteration} iterations`,
    history: history(model),
    samples,
    ...(map && { decisionMap: map }),
    ...(parameters.length > 0 && { parameters }),
  }
}

/**
 * Each trained per-neuron parameter's values (a θ block with one entry per neuron: `tau_m:hidden`,
 * `tau_s:hidden`) and each projection's delays (`delay:hidden<-input`, one per synapse, source or
 * target neuron) at `initial` (θ before training) and at the model's θ, with its unit.
 */
export function parameterDistributions(model: Pick<Model, 'network' | 'theta'>, initial: Float64Array): ParameterDistribution[] {
  const { network } = model
  const values = (offset: number, length: number): Pick<ParameterDistribution, 'before' | 'after'> => ({
    before: Array.from(initial.subarray(offset, offset + length)),
    after: Array.from(model.theta.subarray(offset, offset + length)),
  })
  const perNeuron = network.layout.blocks
    .filter((b) => b.perNeuron === true && b.trainable)
    .map((b) => {
      const pop = network.populations.find((p) => b.offset === p.tauSOffset || p.paramOffsets.includes(b.offset))
      const k = pop === undefined ? -1 : pop.paramOffsets.indexOf(b.offset)
      const unit = k >= 0 ? pop!.neuron.parameters[k]!.unit : 'ms'
      return { name: b.name, unit, per: 'neuron' as const, ...values(b.offset, b.length) }
    })
  // every projection's delays, trained or fixed (then before and after agree)
  const delays = network.projections.flatMap((p) => {
    const d = p.delay
    if (d === undefined || d.length === 0) return []
    const name = network.layout.blocks.find((b) => b.offset === d.offset)?.name ?? `delay:${p.name}`
    return [{ name, unit: 'ms', per: d.kind === 'synaptic' ? ('synapse' as const) : d.kind === 'axonal' ? ('source neuron' as const) : ('target neuron' as const), ...values(d.offset, d.length) }]
  })
  return [...perNeuron, ...delays]
}

/**
 * For a classification task on a plane (`task.plane`, `task.classification`): the class the
 * network reports at the centre of each of resolution² cells (those in the task's domain),
 * and the points of the split `mapPoints` (default 'test'; none when the task has no such split).
 * @throws FigureDataFailure when a trial cannot be simulated, naming the point.
 */
export function decisionMap(model: Model, options: Pick<ModelFigureOptions, 'mapPoints' | 'mapResolution'> = {}): DecisionMap | undefined {
  const { plane, classification } = model.task
  if (plane === undefined || classification === undefined) return undefined
  const G = options.mapResolution ?? 40
  const solve = modelSolveOptions(model)
  // a model scored by first spike reports the class of the output neuron that fires first (−1: none fired, left out)
  const firstOf = model.spec.scoreBy === undefined ? undefined : model.network.populations.find((p) => p.name === model.spec.scoreBy!.firstSpike)
  const predict = (trial: Trial, where: string): number => {
    const sim = simulate(model.network, model.theta, trial, { solve })
    if (sim._tag === 'Left') throw new FigureDataFailure(`decision map: ${where} could not be simulated: ${sim.left.message}`)
    return firstOf === undefined ? classification.predict(trial, sim.right.readout) : firstSpikeClass(sim.right.spikes, firstOf.neuronOffset, firstOf.size)
  }
  const cells: { x: number; y: number; predicted: number }[] = []
  for (let i = 0; i < G; i++) {
    for (let j = 0; j < G; j++) {
      const x = plane.x.min + ((j + 0.5) * (plane.x.max - plane.x.min)) / G
      const y = plane.y.min + ((i + 0.5) * (plane.y.max - plane.y.min)) / G
      if (plane.contains !== undefined && !plane.contains(x, y)) continue
      const predicted = predict(plane.trialAt(x, y), `the point (${x}, ${y})`)
      if (predicted >= 0) cells.push({ x, y, predicted })
    }
  }
  const name = options.mapPoints === false ? '' : (options.mapPoints ?? 'test')
  const split = options.mapPoints === false ? undefined : model.task.splits?.[name]
  if (split === undefined && typeof options.mapPoints === 'string') {
    const names = Object.keys(model.task.splits ?? {})
    throw new FigureDataFailure(`decision map: the task "${model.task.kind}" has no split "${name}"${names.length > 0 ? ` (it has ${names.join(', ')})` : ''}`)
  }
  const all = Array.from({ length: split?.size ?? 0 }, (_, k) => {
    const trial = split!.trial(k)
    const [x, y] = plane.pointOf(trial)
    return { x, y, label: classification.label(trial), predicted: predict(trial, `trial ${k} of the split "${name}"`) }
  })
  const points = all.filter((p) => p.predicted >= 0)
  const silent = all.length - points.length
  const pointsFrom = split === undefined ? 'no split' : `the ${name} split${silent > 0 ? ` (${silent} without an output spike left out)` : ''}`
  return { x: plane.x, y: plane.y, classes: classification.classes, resolution: G, cells, points, pointsFrom }
}

// -------------------------------------------------------------------------------------
// internals
// -------------------------------------------------------------------------------------

/**
 * For a model whose loss reads spike times: the population it reads (the first loss that reads
 * reset times, or, on a trial with target spike trains, traces) and what it asks of it — the
 * trial's target spike trains, one per neuron, or the neuron that should fire first (the trial's
 * class, for a classification task).
 */
function spikeTargetsOf(model: Model, trial: Trial): Pick<SampleTrial, 'spikeTargets'> {
  const trains = trial.targetSpikes
  const reads = model.network.losses.map((l) => l.populations?.reads)
  const name = reads.find((r) => (r?.events ?? []).length > 0)?.events?.[0]?.population ?? (trains === undefined ? undefined : reads.find((r) => (r?.traces ?? []).length > 0)?.traces?.[0])
  const pop = model.network.populations.find((p) => p.name === name)
  if (pop === undefined) return {}
  if (trains !== undefined) {
    const spikes = trains.slice(0, pop.size).flatMap((train, j) => Array.from(train, (time) => ({ neuron: pop.neuronOffset + j, time }))).filter((s) => s.time >= 0 && s.time <= trial.duration)
    return { spikeTargets: { population: pop.name, spikes, label: `target spikes (${spikes.length})` } }
  }
  const c = model.task.classification
  if (c === undefined) return {}
  const label = c.label(trial)
  if (!(label >= 0 && label < pop.size)) return {}
  return { spikeTargets: { population: pop.name, first: pop.neuronOffset + label, label: `target: ${c.classes[label] ?? label} (neuron ${label} fires first)` } }
}

/** The trial's analog inputs on the grid and its input spikes, for the panel under the readout. */
function inputsOf(model: Model, trial: Trial, times: readonly number[]): Pick<SampleTrial, 'inputs' | 'inputSpikes'> {
  const channels = model.network.layout.analogChannels
  const out = new Float64Array(Math.max(channels, 1))
  const values: number[][] = Array.from({ length: channels }, () => [])
  for (const t of times) {
    if (channels === 0) break
    trial.input(t, out)
    for (let m = 0; m < channels; m++) values[m]!.push(out[m]!)
  }
  const spikes = (trial.spikes ?? []).flatMap((list, channel) => Array.from(list, (time) => ({ channel, time }))).filter((s) => s.time >= 0 && s.time <= trial.duration)
  return {
    ...(channels > 0 && { inputs: values.map((v, m) => ({ name: channelName('input', m, channels), values: v })) }),
    ...(spikes.length > 0 && { inputSpikes: spikes }),
  }
}

/** `80 qif neurons`, or `hidden: 100 lif, output: 3 lif` for several populations. */
export function describePopulations(model: Pick<Model, 'network'>): string {
  const pops = model.network.populations
  if (pops.length === 1) return `${pops[0]!.size} ${pops[0]!.neuron.kind} neurons`
  return pops.map((p) => `${p.name}: ${p.size} ${p.neuron.kind}`).join(', ')
}

/** A channel's name in a legend, saying what it is: `target` for the one target, `target 1` for the second of several. */
function channelName(what: 'readout' | 'target' | 'input', index: number, count: number): string {
  return count === 1 ? what : `${what} ${index}`
}

function response(sim: Simulation): TrialResponse {
  const K = sim.readout.times.length
  const R = K > 0 ? sim.readout.values.length / K : 0
  const readout: NamedSeries[] = Array.from({ length: R }, (_, r) => ({
    name: channelName('readout', r, R),
    values: Array.from({ length: K }, (_, k) => sim.readout.values[k * R + r]!),
  }))
  const spikes = sim.spikes.flatMap((times, neuron) => Array.from(times, (time) => ({ neuron, time })))
  return { readout, spikes }
}

function targetsAndWindows(trial: Trial, times: readonly number[], outputs: number): Pick<SampleTrial, 'targets' | 'windows'> {
  const out = new Float64Array(outputs)
  const values: number[][] = Array.from({ length: outputs }, () => [])
  const windows: [number, number][] = []
  let open: number | undefined
  times.forEach((t, k) => {
    const weight = trial.target(t, out)
    for (let r = 0; r < outputs; r++) values[r]!.push(out[r]!)
    if (weight > 0 && open === undefined) open = t
    if (weight > 0 && k === times.length - 1) windows.push([open!, t])
    if (!(weight > 0) && open !== undefined) {
      windows.push([open, times[k - 1]!])
      open = undefined
    }
  })
  const whole = windows.length === 1 && windows[0]![0] === times[0] && windows[0]![1] === times[times.length - 1]
  return {
    targets: values.map((v, r) => ({ name: channelName('target', r, outputs), values: v })),
    ...(!whole && windows.length > 0 && { windows }),
  }
}

/**
 * The training time before each of `xs` steps, in minutes: the steps' CPU times summed when every
 * step has one, else their wall times (a run resumed from a file written without CPU times).
 */
function trainingMinutes(records: readonly IterationRecord[], xs: readonly number[]): { clock: 'cpu' | 'wall'; values: number[] } {
  const clock = records.every((r) => r.cpuTime !== undefined) ? 'cpu' : 'wall'
  const sorted = [...records].sort((a, b) => a.iteration - b.iteration)
  const values: number[] = []
  let ms = 0
  let i = 0
  for (const x of xs) {
    while (i < sorted.length && sorted[i]!.iteration < x) {
      ms += clock === 'cpu' ? sorted[i]!.cpuTime! : sorted[i]!.wallTime
      i++
    }
    values.push(ms / 60_000)
  }
  return { clock, values }
}

function history(model: Model): TrainingHistory {
  const { iterations, evaluations } = model.history
  const primary = model.task.primaryScore
  const xs = [...new Set([...iterations.map((r) => r.iteration), ...evaluations.map((e) => e.iteration)])].sort((a, b) => a - b)
  if (xs.length === 0) return { iterations: [model.iteration], loss: [NaN] }
  const loss = new Map(iterations.map((r) => [r.iteration, r.loss]))
  const splits = [...new Set(evaluations.map((e) => e.split))]
  const series = (split: string | undefined): number[] => {
    const score = new Map(evaluations.filter((e) => e.split === split).map((e) => [e.iteration, e.scores[primary] ?? NaN]))
    return xs.map((x) => score.get(x) ?? NaN)
  }
  return {
    iterations: xs,
    loss: xs.map((x) => loss.get(x) ?? NaN),
    ...(iterations.length > 0 && { minutes: trainingMinutes(iterations, xs) }),
    ...(evaluations.length > 0 &&
      (splits.length === 1 && splits[0] === undefined
        ? { score: { name: primary, values: series(undefined) } }
        : { scores: splits.map((split) => ({ name: `${primary} (${split ?? 'held-out trials'})`, values: series(split) })) })),
  }
}
