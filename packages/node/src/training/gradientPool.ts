import { createHash } from 'node:crypto'
import { left, right } from 'fp-ts/lib/Either.js'
import { Piscina } from 'piscina'
import type { GradientSource, ModelSpec, Network, SolveOptions, Task } from '@spikegrad/core'
import { namedSolveOptions, trialRefGradient } from '@spikegrad/core/internal'
import type { GradientReply, GradientRequest, WorkerSource } from './gradientWorker.js'
import { describeWorkerModule, resolveWorkerModule, type WorkerModule } from './workerModel.js'

// -------------------------------------------------------------------------------------
// model
// -------------------------------------------------------------------------------------

/**
 * Computes the loss and gradient of many trials at one θ, in-process or on worker threads (a
 * `GradientSource`, so `fit` takes it as its `gradients`). Its `gradients` give one outcome
 * per trial, in the order asked whatever order they finish in, and reject only when a worker
 * could not build the model (a plugin package it cannot load, a worker module that fails);
 * `close` stops the worker threads (a no-op in-process).
 */
export interface GradientPool extends GradientSource {
  /** Number of worker threads (0: in-process). */
  readonly workers: number
}

/**
 * What the pool differentiates: a network and a task — a `Model` is one — with the solver
 * options (default `spec.solver`, else the defaults). With a `spec` (a model composed from
 * plugin packages, e.g. read from a model file) the workers can compose the same model from it.
 */
export interface PoolModel {
  readonly network: Network
  readonly task: Task
  readonly solve?: SolveOptions
  readonly spec?: ModelSpec
}

/** How many worker threads, and what they build the model from. */
export interface GradientPoolOptions {
  /** Worker threads: 0 or 1 computes in-process (default 0). */
  readonly workers?: number
  /** Where the workers resolve plugin packages and a relative `module` path from (default: the working directory). */
  readonly baseDir?: string
  /**
   * The module each worker builds the model from (a model composed in code): see
   * `WorkerModule`. Without it, the workers compose the model from its `spec`.
   */
  readonly module?: WorkerModule
}

// -------------------------------------------------------------------------------------
// constructors
// -------------------------------------------------------------------------------------

/**
 * A pool for `model`. With `workers` ≥ 2, piscina runs that many threads from the compiled
 * `gradientWorker.js`, and each builds the model once:
 * - from `options.module`, when given: it imports the module and calls the named export, a
 *   `WorkerModelFactory` returning `{ network, task }`, and checks that the network has the
 *   caller's parameter count and the task the caller's kind;
 * - else from `model.spec`: it loads the spec's plugin packages by name (from `baseDir`) and
 *   composes the model as `createModel` does.
 * A model with neither cannot use workers (an Error says so). Each trial's result is the same
 * bits in-process and on a worker (the same code on the same inputs); the caller sums them in
 * trial order, so any number of workers gives the same run.
 * @example
 *   const pool = gradientPool({ network, task }, { workers: 2, module: { path: import.meta.url, export: 'buildModel' } })
 *   const trained = await fit({ network, task, theta, optimizer, batchSize: 8, seed: 1, iterations: 100, gradients: pool })
 *   await pool.close()
 */
export function gradientPool(model: PoolModel, options: GradientPoolOptions = {}): GradientPool {
  const workers = options.workers ?? 0
  if (!(Number.isSafeInteger(workers) && workers >= 0)) throw new RangeError(`gradientPool: workers must be an integer ≥ 0, got ${workers}`)
  const solve = model.solve ?? model.spec?.solver ?? {}
  if (workers <= 1) {
    return {
      workers: 0,
      gradients: async (theta, trials) => trials.map((ref) => trialRefGradient(model.task, model.network, theta, ref, solve)),
      close: async () => undefined,
    }
  }
  const named = namedSolveOptions(solve)
  if ('complaint' in named) throw new RangeError(`gradientPool: ${named.complaint}`)
  const baseDir = options.baseDir ?? process.cwd()
  const { source, tried } = workerSource(model, options.module, baseDir)
  const key = createHash('sha256').update(JSON.stringify(source)).digest('hex')
  const pool = new Piscina({
    filename: new URL('./gradientWorker.js', import.meta.url).href,
    minThreads: workers,
    maxThreads: workers,
    idleTimeout: 60_000,
  })
  return {
    workers,
    async gradients(theta, trials) {
      const frozen = Float64Array.from(theta) // queued tasks are cloned when dispatched: keep θ fixed until then
      const replies = (await Promise.all(
        trials.map((trial) => pool.run({ key, source, solve: named, theta: frozen, trial } satisfies GradientRequest)),
      )) as GradientReply[]
      return replies.map((reply) => {
        if (reply._tag === 'ComposeFailed') throw new Error(`a gradient worker could not build the model from ${tried}: ${reply.errors.join('; ')}`)
        return reply._tag === 'Gradient' ? right(reply.result) : left(reply.error)
      })
    },
    close: () => pool.destroy(),
  }
}

// -------------------------------------------------------------------------------------
// internals
// -------------------------------------------------------------------------------------

/** What the workers build the model from, and how an error names it. */
function workerSource(model: PoolModel, module: WorkerModule | undefined, baseDir: string): { source: WorkerSource; tried: string } {
  if (module !== undefined) {
    const resolved = resolveWorkerModule(module, baseDir)
    return {
      source: { _tag: 'Module', module: resolved, parameters: model.network.layout.size, taskKind: model.task.kind },
      tried: describeWorkerModule(resolved),
    }
  }
  if (model.spec !== undefined) {
    const plugins = model.spec.plugins.length === 0 ? 'none' : model.spec.plugins.join(', ')
    return { source: { _tag: 'Spec', spec: model.spec, baseDir }, tried: `its spec (plugin packages: ${plugins}; resolved from ${baseDir})` }
  }
  throw new Error(
    'gradientPool: workers must build the model themselves, and this one has no spec: give options.module, a module whose export returns { network, task } (see WorkerModule), or use workers: 0',
  )
}
