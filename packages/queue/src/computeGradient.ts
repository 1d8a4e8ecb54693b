import { createHash } from 'node:crypto'
import { hostname } from 'node:os'
import { isLeft, left, right, type Either } from 'fp-ts/lib/Either.js'
import { Container } from 'inversify'
import { composeModel, formatIssue, type ModelSpec, type Network, type Task } from '@spikegrad/core'
import { trialRefGradient } from '@spikegrad/core/internal'
import { loadPluginPackages } from '@spikegrad/node'
import { encodeFloat64 } from './float64Base64.js'
import { decodeGradientJob, type GradientReply } from './gradientJob.js'

// -------------------------------------------------------------------------------------
// model
// -------------------------------------------------------------------------------------

/** A model a worker built from a job's specification. */
interface Built {
  readonly network: Network
  readonly task: Task
}

/**
 * The models a worker thread has built, by the hash of their specification: a run sends the
 * same specification with every job, so each thread composes it once. At most `capacity`
 * are kept (a worker may serve several runs in turn).
 */
export class ModelCache {
  private readonly built = new Map<string, Promise<Either<readonly string[], Built>>>()
  constructor(
    /** Where plugin packages are resolved from (`loadPluginPackages`'s baseDir). */
    readonly baseDir: string,
    readonly capacity = 4,
  ) {}

  get(spec: ModelSpec): Promise<Either<readonly string[], Built>> {
    const key = createHash('sha256').update(JSON.stringify(spec)).digest('hex')
    let model = this.built.get(key)
    if (model === undefined) {
      model = build(spec, this.baseDir)
      if (this.built.size >= this.capacity) this.built.delete(this.built.keys().next().value!)
      this.built.set(key, model)
    }
    return model
  }
}

// -------------------------------------------------------------------------------------
// constructors
// -------------------------------------------------------------------------------------

/** This process, as replies name it: `host:pid`. */
export const workerName = (): string => `${hostname()}:${process.pid}`

/**
 * Answers one gradient job: checks its data (`decodeGradientJob`), builds the model from the
 * specification — plugin packages by name, from `cache.baseDir`, once per specification —
 * checks θ against the network's parameter count, and returns the trial's loss and exact
 * gradient (`trialRefGradient`, the code the worker threads of `gradientPool` run, so the
 * bits are theirs). Every failure is a reply, never an exception.
 */
export async function computeGradient(data: unknown, cache: ModelCache): Promise<GradientReply> {
  const worker = workerName()
  const job = decodeGradientJob(data)
  if (isLeft(job)) return { _tag: 'BadJob', message: job.left, worker }
  const model = await cache.get(job.right.spec)
  if (isLeft(model)) return { _tag: 'ComposeFailed', errors: model.left, worker }
  const { network, task } = model.right
  const { theta, trial } = job.right
  if (theta.length !== network.layout.size) {
    return { _tag: 'BadJob', message: `job.theta has ${theta.length} entries; the network of job.spec has ${network.layout.size} parameters`, worker }
  }
  const result = trialRefGradient(task, network, theta, trial, job.right.spec.solver ?? {})
  if (isLeft(result)) return { _tag: 'SolveFailed', error: result.left, worker }
  const values = new Float64Array(1 + result.right.gradient.length)
  values[0] = result.right.loss
  values.set(result.right.gradient, 1)
  return { _tag: 'Gradient', values: encodeFloat64(values), stats: result.right.stats, worker }
}

// -------------------------------------------------------------------------------------
// internals
// -------------------------------------------------------------------------------------

async function build(spec: ModelSpec, baseDir: string): Promise<Either<readonly string[], Built>> {
  const container = new Container()
  const errors = await loadPluginPackages(container, spec.plugins, baseDir)
  if (errors.length > 0) return left(errors)
  const composed = composeModel(container, spec, 'job.spec')
  return isLeft(composed) ? left(composed.left.issues.map(formatIssue)) : right(composed.right)
}
