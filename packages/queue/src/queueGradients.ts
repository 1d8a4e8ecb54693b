import { randomBytes, randomUUID } from 'node:crypto'
import { isLeft, left, right, type Either } from 'fp-ts/lib/Either.js'
import { Queue, QueueEvents } from 'bullmq'
import { Redis } from 'ioredis'
import type { GradientSource, ModelSpec, TrialRef } from '@spikegrad/core'
import { encodeFloat64 } from './float64Base64.js'
import { GRADIENT_JOB_FORMAT, GRADIENT_QUEUE, isRunId } from './gradientJob.js'
import type { QueueError } from './queueError.js'
import { Minibatch } from './minibatch.js'
import { reachRedis } from './reachRedis.js'
import type { Outcome } from './readGradientReply.js'
import { redisTarget, type RedisTarget } from './redisTarget.js'

// -------------------------------------------------------------------------------------
// model
// -------------------------------------------------------------------------------------

/** Where the jobs go, and how long to bear a lost Redis. */
export interface QueueGradientsOptions {
  /** The Redis URL: `redis://host:port`, `rediss://` for TLS, a password as `redis://:password@host:port`. */
  readonly connection: string
  /** Names this run's jobs (letters, digits, `-`, `_`; default a random UUID): results are collected by job id, never mixed with another run's. */
  readonly runId?: string
  /** The queue's name (default `spikegrad-gradients`, the workers' default). */
  readonly queue?: string
  /** Milliseconds Redis may stay unreachable during a minibatch before `gradients` rejects (default 60 000). */
  readonly reconnectMs?: number
  /** Hears what a person watching should know: no worker has taken a job for a while, Redis lost or back. */
  readonly onNotice?: (message: string) => void
  /** Milliseconds during which no job of a minibatch is taken before `onNotice` says so (default 30 000). */
  readonly idleNoticeMs?: number
}

/** A gradient source on a queue, with what it has seen. */
export interface QueueGradients extends GradientSource {
  readonly runId: string
  /** Jobs added, and jobs that went back to the queue because their worker stopped answering (each still counted once). */
  stats(): { readonly jobs: number; readonly stalled: number }
}

// -------------------------------------------------------------------------------------
// constructors
// -------------------------------------------------------------------------------------

/**
 * A `GradientSource` whose trials are jobs on a BullMQ queue in Redis, computed by any number
 * of `spikegrad worker` processes on any machines (`startQueueWorker`). For each minibatch,
 * trial i becomes the job `<runId>-<session>-<call>-<i>` carrying the model's specification
 * (plugins by package name, never code), θ (base64 of its float64 bytes) and the trial; the
 * results are collected by job id and returned in trial order, so `fit` sums them in the
 * order one thread would: the run is bit-identical to `workers: 1`, whatever the number of
 * workers. The solver settings are the specification's (`spec.solver`).
 *
 * Faults: a job whose worker dies is put back by BullMQ's stalled-job check and computed by
 * another; its one result is counted once. Jobs lost with Redis's memory are added again.
 * When Redis is unreachable for longer than `reconnectMs` during a minibatch, `gradients`
 * rejects with a message naming the URL (and `fit` stops with `GradientsFailed`, the state of
 * the last completed step in hand). Fails at once, as a value, when Redis cannot be reached.
 * @example
 *   const source = await queueGradients({ spec: model.spec }, { connection: 'redis://127.0.0.1:6379' })
 *   if (isLeft(source)) throw new Error(source.left.message)
 *   const trained = await fit({ ...options, gradients: source.right })
 *   await source.right.close()
 */
export async function queueGradients(model: { readonly spec: ModelSpec }, options: QueueGradientsOptions): Promise<Either<QueueError, QueueGradients>> {
  const target = redisTarget(options.connection)
  if (isLeft(target)) return left({ _tag: 'InvalidUrl', message: target.left })
  const runId = options.runId ?? randomUUID()
  if (!isRunId(runId)) return left({ _tag: 'InvalidOptions', message: `runId must be 1–64 letters, digits, "-" or "_", got ${JSON.stringify(runId)}` })
  const reconnectMs = options.reconnectMs ?? 60_000
  if (!(Number.isFinite(reconnectMs) && reconnectMs >= 0)) return left({ _tag: 'InvalidOptions', message: `reconnectMs must be a number of milliseconds ≥ 0, got ${reconnectMs}` })
  const reached = await reachRedis(target.right)
  if (isLeft(reached)) return reached
  const source = new QueueSource(model.spec, target.right, runId, options.queue ?? GRADIENT_QUEUE, reconnectMs, options.onNotice ?? (() => undefined), options.idleNoticeMs ?? 30_000)
  try {
    await source.start()
  } catch (e) {
    await source.close()
    return left({ _tag: 'RedisUnreachable', url: target.right.shown, message: `cannot use Redis at ${target.right.shown}: ${e instanceof Error ? e.message : String(e)}` })
  }
  return right(source)
}

