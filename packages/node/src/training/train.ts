import { isLeft, left, right, type Either } from 'fp-ts/lib/Either.js'
import { fit, invalid, issue, modelSolveOptions, modelToFile, optimizerFromSettings, type EvaluationError, type FitProgress, type FitState, type GradientSource, type Invalid, type Issue, type Model, type SolveError } from '@spikegrad/core'
import type { IoError } from '../io/ioError.js'
import { lockModelFile } from '../io/modelFileLock.js'
import { writeModelFile } from '../io/modelFiles.js'
import { gradientPool } from './gradientPool.js'

// -------------------------------------------------------------------------------------
// model
// -------------------------------------------------------------------------------------

/**
 * How to run the model's training. Its length, evaluations, best-keeping and checkpoint
 * spacing come from the model's specification (`spec.run`), so that a run resumed from its file
 * goes on as it was started; the fields here override them (tests and scripts).
 */
export interface TrainOptions {
  /**
   * The step count to train up to (default `spec.run.iterations`): a model that has taken k
   * steps takes `iterations − k` more (none if k ≥ iterations), so rerunning the same call on a
   * checkpoint finishes the same run.
   */
  readonly iterations?: number
  /** For a data set: the epoch count to train up to instead (default `spec.run.epochs`). */
  readonly epochs?: number
  /** Worker threads for the trial gradients (0 or 1: in-process; default 0). */
  readonly workers?: number
  /**
   * Where the trial gradients are computed instead of `workers` threads, e.g. jobs on a queue
   * (`queueGradients` in `@spikegrad/queue`); train does not close it.
   */
  readonly gradients?: GradientSource
  /** Where workers resolve plugin packages from (default: the working directory). */
  readonly baseDir?: string
  /**
   * Record each step's CPU time (`IterationRecord.cpuTime`: the process's, its gradient worker
   * threads included). Default: when the gradients are computed in this process (`workers`);
   * never with `gradients` from elsewhere (a queue's workers run in other processes) — nor
   * should a caller that shares its process with other runs ask for it.
   */
  readonly cpuTime?: boolean
  /** Score every this many steps (default `spec.run.evaluateEvery`, else 0: never; with epochs, 0 means every epoch). */
  readonly evaluateEvery?: number
  /** Held-out trials per evaluation (default `spec.run.evaluateTrials`, else 16). */
  readonly evaluateTrials?: number
  /** Score a split of the task's data set instead (default `spec.run.evaluateSplit`). */
  readonly evaluateSplit?: string
  /**
   * Write the model file every `every` steps (default `spec.run.checkpointEvery`, else 5) and when training stops normally.
   * The run holds the file's lock (`<path>.lock`, see `lockModelFile`) meanwhile: another process training onto it is refused.
   */
  readonly checkpoint?: { readonly path: string; readonly every?: number }
  /** Called after every iteration, with what `fit` reports (`snapshot()` is the state of the run then). */
  readonly progress?: (event: FitProgress) => void
  /** Stops training after the current iteration (the model so far is returned and saved). */
  readonly signal?: AbortSignal
}

/**
 * Why training did not start (`Invalid`: the options or the model's settings, each issue naming
 * the field and the fix; nothing was written) or stopped early (the others: each carries
 * `model`, the state after the last completed step — the last checkpoint written, if any, is
 * left as it was — and a message that says what failed, where, and what to try).
 */
