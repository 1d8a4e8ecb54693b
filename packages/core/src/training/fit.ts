import { isLeft, left, right, type Either } from 'fp-ts/lib/Either.js'
import type { Network } from '../network/network.js'
import type { SolveError } from '../ode/solveError.js'
import type { SolveOptions } from '../ode/solveOptions.js'
import type { Task } from '../plugin/task.js'
import { invalid, issue, type Invalid, type Issue } from '../util/invalid.js'
import { Rng } from '../util/rng.js'
import { evaluateNetwork, type EvaluationError } from './evaluateNetwork.js'
import { inProcessGradients, type GradientSource, type TrialRef } from './gradientSource.js'
import type { OptimizerState } from './optimizer.js'
import { emptyHistory, type EvaluationRecord, type IterationRecord, type TrainingHistory } from './trainingHistory.js'
import { globalNorm, OptimizerRun, type GradientTransformation } from './transforms.js'
import { epochSeed, trainingTrialSeed } from './trialSeeds.js'

// -------------------------------------------------------------------------------------
// model
// -------------------------------------------------------------------------------------

/** Everything a training run is made of, as plain values (no files, no plugins by name). */
export interface FitOptions {
  readonly network: Network
  /** A task: a seeded generator of trials, or a fixed data set (`splits.train`, iterated in epochs). */
  readonly task: Task
  /** The parameters to start from (not modified). */
  readonly theta: Float64Array
  /** The optimiser: a chain of transformations (see `chain`, `adamChain`). */
  readonly optimizer: GradientTransformation
  /** Trials per step (a data set's last batch of an epoch may be smaller). */
  readonly batchSize: number
  /** The run's seed: the trials of step k (or the order of an epoch) derive from it and k alone. */
  readonly seed: number
  /** Train until this many steps in all (a run resumed at step k takes the rest). */
  readonly iterations?: number
  /** With a data set: train until this many epochs in all (instead of `iterations`). */
  readonly epochs?: number
  readonly solve?: SolveOptions
  /** Where the gradients are computed (default: in this thread). */
  readonly gradients?: GradientSource
  /**
   * Score the network every `every` steps (default: never; with `epochs`, 0 means every epoch)
   * on `trials` held-out trials drawn from the seed, or on a split of the data set; `also`
   * scores more splits at the same steps (e.g. the first 1000 trials of 'train', for the
   * training curve; all of a smaller split) without taking part in choosing the best.
   */
  readonly evaluation?: {
    readonly every?: number
    readonly trials?: number
    readonly split?: string
    readonly also?: readonly { readonly split: string; readonly trials?: number }[]
  }
  /** Score by the first spike of this population instead of by the readout (see `Scored.firstSpikeOf`); the primary score is then its accuracy. */
  readonly firstSpikeOf?: string
  /** Keep the parameters of the best evaluation of the primary score (on the validation split, say). */
  readonly keepBest?: boolean
  /** Where a stopped run stands, to resume it: steps taken, the optimiser's memory, the history and the best so far. */
  readonly resume?: { readonly iteration: number; readonly optimizerState?: OptimizerState; readonly history?: TrainingHistory; readonly best?: BestParameters }
  /**
   * A clock of CPU time in ms (the process's, gradient workers included — `process.cpuUsage` in
   * Node): when given, each step's record holds the CPU time it took (`IterationRecord.cpuTime`),
   * so that a run's score can be drawn against the CPU it cost. Absent (a browser): no CPU times.
   */
  readonly cpuClock?: () => number
  /** Stops after the current step. */
  readonly signal?: AbortSignal
  /** After every step (awaited, so a caller may write a checkpoint from `snapshot`). */
  readonly onIteration?: (e: FitProgress) => void | Promise<void>
  /** After every evaluation. */
  readonly onEvaluation?: (e: EvaluationRecord & { readonly best: boolean }) => void | Promise<void>
}