// -------------------------------------------------------------------------------------
// internals
// -------------------------------------------------------------------------------------

/** Redis stayed unreachable for longer than the source bears. */
class RedisLost extends Error {}


const sleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms))

class QueueSource implements QueueGradients {
  private readonly redis: Redis
  private readonly queue: Queue
  private readonly events: QueueEvents
  private readonly session = randomBytes(4).toString('hex')
  private calls = 0
  private jobs = 0
  private stalled = 0
  private lostSince: number | undefined
  private closed = false
  private busy = false
  private wake: () => void = () => undefined

  constructor(
    private readonly spec: ModelSpec,
    private readonly target: RedisTarget,
    readonly runId: string,
    queueName: string,
    private readonly reconnectMs: number,
    private readonly notice: (message: string) => void,
    private readonly idleNoticeMs: number,
  ) {
    const retryStrategy = (times: number): number => Math.min(200 * times, 2000)
    this.redis = new Redis(target.url, { maxRetriesPerRequest: 1, retryStrategy })
    this.redis.on('error', () => undefined) // reported through lostSince and the rejection
    this.redis.on('close', () => {
      if (this.lostSince === undefined && !this.closed) {
        this.lostSince = performance.now()
        this.notice(`lost the connection to Redis at ${target.shown}; retrying for up to ${Math.round(reconnectMs / 1000)} s`)
      }
    })
    this.redis.on('ready', () => {
      if (this.lostSince !== undefined) this.notice(`connected to Redis at ${target.shown} again`)
      this.lostSince = undefined
      this.wake()
    })
    // the events stream carries every reply (72 KB for the default XOR's gradient): keep about
    // 1 000 events in Redis, not BullMQ's 10 000; a trainer that falls behind reads job states
    this.queue = new Queue(queueName, { connection: this.redis, streams: { events: { maxLen: 1000 } } })
    this.queue.on('error', () => undefined)
    this.events = new QueueEvents(queueName, { connection: { url: target.url, maxRetriesPerRequest: null, retryStrategy } })
    this.events.on('error', () => undefined)
  }

  async start(): Promise<void> {
    await this.queue.waitUntilReady()
    await this.events.waitUntilReady()
  }

  stats() {
    return { jobs: this.jobs, stalled: this.stalled }
  }

  async gradients(theta: Float64Array, trials: readonly TrialRef[]): Promise<readonly Outcome[]> {
    if (this.closed) throw new Error('the queue gradient source is closed')
    if (this.busy) throw new Error('the queue gradient source computes one minibatch at a time; await the last call to gradients first')
    this.busy = true
    try {
      return await this.minibatch(theta, trials)
    } finally {
      this.busy = false
    }
  }

  private async minibatch(theta: Float64Array, trials: readonly TrialRef[]): Promise<readonly Outcome[]> {
    const batch = new Minibatch(`${this.runId}-${this.session}-${this.calls++}`, { format: GRADIENT_JOB_FORMAT, runId: this.runId, spec: this.spec, theta: encodeFloat64(theta) }, trials, theta.length)
    const began = performance.now()
    let noticed = false
    const onCompleted = ({ jobId, returnvalue }: { jobId: string; returnvalue: unknown }): void => {
      batch.accept(jobId, returnvalue)
      this.wake()
    }
    const onActive = ({ jobId }: { jobId: string }): void => batch.taken(jobId)
    const onStalled = ({ jobId }: { jobId: string }): void => {
      if (batch.pending.has(jobId)) this.stalled += 1
    }
    const onFailed = (): void => this.wake()
    this.events.on('completed', onCompleted)
    this.events.on('active', onActive)
    this.events.on('stalled', onStalled)
    this.events.on('failed', onFailed)
    try {
      await this.retrying(() => this.queue.addBulk([...batch.jobs]))
      this.jobs += trials.length
      let nextCheck = performance.now() + 2000
      while (batch.pending.size > 0 && batch.failure === undefined) {
        await this.sleepUnlessWoken(250)
        if (this.closed) throw new Error('the queue gradient source was closed during a minibatch')
        this.checkDeadline()
        if (performance.now() >= nextCheck && this.lostSince === undefined) {
          await this.checkPending(batch)
          nextCheck = performance.now() + 2000
        }
        if (!batch.anyTaken && !noticed && performance.now() - began > this.idleNoticeMs) {
          noticed = true
          this.notice(`no worker has taken a job of run ${this.runId} for ${Math.round(this.idleNoticeMs / 1000)} s; start one: spikegrad worker --redis ${this.target.shown}`)
        }
      }
    } finally {
      this.events.off('completed', onCompleted)
      this.events.off('active', onActive)
      this.events.off('stalled', onStalled)
      this.events.off('failed', onFailed)
    }
    if (batch.failure !== undefined) throw batch.failure
    // the results are in hand: drop the jobs (and their copies of θ) from Redis; a Redis lost
    // meanwhile leaves them to removeOnComplete's age limit
    await this.whileReachable(Promise.all(batch.jobs.map((job) => this.queue.remove(job.opts.jobId).catch(() => undefined)))).catch(() => undefined)
    return batch.outcomes as Outcome[]
  }

