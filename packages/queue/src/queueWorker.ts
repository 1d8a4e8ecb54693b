import { isLeft, left, right, type Either } from 'fp-ts/lib/Either.js'
import { Worker } from 'bullmq'
import { workerName } from './computeGradient.js'
import { GRADIENT_QUEUE, type GradientReply } from './gradientJob.js'
import { RUN_QUEUE, type RunReply } from './runJob.js'
import type { QueueError } from './queueError.js'
import { reachRedis } from './reachRedis.js'
import { redisTarget } from './redisTarget.js'

// -------------------------------------------------------------------------------------
// model
// -------------------------------------------------------------------------------------

/** Where a worker takes jobs from and how many at once. */
export interface QueueWorkerOptions {
  /** The Redis URL: `redis://host:port`, `rediss://` for TLS, a password as `redis://:password@host:port`. */
  readonly connection: string
  /** Jobs computed at once, each on a thread of its own (default 1; one per core is the most that helps). */
  readonly concurrency?: number
  /** Where plugin packages are resolved from (default: the working directory). */
  readonly baseDir?: string
  /** The gradient jobs' queue (default `spikegrad-gradients`, the trainers' default). */
  readonly queue?: string
  /** The run jobs' queue (default `spikegrad-runs`, the sweeps' default). */
  readonly runQueue?: string
  /**
   * Milliseconds after which a job whose worker stopped answering (killed, lost its network)
   * goes back to the queue for another worker (default 30 000). The worker renews its lock
   * on a job at half this period while it computes.
   */
  readonly stallTimeoutMs?: number
  /** Hears each job as it ends, and lost or regained connections. */
  readonly onEvent?: (event: QueueWorkerEvent) => void
}

/** What a worker reports. */
export type QueueWorkerEvent =
  | { readonly _tag: 'JobDone'; readonly jobId: string; readonly outcome: GradientReply['_tag'] | RunReply['_tag']; readonly ms: number }
  | { readonly _tag: 'JobFailed'; readonly jobId: string; readonly message: string }
  | { readonly _tag: 'ConnectionError'; readonly message: string }

/** A running worker. */
export interface QueueWorker {
  /** `host:pid`, as BullMQ records it on the jobs it takes. */
  readonly name: string
  /** Stops taking jobs, lets the running ones finish, and disconnects. */
  close(): Promise<void>
}

// -------------------------------------------------------------------------------------
// constructors
// -------------------------------------------------------------------------------------

/**
 * Starts a worker that takes jobs from the queues at `connection` — gradient jobs, answered
 * by `computeGradient`, and whole runs (a sweep's), answered by `trainRun`. BullMQ runs up to
 * `concurrency` jobs of each kind at once, each on a worker thread (a sandboxed processor),
 * so that this thread keeps renewing the job locks while they compute. A worker that dies mid-job loses nothing: once its lock has run out
 * (`stallTimeoutMs`), another worker's stalled-job check puts the job back in the queue.
 * Fails, as a value, when the URL is malformed or Redis cannot be reached; afterwards lost
 * connections are retried for ever (reported through `onEvent`).
 */
export async function startQueueWorker(options: QueueWorkerOptions): Promise<Either<QueueError, QueueWorker>> {
  const target = redisTarget(options.connection)
  if (isLeft(target)) return left({ _tag: 'InvalidUrl', message: target.left })
  const concurrency = options.concurrency ?? 1
  if (!(Number.isSafeInteger(concurrency) && concurrency >= 1 && concurrency <= 256)) {
    return left({ _tag: 'InvalidOptions', message: `concurrency must be an integer in 1–256, got ${concurrency}` })
  }
  const stall = options.stallTimeoutMs ?? 30_000
  if (!(Number.isSafeInteger(stall) && stall >= 1000)) return left({ _tag: 'InvalidOptions', message: `stallTimeoutMs must be an integer ≥ 1000, got ${stall}` })
  const reached = await reachRedis(target.right)
  if (isLeft(reached)) return reached
  const name = workerName()
  const emit = options.onEvent ?? (() => undefined)
  const started = new Map<string, number>()
  const settings = {
    connection: { url: target.right.url, maxRetriesPerRequest: null, retryStrategy: (times: number) => Math.min(200 * times, 2000) },
    concurrency,
    useWorkerThreads: true,
    workerThreadsOptions: { workerData: { baseDir: options.baseDir ?? process.cwd() } },
    name,
    lockDuration: stall,
    stalledInterval: Math.max(500, Math.floor(stall / 2)),
    // a job may be stalled by several dead workers in turn before it counts as failed
    maxStalledCount: 10,
  }
  // gradient jobs (a trainer's minibatches) and run jobs (a sweep's whole trainings), each on a thread of its own
  const workers = [
    new Worker(options.queue ?? GRADIENT_QUEUE, new URL('./gradientProcessor.js', import.meta.url), settings),
    new Worker(options.runQueue ?? RUN_QUEUE, new URL('./runProcessor.js', import.meta.url), settings),
  ]
  for (const worker of workers) {
    worker.on('active', (job) => started.set(job.id!, performance.now()))
    worker.on('completed', (job, reply: GradientReply | RunReply | undefined) => {
      const t0 = started.get(job.id!)
      started.delete(job.id!)
      emit({ _tag: 'JobDone', jobId: job.id!, outcome: reply?._tag ?? 'BadJob', ms: t0 === undefined ? NaN : performance.now() - t0 })
    })
    worker.on('failed', (job, error) => {
      if (job?.id !== undefined) started.delete(job.id)
      emit({ _tag: 'JobFailed', jobId: job?.id ?? '?', message: error.message })
    })
    worker.on('error', (error) => emit({ _tag: 'ConnectionError', message: `${target.right.shown}: ${error.message}` }))
  }
  await Promise.all(workers.map((w) => w.waitUntilReady()))
  return right({
    name,
    // a graceful close waits for the jobs in hand; with Redis gone they never finish, so after
    // closeGraceMs the workers are closed by force (their jobs stay in Redis, retried elsewhere)
    close: async () => {
      const graceful = Promise.allSettled(workers.map((w) => w.close()))
      const settled = await Promise.race([graceful.then(() => true), new Promise<boolean>((resolve) => setTimeout(() => resolve(false), closeGraceMs).unref())])
      if (!settled) await Promise.race([Promise.allSettled(workers.map((w) => w.close(true))), new Promise((resolve) => setTimeout(resolve, closeGraceMs).unref())])
      // and no connection keeps reconnecting to a Redis that is gone
      await Promise.allSettled(workers.map((w) => w.disconnect()))
    },
  })
}

/** How long `close` waits for the jobs in hand before closing by force, ms. */
const closeGraceMs = 3000