/** What `onIteration` hears. */
export interface FitProgress {
  readonly iteration: number
  readonly iterations: number
  /** The epoch this step belongs to (0-based), for a data set. */
  readonly epoch?: number
  readonly loss: number
  readonly gradientNorm: number
  readonly learningRate: number
  /** The latest evaluation of the primary score, if any. */
  readonly score?: { readonly name: string; readonly value: number }
  readonly iterationsPerSecond: number
  /**
   * Training time so far (every step's, those of the run resumed included; the evaluations not
   * counted), in minutes: of CPU when a `cpuClock` is given and every step recorded its CPU time,
   * else of wall clock — the rule the figures of a history follow.
   */
  readonly trainingMinutes: { readonly clock: 'cpu' | 'wall'; readonly minutes: number }
  /** The state of the run now (copies). */
  snapshot(): FitState
}

/** The parameters at the best evaluation so far. */
export interface BestParameters {
  readonly iteration: number
  readonly score: number
  readonly theta: Float64Array
}

/** Where a run stands. */
export interface FitState {
  readonly theta: Float64Array
  readonly iteration: number
  readonly optimizerState: OptimizerState
  readonly history: TrainingHistory
  readonly best?: BestParameters
}

/**
 * Why a run did not start (`Invalid`: its options, each issue naming the field and the fix) or
 * stopped early (the others; `state` is where it stood after its last completed step).
 */
export type FitError =
  | Invalid
  | { readonly _tag: 'TrialFailed'; readonly iteration: number; readonly index: number; readonly trial: TrialRef; readonly error: SolveError; readonly message: string; readonly state: FitState }
  | { readonly _tag: 'NonFiniteGradient'; readonly iteration: number; readonly message: string; readonly state: FitState }
  | { readonly _tag: 'EvaluationFailed'; readonly iteration: number; readonly error: EvaluationError; readonly message: string; readonly state: FitState }
  | { readonly _tag: 'GradientsFailed'; readonly iteration: number; readonly message: string; readonly state: FitState }

// -------------------------------------------------------------------------------------
// constructors
// -------------------------------------------------------------------------------------

/**
 * Minibatch gradient descent, from plain values. At step k:
 *
 *   trials i = 0 … B−1: drawn with seeds trainingTrialSeed(seed, k, i) — or, for a data set,
 *     the k-th batch of the epoch's order (a shuffle seeded by epochSeed(seed, epoch))
 *   L_k = (1/B) Σ_i L_i,   g = (1/B) Σ_i ∇_θ L_i      (summed in index order: bit-reproducible)
 *   θ ← θ + u(g), u the optimiser chain's update at step k
 *
 * Each ∇_θ L_i is exact (the adjoint method), computed by `gradients` (in this thread, or on
 * workers: the same bits). fit yields to the event loop after every step, stops after the
 * current step when `signal` aborts, and reports through the callbacks; files (model files,
 * checkpoints) are the business of its callers. Because the trials of step k depend only on
 * (seed, k) and the optimiser's memory is part of the state, a run resumed from a saved state
 * ends with the bits of one that was never stopped.
 */
export async function fit(options: FitOptions): Promise<Either<FitError, FitState>> {
  const setup = checkOptions(options)
  if (setup.length > 0) return left(invalid(setup))
  const run = OptimizerRun.start(options.optimizer, options.network.layout.size, options.resume?.optimizerState, 'optimizer')
  if (isLeft(run)) return left(invalid(run.left.issues.map((i) => (i.at.startsWith('optimizerState') ? { ...i, at: `resume.${i.at}` } : i))))
  const source = options.gradients ?? inProcessGradients(options.task, options.network, options.solve ?? {})
  try {
    return await loop(options, run.right, source)
  } finally {
    if (options.gradients === undefined) await source.close()
  }
}

// -------------------------------------------------------------------------------------
// internals
// -------------------------------------------------------------------------------------