  /**
   * The safety net under the events: reads the state of every job still pending (events may be
   * missed across a reconnection) and adds again the jobs that are gone (with a restarted Redis's memory).
   */
  private async checkPending(batch: Minibatch): Promise<void> {
    for (const [id, index] of [...batch.pending]) {
      const state = await this.retrying(() => this.queue.getJobState(id))
      if (state === 'completed' || state === 'failed') {
        const job = await this.retrying(() => this.queue.getJob(id))
        if (state === 'completed') batch.accept(id, job?.returnvalue)
        else batch.failure ??= new Error(`the gradient job ${id} failed on ${job?.processedBy ?? 'a worker'}: ${job?.failedReason ?? 'no reason given'}`)
      } else if (state === 'unknown') {
        const job = batch.jobs[index]!
        await this.retrying(() => this.queue.add(job.name, job.data, job.opts))
        this.notice(`the gradient job ${id} was gone from Redis (a restarted server?); added it again`)
      }
    }
  }

  /** Waits `ms`, or less when `wake` is called (a completion, a reconnection, close). */
  private sleepUnlessWoken(ms: number): Promise<void> {
    return new Promise<void>((resolve) => {
      const timer = setTimeout(done, ms)
      function done(): void {
        clearTimeout(timer)
        resolve()
      }
      this.wake = done
    }).finally(() => {
      this.wake = () => undefined
    })
  }

  async close(): Promise<void> {
    if (this.closed) return
    this.closed = true
    this.wake()
    // a graceful close waits for Redis; without one, give up after 2 s and drop the connections
    await Promise.race([Promise.allSettled([this.events.close(), this.queue.close()]), sleep(2000)])
    await Promise.allSettled([this.events.disconnect(), this.queue.disconnect()])
    this.redis.disconnect()
  }

  /** Throws when Redis has been unreachable for longer than `reconnectMs`. */
  private checkDeadline(): void {
    if (this.lostSince !== undefined && performance.now() - this.lostSince > this.reconnectMs) {
      throw new RedisLost(`lost Redis at ${this.target.shown}: unreachable for ${Math.round((performance.now() - this.lostSince) / 1000)} s`)
    }
  }

  /**
   * Runs a Redis operation, again and again while Redis is unreachable, until `reconnectMs`
   * has passed (an operation that waits on a lost connection is given up then too).
   */
  private async retrying<T>(operation: () => Promise<T>): Promise<T> {
    for (;;) {
      try {
        return await this.whileReachable(operation())
      } catch (e) {
        if (this.closed || e instanceof RedisLost) throw e
        if (this.redis.status === 'ready' && this.lostSince === undefined) throw e
        this.checkDeadline()
        await sleep(250)
      }
    }
  }

  /** Settles as `attempt` does, or rejects with `RedisLost` once Redis has been unreachable for `reconnectMs`. */
  private whileReachable<T>(attempt: Promise<T>): Promise<T> {
    return new Promise<T>((resolve, reject) => {
      const timer = setInterval(() => {
        try {
          this.checkDeadline()
        } catch (e) {
          clearInterval(timer)
          reject(e)
        }
      }, 250)
      attempt.then(
        (value) => {
          clearInterval(timer)
          resolve(value)
        },
        (error: unknown) => {
          clearInterval(timer)
          reject(error)
        },
      )
    })
  }
}

