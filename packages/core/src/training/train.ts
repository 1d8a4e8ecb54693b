import { isLeft, left, right, type Either } from 'fp-ts/lib/Either.js'
import type { IoError } from '../io/ioError.js'
import { writeModelFile } from '../model/modelFile.js'
import { hasConstraints, projectConstraints } from '../network/networkConstraints.js'
import type { SolveError } from '../ode/solveError.js'
import { clipGradientNorm } from './clipGradientNorm.js'
import { evaluate, type EvaluationError } from './evaluate.js'
import { gradientPool, type GradientPool } from './gradientPool.js'
import { modelToFile, type Model } from './model.js'
import type { EvaluationRecord, IterationRecord } from './trainingHistory.js'
import { trainingMachinery, type TrainingMachinery } from './trainingSettings.js'
import { trainingTrialSeed } from './trialSeeds.js'

// -------------------------------------------------------------------------------------
// model
// -------------------------------------------------------------------------------------

export interface TrainOptions {
  /**
   * The iteration count to train up to: a model that has taken k steps takes
   * `iterations − k` more (none if k ≥ iterations). Rerunning the same call on a checkpoint
   * thus finishes the same run.
   */
  readonly iterations: number
  /** Worker threads for the trial gradients (0 or 1: in-process; default 0). */
  readonly workers?: number
  /** Where workers resolve plugin packages from (default: the working directory). */
  readonly baseDir?: string
  /** Score on held-out trials every this many iterations (default 0: never). */
  readonly evaluateEvery?: number
  /** Held-out trials per evaluation (default 16). */
  readonly evaluateTrials?: number
  /** Write the model file every `every` iterations and when training stops normally. */
  readonly checkpoint?: { readonly path: string; readonly every: number }
  /** Called after every iteration. */
  readonly progress?: (event: TrainProgress) => void
  /** Stops training after the current iteration (the model so far is returned and saved). */
  readonly signal?: AbortSignal
}

/** What `progress` hears after each iteration. */
export interface TrainProgress {
  /** Steps taken so far (the model's iteration count). */
  readonly iteration: number
  /** The target count (`TrainOptions.iterations`). */
  readonly iterations: number
  /** Minibatch loss of this step. */
  readonly loss: number
  readonly gradientNorm: number
  readonly learningRate: number
  /** The latest evaluation of the primary score, if any. */
  readonly score?: { readonly name: string; readonly value: number }
  /** Steps per second over this call so far. */
  readonly iterationsPerSecond: number
}

/**
 * Why training stopped early. Each carries `model`, the state after the last completed step
 * (the last checkpoint written, if any, is left as it was), and a message that says what
 * failed, where, and what to try.
 */
export type TrainError =
  | {
      readonly _tag: 'TrialFailed'
      readonly iteration: number
      /** Index of the trial in its minibatch, and the seed that draws it (`task.trial(new Rng(seed))`). */
      readonly index: number
      readonly seed: number
      readonly error: SolveError
      readonly message: string
      readonly model: Model
    }
  | { readonly _tag: 'NonFiniteGradient'; readonly iteration: number; readonly message: string; readonly model: Model }
  | { readonly _tag: 'EvaluationFailed'; readonly iteration: number; readonly error: EvaluationError; readonly message: string; readonly model: Model }
  | { readonly _tag: 'CheckpointFailed'; readonly iteration: number; readonly error: IoError; readonly message: string; readonly model: Model }
  | { readonly _tag: 'InvalidSetup'; readonly message: string; readonly model: Model }

// -------------------------------------------------------------------------------------
// constructors
// -------------------------------------------------------------------------------------

/**
 * Minibatch gradient descent on the model's task. At iteration k:
 *
 *   trials i = 0 … B−1 drawn with seeds trainingTrialSeed(seed, k, i)
 *   L_k = (1/B) Σ_i L_i,   g = (1/B) Σ_i ∇_θ L_i      (summed in index order: bit-reproducible)
 *   g ← g · min(1, clipNorm / ‖g‖₂),   θ ← optimiser step with lr = schedule(k),
 *   θ ← the projection onto the network's constraints (Dale's law; `projectConstraints`)
 *
 * Each ∇_θ L_i is exact (the adjoint method, `trialGradient`), computed in-process or on
 * `workers` threads with the same result. Because the trials of step k depend only on
 * (seed, k) and the optimiser's memory is saved in the model, training 3 + 3 iterations
 * through a model file gives the same bits as 6 in one go. Returns the trained model, or a
 * `TrainError` when a trial's solve fails, the gradient is not finite, an evaluation fails or
 * a checkpoint cannot be written.
 * @example
 *   const trained = await train(model, { iterations: 500, workers: 2, evaluateEvery: 25,
 *     checkpoint: { path: 'model.json', every: 10 }, progress: (e) => console.log(e.iteration, e.loss) })
 *   if (isLeft(trained)) console.error(trained.left.message)
 */
export async function train(model: Model, options: TrainOptions): Promise<Either<TrainError, Model>> {
  const setup = trainingMachinery(model.spec.training, model.network.layout.size, model.optimizerState)
  const bad = (message: string) => left<TrainError, Model>({ _tag: 'InvalidSetup', message, model })
  if (isLeft(setup)) return bad(setup.left.join('\n'))
  if (!(Number.isSafeInteger(options.iterations) && options.iterations >= 0)) {
    return bad(`train: iterations must be an integer ≥ 0, got ${options.iterations}`)
  }
  const evaluateEvery = options.evaluateEvery ?? 0
  if (!(Number.isSafeInteger(evaluateEvery) && evaluateEvery >= 0)) return bad(`train: evaluateEvery must be an integer ≥ 0, got ${evaluateEvery}`)
  const every = options.checkpoint?.every ?? 0
  if (options.checkpoint !== undefined && !(Number.isSafeInteger(every) && every >= 1)) {
    return bad(`train: checkpoint.every must be a positive integer, got ${every}`)
  }
  let pool: GradientPool
  try {
    pool = gradientPool(model, { workers: options.workers ?? 0, ...(options.baseDir !== undefined && { baseDir: options.baseDir }) })
  } catch (e) {
    return bad(e instanceof Error ? e.message : String(e))
  }
  try {
    return await run(model, options, setup.right, pool, evaluateEvery, every)
  } finally {
    await pool.close()
  }
}