function checkOptions(o: FitOptions): Issue[] {
  const train = o.task.splits?.train
  const issues: Issue[] = []
  const bad = (at: string, problem: string, fix?: string): void => void issues.push(issue(at, problem, fix))
  if (!(Number.isSafeInteger(o.batchSize) && o.batchSize >= 1)) bad('batchSize', `must be a positive integer, got ${o.batchSize}`)
  if (o.theta.length !== o.network.layout.size) bad('theta', `has ${o.theta.length} entries, but the network has ${o.network.layout.size} parameters`, 'start from initialWeights(network, rng) or θ of this network')
  if (o.epochs !== undefined && train === undefined) bad('epochs', `needs a data set, and the task "${o.task.kind}" draws its trials from a seed`, 'give iterations instead')
  if (o.epochs !== undefined && o.iterations !== undefined) bad('epochs', 'is given beside iterations', 'give iterations or epochs, not both')
  if (o.epochs === undefined && o.iterations === undefined) bad('iterations', 'is missing', 'give iterations (or epochs, for a data set)')
  for (const [name, count] of [['iterations', o.iterations], ['epochs', o.epochs]] as const) {
    if (count !== undefined && !(Number.isSafeInteger(count) && count >= 0)) bad(name, `must be an integer ≥ 0, got ${count}`)
  }
  const every = o.evaluation?.every ?? 0
  if (!(Number.isSafeInteger(every) && every >= 0)) bad('evaluation.every', `must be an integer ≥ 0, got ${every}`)
  const splits = Object.keys(o.task.splits ?? {})
  const noSplit = (at: string, split: string): void =>
    bad(at, `names the split "${split}", which the task "${o.task.kind}" does not have`, splits.length > 0 ? `use one of ${splits.join(', ')}` : 'leave it out: the task draws its trials from a seed')
  ;(o.evaluation?.also ?? []).forEach((extra, i) => {
    if (o.task.splits?.[extra.split] === undefined) noSplit(`evaluation.also[${i}].split`, extra.split)
  })
  if (o.evaluation?.split !== undefined && o.task.splits?.[o.evaluation.split] === undefined) noSplit('evaluation.split', o.evaluation.split)
  const start = o.resume?.iteration ?? 0
  if (!(Number.isSafeInteger(start) && start >= 0)) bad('resume.iteration', `must be an integer ≥ 0, got ${start}`)
  return issues
}

/** The trials of step k. */
function batchOf(o: FitOptions, k: number, perEpoch: number): TrialRef[] {
  const train = o.task.splits?.train
  if (train === undefined) return Array.from({ length: o.batchSize }, (_, i) => ({ seed: trainingTrialSeed(o.seed, k, i) }))
  const epoch = Math.floor(k / perEpoch)
  const order = epochOrder(o.seed, epoch, train.size)
  const from = (k - epoch * perEpoch) * o.batchSize
  return Array.from(order.subarray(from, Math.min(from + o.batchSize, train.size)), (index) => ({ split: 'train', index }))
}

const orders = new Map<string, Uint32Array>()

/** The order of the training split in `epoch`: a Fisher–Yates shuffle seeded by epochSeed(seed, epoch). */
export function epochOrder(seed: number, epoch: number, size: number): Uint32Array {
  const key = `${seed}:${epoch}:${size}`
  const cached = orders.get(key)
  if (cached !== undefined) return cached
  const rng = new Rng(epochSeed(seed, epoch))
  const order = Uint32Array.from({ length: size }, (_, i) => i)
  for (let i = size - 1; i > 0; i--) {
    const j = rng.int(i + 1)
    const t = order[i]!
    order[i] = order[j]!
    order[j] = t
  }
  if (orders.size > 4) orders.delete(orders.keys().next().value!)
  orders.set(key, order)
  return order
}

/** The message with a full stop at its end, when it has none, so that another sentence can follow it. */
const asSentence = (message: string): string => (/[.!?]$/.test(message.trimEnd()) ? message.trimEnd() : `${message.trimEnd()}.`)

