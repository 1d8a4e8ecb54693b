import { createHash } from 'node:crypto'
import { left, right } from 'fp-ts/lib/Either.js'
import { Piscina } from 'piscina'
import type { GradientReply, GradientRequest } from './gradientWorker.js'
import { modelSolveOptions, type Model } from './model.js'
import { trialRefGradient, type GradientSource } from './gradientSource.js'

/**
 * Computes the loss and gradient of many trials at one θ, in-process or on worker threads (a
 * `GradientSource`). Its `gradients` give one outcome per trial, in the order asked whatever
 * order they finish in, and reject only when a worker could not compose the model (e.g. a
 * plugin package it cannot load); `close` stops the worker threads (a no-op in-process).
 */
export interface GradientPool extends GradientSource {
  /** Number of worker threads (0: in-process). */
  readonly workers: number
}

export interface GradientPoolOptions {
  /** Worker threads: 0 or 1 computes in-process (default 0). */
  readonly workers?: number
  /** Where the workers resolve the model's plugin packages from (default: the working directory). */
  readonly baseDir?: string
}

/**
 * A pool for `model`. With `workers` ≥ 2, piscina runs that many threads from the compiled
 * `gradientWorker.js`; each loads `model.spec.plugins` by package name and composes the
 * model from `model.spec` once, so a model composed from plugins that its spec does not name
 * cannot use workers. Each trial's result is the same bits in-process and on a worker (the
 * same code on the same inputs); the caller sums them in seed order.
 */
export function gradientPool(model: Model, options: GradientPoolOptions = {}): GradientPool {
  const workers = options.workers ?? 0
  if (!(Number.isSafeInteger(workers) && workers >= 0)) throw new RangeError(`gradientPool: workers must be an integer ≥ 0, got ${workers}`)
  const solve = modelSolveOptions(model)
  if (workers <= 1) {
    return {
      workers: 0,
      gradients: async (theta, trials) => trials.map((ref) => trialRefGradient(model.task, model.network, theta, ref, solve)),
      close: async () => undefined,
    }
  }
  const pool = new Piscina({
    filename: new URL('./gradientWorker.js', import.meta.url).href,
    minThreads: workers,
    maxThreads: workers,
    idleTimeout: 60_000,
  })
  const specKey = createHash('sha256').update(JSON.stringify(model.spec)).digest('hex')
  const baseDir = options.baseDir ?? process.cwd()
  return {
    workers,
    async gradients(theta, trials) {
      const frozen = Float64Array.from(theta) // queued tasks are cloned when dispatched: keep θ fixed until then
      const replies = (await Promise.all(
        trials.map((trial) => pool.run({ specKey, spec: model.spec, baseDir, theta: frozen, trial } satisfies GradientRequest)),
      )) as GradientReply[]
      return replies.map((reply) => {
        if (reply._tag === 'ComposeFailed') {
          throw new Error(`a gradient worker could not compose the model: ${reply.errors.join('; ')}`)
        }
        return reply._tag === 'Gradient' ? right(reply.result) : left(reply.error)
      })
    },
    close: () => pool.destroy(),
  }
}