// -------------------------------------------------------------------------------------
// internals
// -------------------------------------------------------------------------------------

async function run(
  start: Model,
  options: TrainOptions,
  { optimizer, schedule }: TrainingMachinery,
  pool: GradientPool,
  evaluateEvery: number,
  checkpointEvery: number,
): Promise<Either<TrainError, Model>> {
  const { batchSize, clipNorm } = start.spec.training
  const seed = start.spec.seed
  const theta = Float64Array.from(start.theta)
  const grad = new Float64Array(theta.length)
  const constrained = hasConstraints(start.network)
  const iterations: IterationRecord[] = [...start.history.iterations]
  const evaluations: EvaluationRecord[] = [...start.history.evaluations]
  let k = start.iteration
  let stepped = false
  const snapshot = (): Model => ({
    ...start,
    theta: Float64Array.from(theta),
    iteration: k,
    ...(stepped ? { optimizerState: optimizer.state() } : {}),
    history: { iterations: [...iterations], evaluations: [...evaluations] },
  })
  const save = (): TrainError | undefined => {
    if (options.checkpoint === undefined) return undefined
    const model = snapshot()
    const written = writeModelFile(options.checkpoint.path, modelToFile(model))
    if (isLeft(written)) return { _tag: 'CheckpointFailed', iteration: k, error: written.left, message: written.left.message, model }
    return undefined
  }
  const began = performance.now()
  let done = 0
  let savedAt = -1
  let score: TrainProgress['score']
  const last = evaluations[evaluations.length - 1]
  if (last !== undefined) score = { name: start.task.primaryScore, value: last.scores[start.task.primaryScore] ?? NaN }

  while (k < options.iterations && options.signal?.aborted !== true) {
    const t0 = performance.now()
    const seeds = Array.from({ length: batchSize }, (_, i) => trainingTrialSeed(seed, k, i))
    let outcomes
    try {
      outcomes = await pool.gradients(theta, seeds)
    } catch (e) {
      return left({ _tag: 'InvalidSetup', message: e instanceof Error ? e.message : String(e), model: snapshot() })
    }
    grad.fill(0)
    let loss = 0
    for (let i = 0; i < batchSize; i++) {
      const outcome = outcomes[i]
      if (isLeft(outcome)) {
        return left({
          _tag: 'TrialFailed',
          iteration: k,
          index: i,
          seed: seeds[i],
          error: outcome.left,
          message:
            `iteration ${k}: the solve of trial ${i} (seed ${seeds[i]}) failed: ${outcome.left.message} ` +
            'Training stopped; the last checkpoint is unchanged.',
          model: snapshot(),
        })
      }
      loss += outcome.right.loss
      const g = outcome.right.gradient
      for (let p = 0; p < grad.length; p++) grad[p] += g[p]
    }
    loss /= batchSize
    for (let p = 0; p < grad.length; p++) grad[p] /= batchSize
    const norm = clipGradientNorm(grad, clipNorm ?? Infinity)
    if (!Number.isFinite(norm) || !Number.isFinite(loss)) {
      return left({
        _tag: 'NonFiniteGradient',
        iteration: k,
        message: `iteration ${k}: the ${Number.isFinite(loss) ? 'gradient' : 'loss'} is not finite (‖g‖ = ${norm}, L = ${loss}); lower the learning rate or set training.clipNorm`,
        model: snapshot(),
      })
    }
    const lr = schedule(k)
    optimizer.step(theta, grad, lr)
    if (constrained) projectConstraints(start.network, theta)
    stepped = true
    iterations.push({ iteration: k, loss, gradientNorm: norm, learningRate: lr, wallTime: performance.now() - t0 })
    k += 1
    done += 1
    if (evaluateEvery > 0 && k % evaluateEvery === 0) {
      const model = snapshot()
      const ev = evaluate(model, { ...(options.evaluateTrials !== undefined && { trials: options.evaluateTrials }) })
      if (isLeft(ev)) {
        return left({ _tag: 'EvaluationFailed', iteration: k, error: ev.left, message: `after iteration ${k}: evaluation failed: ${ev.left.message}`, model })
      }
      // a non-finite score (e.g. NaN from a degenerate trial set) would make the model file unreadable: leave it out
      const scores = Object.fromEntries(Object.entries(ev.right.scores).filter(([, v]) => Number.isFinite(v)))
      evaluations.push({ iteration: k, scores, loss: ev.right.loss, firingRate: ev.right.firingRate })
      score = { name: ev.right.primary.name, value: ev.right.primary.value }
    }
    options.progress?.({
      iteration: k,
      iterations: options.iterations,
      loss,
      gradientNorm: norm,
      learningRate: lr,
      ...(score && { score }),
      iterationsPerSecond: (done * 1000) / (performance.now() - began),
    })
    if (checkpointEvery > 0 && k % checkpointEvery === 0) {
      const failed = save()
      if (failed !== undefined) return left(failed)
      savedAt = k
    }
  }
  if (savedAt !== k && done > 0) {
    const failed = save()
    if (failed !== undefined) return left(failed)
  }
  return right(snapshot())
}