const yieldToEventLoop = (): Promise<void> => new Promise((resolve) => setTimeout(resolve, 0))

async function loop(o: FitOptions, run: OptimizerRun, source: GradientSource): Promise<Either<FitError, FitState>> {
  const train = o.task.splits?.train
  const perEpoch = train === undefined ? 1 : Math.ceil(train.size / o.batchSize)
  const target = o.epochs !== undefined ? o.epochs * perEpoch : o.iterations!
  const evalEvery = o.evaluation?.every === 0 && o.epochs !== undefined ? perEpoch : (o.evaluation?.every ?? 0)
  const theta = Float64Array.from(o.theta)
  const grad = new Float64Array(theta.length)
  const start = o.resume?.history ?? emptyHistory()
  const iterations: IterationRecord[] = [...start.iterations]
  const evaluations: EvaluationRecord[] = [...start.evaluations]
  let best = o.resume?.best
  let k = o.resume?.iteration ?? 0
  const snapshot = (): FitState => ({
    theta: Float64Array.from(theta),
    iteration: k,
    optimizerState: run.state(),
    history: { iterations: [...iterations], evaluations: [...evaluations] },
    ...(best && { best: { ...best, theta: Float64Array.from(best.theta) } }),
  })
  const primary = o.firstSpikeOf !== undefined ? 'accuracy' : o.task.primaryScore
  const better = (a: number, b: number): boolean => (o.firstSpikeOf !== undefined || o.task.higherIsBetter ? a > b : a < b)
  let score: FitProgress['score']
  const lastEval = evaluations.filter((e) => e.split === o.evaluation?.split).at(-1)
  if (lastEval !== undefined) score = { name: primary, value: lastEval.scores[primary] ?? NaN }
  const began = performance.now()
  let done = 0
  let cpuMs = start.iterations.reduce((sum, r) => sum + (r.cpuTime ?? 0), 0)
  let wallMs = start.iterations.reduce((sum, r) => sum + r.wallTime, 0)
  let allCpu = o.cpuClock !== undefined && start.iterations.every((r) => r.cpuTime !== undefined)

  while (k < target && o.signal?.aborted !== true) {
    const t0 = performance.now()
    const c0 = o.cpuClock?.()
    const refs = batchOf(o, k, perEpoch)
    let outcomes
    try {
      outcomes = await source.gradients(theta, refs)
    } catch (e) {
      return left({ _tag: 'GradientsFailed', iteration: k, message: e instanceof Error ? e.message : String(e), state: snapshot() })
    }
    grad.fill(0)
    let loss = 0
    for (let i = 0; i < refs.length; i++) {
      const outcome = outcomes[i]!
      if (isLeft(outcome)) {
        const which = 'seed' in refs[i]! ? `seed ${(refs[i] as { seed: number }).seed}` : `trial ${(refs[i] as { index: number }).index} of the training split`
        return left({
          _tag: 'TrialFailed',
          iteration: k,
          index: i,
          trial: refs[i]!,
          error: outcome.left,
          message: `iteration ${k}: the solve of trial ${i} (${which}) failed: ${asSentence(outcome.left.message)} Training stopped.`,
          state: snapshot(),
        })
      }
      loss += outcome.right.loss
      const g = outcome.right.gradient
      for (let p = 0; p < grad.length; p++) grad[p] += g[p]!
    }
    loss /= refs.length
    for (let p = 0; p < grad.length; p++) grad[p] /= refs.length
    const norm = globalNorm(grad)
    if (!Number.isFinite(norm) || !Number.isFinite(loss)) {
      return left({
        _tag: 'NonFiniteGradient',
        iteration: k,
        message: `iteration ${k}: the ${Number.isFinite(loss) ? 'gradient' : 'loss'} is not finite (‖g‖ = ${norm}, L = ${loss}); lower the learning rate or clip the gradient`,
        state: snapshot(),
      })
    }
    const lr = run.learningRate()
    run.apply(theta, grad)
    const cpu = c0 === undefined ? NaN : o.cpuClock!() - c0
    const wall = performance.now() - t0
    wallMs += wall
    if (Number.isFinite(cpu)) cpuMs += Math.max(0, cpu)
    else allCpu = false
    iterations.push({
      iteration: k,
      loss,
      gradientNorm: norm,
      learningRate: Number.isFinite(lr) ? lr : 0,
      wallTime: wall,
      ...(Number.isFinite(cpu) && { cpuTime: Math.max(0, cpu) }),
    })
    k += 1
    done += 1
    if (evalEvery > 0 && (k % evalEvery === 0 || k === target)) {
      const ev = evaluateNetwork(
        { network: o.network, theta, task: o.task, seed: o.seed, ...(o.solve && { solve: o.solve }), ...(o.firstSpikeOf !== undefined && { firstSpikeOf: o.firstSpikeOf }) },
        { ...(o.evaluation?.trials !== undefined && { trials: o.evaluation.trials }), ...(o.evaluation?.split !== undefined && { split: o.evaluation.split }) },
      )
      if (isLeft(ev)) return left({ _tag: 'EvaluationFailed', iteration: k, error: ev.left, message: `after iteration ${k}: evaluation failed: ${ev.left.message}`, state: snapshot() })
      // a non-finite score would make the model file unreadable: leave it out
      const scores = Object.fromEntries(Object.entries(ev.right.scores).filter(([, v]) => Number.isFinite(v)))
      const record: EvaluationRecord = { iteration: k, scores, loss: ev.right.loss, firingRate: ev.right.firingRate, ...(o.evaluation?.split !== undefined && { split: o.evaluation.split }) }
      evaluations.push(record)
      score = { name: primary, value: ev.right.primary.value }
      const isBest = o.keepBest === true && Number.isFinite(score.value) && (best === undefined || better(score.value, best.score))
      if (isBest) best = { iteration: k, score: score.value, theta: Float64Array.from(theta) }
      await o.onEvaluation?.({ ...record, best: isBest })
      for (const extra of o.evaluation?.also ?? []) {
        const more = evaluateNetwork(
          { network: o.network, theta, task: o.task, seed: o.seed, ...(o.solve && { solve: o.solve }), ...(o.firstSpikeOf !== undefined && { firstSpikeOf: o.firstSpikeOf }) },
          { split: extra.split, ...(extra.trials !== undefined && { trials: Math.min(extra.trials, o.task.splits![extra.split]!.size) }) },
        )
        if (isLeft(more)) return left({ _tag: 'EvaluationFailed', iteration: k, error: more.left, message: `after iteration ${k}: evaluation on the split "${extra.split}" failed: ${more.left.message}`, state: snapshot() })
        const extraRecord: EvaluationRecord = {
          iteration: k,
          scores: Object.fromEntries(Object.entries(more.right.scores).filter(([, v]) => Number.isFinite(v))),
          loss: more.right.loss,
          firingRate: more.right.firingRate,
          split: extra.split,
        }
        evaluations.push(extraRecord)
        await o.onEvaluation?.({ ...extraRecord, best: false })
      }
    }
    await o.onIteration?.({
      iteration: k,
      iterations: target,
      ...(train !== undefined && { epoch: Math.floor((k - 1) / perEpoch) }),
      loss,
      gradientNorm: norm,
      learningRate: Number.isFinite(lr) ? lr : 0,
      ...(score && { score }),
      iterationsPerSecond: (done * 1000) / (performance.now() - began),
      trainingMinutes: allCpu ? { clock: 'cpu', minutes: cpuMs / 60_000 } : { clock: 'wall', minutes: wallMs / 60_000 },
      snapshot,
    })
    await yieldToEventLoop()
  }
  return right(snapshot())
}