export type TrainError =
  | Invalid
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
  /** The gradient source failed (a worker that cannot build the model, a queue whose Redis was lost). */
  | { readonly _tag: 'GradientsFailed'; readonly iteration: number; readonly message: string; readonly model: Model }

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
 * through a model file gives the same bits as 6 in one go. It is `fit` on the model's network,
 * task, settings and saved state, with one more thing done after every step: a checkpoint of
 * the model file every `checkpoint.every` steps (under the file's lock); `progress` hears what
 * `fit`'s `onIteration` hears. Returns the trained model, or a `TrainError`: `Invalid` when
 * the run cannot start (nothing written), or the step where a trial's solve failed, the
 * gradient was not finite, an evaluation failed or a checkpoint could not be written.
 * @example
 *   const trained = await train(model, { iterations: 500, workers: 2, evaluateEvery: 25,
 *     checkpoint: { path: 'model.json', every: 10 }, progress: (e) => console.log(e.iteration, e.loss) })
 *   if (isLeft(trained)) console.error(trained.left.message)
 */
export async function train(model: Model, options: TrainOptions = {}): Promise<Either<TrainError, Model>> {
  const bad = (issues: readonly Issue[]) => left<TrainError, Model>(invalid(issues))
  const optimizer = optimizerFromSettings(model.spec.training, model.network, 'model.training')
  if (isLeft(optimizer)) return left(optimizer.left)
  const run = model.spec.run ?? {}
  const epochs = options.epochs ?? (options.iterations === undefined ? run.epochs : undefined)
  const iterations = epochs === undefined ? (options.iterations ?? run.iterations) : undefined
  if (epochs === undefined && iterations === undefined) return bad([issue('iterations', 'is missing', 'give iterations (or epochs, for a data set) in the options or in the model\'s spec.run')])
  if (iterations !== undefined && !(Number.isSafeInteger(iterations) && iterations >= 0)) return bad([issue('iterations', `must be an integer ≥ 0, got ${iterations}`)])
  const evaluateEvery = options.evaluateEvery ?? run.evaluateEvery ?? 0
  if (!(Number.isSafeInteger(evaluateEvery) && evaluateEvery >= 0)) return bad([issue('evaluateEvery', `must be an integer ≥ 0, got ${evaluateEvery}`)])
  const evaluateTrials = options.evaluateTrials ?? run.evaluateTrials
  const evaluateSplit = options.evaluateSplit ?? run.evaluateSplit
  const evaluating = evaluateEvery > 0 || (epochs !== undefined && evaluateSplit !== undefined)
  const every = options.checkpoint?.every ?? run.checkpointEvery ?? 5
  if (options.checkpoint !== undefined && !(Number.isSafeInteger(every) && every >= 1)) {
    return bad([issue('checkpoint.every', `must be a positive integer, got ${every}`)])
  }
  const lock = options.checkpoint === undefined ? undefined : lockModelFile(options.checkpoint.path)
  if (lock !== undefined && isLeft(lock)) return bad([issue('checkpoint.path', lock.left.message)])
  let pool: GradientSource
  try {
    pool = options.gradients ?? gradientPool(model, { workers: options.workers ?? 0, ...(options.baseDir !== undefined && { baseDir: options.baseDir }) })
  } catch (e) {
    lock?.right.release()
    return bad([issue('workers', e instanceof Error ? e.message : String(e))])
  }
  const asModel = (state: FitState): Model => ({
    ...model,
    theta: state.theta,
    iteration: state.iteration,
    ...(state.iteration > 0 || model.optimizerState !== undefined ? { optimizerState: state.optimizerState } : {}),
    history: state.history,
    ...(state.best && { best: state.best }),
  })
  let checkpointError: TrainError | undefined
  let savedAt = -1
  const save = (state: FitState): TrainError | undefined => {
    if (options.checkpoint === undefined) return undefined
    const snapshot = asModel(state)
    const written = writeModelFile(options.checkpoint.path, modelToFile(snapshot))
    if (isLeft(written)) return { _tag: 'CheckpointFailed', iteration: state.iteration, error: written.left, message: written.left.message, model: snapshot }
    savedAt = state.iteration
    return undefined
  }
  const stopper = new AbortController()
  options.signal?.addEventListener('abort', () => stopper.abort(), { once: true })
  if (options.signal?.aborted === true) stopper.abort()
  try {
    const result = await fit({
      network: model.network,
      task: model.task,
      theta: model.theta,
      optimizer: optimizer.right,
      batchSize: model.spec.training.batchSize,
      seed: model.spec.seed,
      ...(epochs !== undefined ? { epochs } : { iterations: iterations! }),
      solve: modelSolveOptions(model),
      gradients: pool,
      ...(evaluating && {
        evaluation: {
          every: evaluateEvery,
          ...(evaluateTrials !== undefined && { trials: evaluateTrials }),
          ...(evaluateSplit !== undefined && { split: evaluateSplit }),
          ...(run.evaluateAlso !== undefined && { also: run.evaluateAlso }),
        },
      }),
      ...(run.keepBest === true && { keepBest: true }),
      ...(model.spec.scoreBy !== undefined && { firstSpikeOf: model.spec.scoreBy.firstSpike }),
      resume: {
        iteration: model.iteration,
        ...(model.optimizerState && { optimizerState: model.optimizerState }),
        history: model.history,
        ...(model.best && { best: model.best }),
      },
      ...((options.cpuTime ?? options.gradients === undefined) && { cpuClock: processCpuMs }),
      signal: stopper.signal,
      onIteration(e) {
        options.progress?.(e)
        if (every > 0 && e.iteration % every === 0) {
          checkpointError = save(e.snapshot())
          if (checkpointError !== undefined) stopper.abort()
        }
      },
    })
    if (checkpointError !== undefined) return left(checkpointError)
    if (isLeft(result)) {
      const e = result.left
      if (e._tag === 'Invalid') return left(e)
      const at = asModel(e.state)
      switch (e._tag) {
        case 'TrialFailed':
          return left({
            _tag: 'TrialFailed',
            iteration: e.iteration,
            index: e.index,
            seed: 'seed' in e.trial ? e.trial.seed : e.trial.index,
            error: e.error,
            message: `${e.message.replace(/ Training stopped\.$/, '')} Training stopped; the last checkpoint is unchanged.`,
            model: at,
          })
        case 'NonFiniteGradient':
          return left({ _tag: 'NonFiniteGradient', iteration: e.iteration, message: e.message.replace('or clip the gradient', 'or set training.clipNorm'), model: at })
        case 'EvaluationFailed':
          return left({ _tag: 'EvaluationFailed', iteration: e.iteration, error: e.error, message: e.message, model: at })
        case 'GradientsFailed':
          return left({ _tag: 'GradientsFailed', iteration: e.iteration, message: `iteration ${e.iteration}: ${e.message}. Training stopped; the last checkpoint is unchanged.`, model: at })
      }
    }
    const state = result.right
    if (savedAt !== state.iteration && state.iteration > model.iteration) {
      const failed = save(state)
      if (failed !== undefined) return left(failed)
    }
    return right(asModel(state))
  } finally {
    if (options.gradients === undefined) await pool.close()
    lock?.right.release()
  }
}

/** The process's CPU time in ms (user and system, every thread: the gradient workers' too). */
function processCpuMs(): number {
  const usage = process.cpuUsage()
  return (usage.user + usage.system) / 1000
}
