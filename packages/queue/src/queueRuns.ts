import { randomBytes, randomUUID } from 'node:crypto'
import { isLeft, left, right, type Either } from 'fp-ts/lib/Either.js'
import { Queue } from 'bullmq'
import { decodeModelFile, formatIssue, type ModelFile } from '@spikegrad/core'
import { isRunId } from './gradientJob.js'
import type { QueueError } from './queueError.js'
import { reachRedis } from './reachRedis.js'
import { redisTarget } from './redisTarget.js'
import { RUN_JOB_FORMAT, RUN_QUEUE, type RunJobData } from './runJob.js'

/** Where the run jobs go. */
export interface QueueRunsOptions {
  /** The Redis URL, as for `queueGradients`. */
  readonly connection: string
  /** Names the jobs (default a random UUID). */
  readonly runId?: string
  /** The queue's name (default `spikegrad-runs`, the workers' default). */
  readonly queue?: string
  /** Milliseconds Redis may stay unreachable before the runs are given up (default 60 000). */
  readonly reconnectMs?: number
  /** Hears each run as it ends (its index in `models`). */
  readonly onDone?: (index: number) => void
}

/**
 * Trains each model file on a queue worker (`startQueueWorker`, `spikegrad worker`), all at
 * once: run i is the job `<runId>-<session>-<i>`, trained by `train` up to its `spec.run`
 * length on one worker thread, and the trained model file comes back — the file that
 * `train` in this process would make. A worker that dies mid-run loses nothing but time: the
 * job goes back to the queue and the run starts again elsewhere (a run depends on its file
 * alone). Resolves with one outcome per run, in order: the trained file (checked as a file on
 * disk is) or why it failed; fails as a value when Redis cannot be reached, or is lost for
 * longer than `reconnectMs`.
 */
export async function queueRuns(models: readonly ModelFile[], options: QueueRunsOptions): Promise<Either<QueueError, readonly Either<string, ModelFile>[]>> {
  const target = redisTarget(options.connection)
  if (isLeft(target)) return left({ _tag: 'InvalidUrl', message: target.left })
  const runId = options.runId ?? randomUUID()
  if (!isRunId(runId)) return left({ _tag: 'InvalidOptions', message: `runId must be 1–64 letters, digits, "-" or "_", got ${JSON.stringify(runId)}` })
  const reached = await reachRedis(target.right)
  if (isLeft(reached)) return reached
  const reconnectMs = options.reconnectMs ?? 60_000
  const queue = new Queue(options.queue ?? RUN_QUEUE, { connection: { url: target.right.url, maxRetriesPerRequest: 1, retryStrategy: (times: number) => Math.min(200 * times, 2000) } })
  queue.on('error', () => undefined)
  const session = randomBytes(4).toString('hex')
  const jobs = models.map((model, i) => ({
    name: 'run',
    data: { format: RUN_JOB_FORMAT, runId, model } satisfies RunJobData,
    opts: { jobId: `${runId}-${session}-${i}`, attempts: 1, removeOnComplete: { age: 24 * 3600 }, removeOnFail: { age: 24 * 3600 } },
  }))
  const outcomes: (Either<string, ModelFile> | undefined)[] = new Array(models.length)
  let lastContact = performance.now()
  /** Runs a Redis operation; undefined while Redis is unreachable (and throws once it has been for reconnectMs). */
  const attempt = async <T>(operation: () => Promise<T>): Promise<T | undefined> => {
    try {
      const value = await operation()
      lastContact = performance.now()
      return value
    } catch (e) {
      if (performance.now() - lastContact > reconnectMs) throw new Error(`lost Redis at ${target.right.shown}: unreachable for ${Math.round((performance.now() - lastContact) / 1000)} s (${e instanceof Error ? e.message : String(e)})`)
      return undefined
    }
  }
  try {
    while ((await attempt(() => queue.addBulk(jobs))) === undefined) await sleep(500)
    const pending = new Set(jobs.map((_, i) => i))
    while (pending.size > 0) {
      await sleep(1000)
      for (const i of [...pending]) {
        const id = jobs[i]!.opts.jobId
        const state = await attempt(() => queue.getJobState(id))
        if (state === 'completed' || state === 'failed') {
          const job = await attempt(() => queue.getJob(id))
          if (job === undefined) continue
          outcomes[i] = state === 'failed' ? left(`the run job ${id} failed on ${job?.processedBy ?? 'a worker'}: ${job?.failedReason ?? 'no reason given'}`) : readRunReply(job?.returnvalue, id)
          pending.delete(i)
          options.onDone?.(i)
          await attempt(() => queue.remove(id))
        } else if (state === 'unknown') {
          await attempt(() => queue.add(jobs[i]!.name, jobs[i]!.data, jobs[i]!.opts)) // gone with a restarted Redis: again
        }
      }
    }
    return right(outcomes as Either<string, ModelFile>[])
  } catch (e) {
    return left({ _tag: 'RedisUnreachable', url: target.right.shown, message: e instanceof Error ? e.message : String(e) })
  } finally {
    await Promise.race([queue.close().catch(() => undefined), sleep(2000)])
    await queue.disconnect().catch(() => undefined)
  }
}

function readRunReply(reply: unknown, id: string): Either<string, ModelFile> {
  const r = reply as Partial<Record<string, unknown>> | null | undefined
  const worker = typeof r?.worker === 'string' ? r.worker : 'a worker'
  if (r?._tag === 'TrainFailed' || r?._tag === 'BadJob') return left(`the run job ${id} failed on ${worker}: ${String(r.message)}`)
  if (r?._tag !== 'Trained') return left(`${worker} sent a reply to the run job ${id} that is not a run reply; do the trainer and the workers run the same spikegrad version?`)
  const model = decodeModelFile(r.model, 'the trained model')
  return isLeft(model) ? left(`${worker} sent a trained model that is not a model file: ${model.left.issues.map(formatIssue).join('; ')}`) : right(model.right)
}

const sleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms))
