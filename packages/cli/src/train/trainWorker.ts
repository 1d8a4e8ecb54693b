import { parentPort, workerData } from 'node:worker_threads'
import { loadModel, saveModel, train } from '@spikegrad/node'
import type { QueueGradients } from '@spikegrad/queue'
import { builtinPlugins, withPlugins } from '../model/builtinPlugins.js'
import type { TrainJobData, TrainMessage } from './trainJob.js'

/**
 * The training thread of `spikegrad train` (run by `runTraining` from the compiled .js): loads
 * the model file `from`, trains it with core's `train` — checkpoints to `out` — and saves the
 * result to `out`. Training runs here, not on the main thread, so that the main thread stays
 * free to draw progress and to answer Ctrl-C while a step computes (core's in-process
 * training never yields to the event loop). The main thread asks for a stop through shared
 * memory; it is read after every iteration and turned into core's abort signal.
 */
async function run(job: TrainJobData): Promise<TrainMessage> {
  const loaded = await loadModel(job.from, withPlugins(builtinPlugins, job.plugins))
  if (loaded._tag === 'Left') return { type: 'failed', message: loaded.left.message, iteration: 0, setup: true }
  const stopper = new AbortController()
  const checkStop = (): void => {
    if (Atomics.load(job.stop, 0) === 1) stopper.abort()
  }
  checkStop()
  let queue: QueueGradients | undefined
  if (job.redis !== undefined) {
    const { queueGradients } = await import('@spikegrad/queue') // BullMQ is loaded only for a run that uses it
    const opened = await queueGradients(loaded.right, {
      connection: job.redis.url,
      reconnectMs: job.redis.waitSeconds * 1000,
      onNotice: (message) => parentPort!.postMessage({ type: 'notice', message } satisfies TrainMessage),
    })
    if (opened._tag === 'Left') return { type: 'failed', message: opened.left.message, iteration: loaded.right.iteration, setup: true }
    queue = opened.right
  }
  const result = await train(loaded.right, {
    workers: job.workers,
    ...(queue !== undefined && { gradients: queue }),
    baseDir: job.baseDir,
    checkpoint: { path: job.out },
    signal: stopper.signal,
    progress({ snapshot: _state, ...event }) {
      parentPort!.postMessage({ type: 'progress', event } satisfies TrainMessage)
      checkStop()
    },
  })
  if (queue !== undefined) {
    const { jobs, stalled } = queue.stats()
    if (stalled > 0) {
      const message = `${stalled} of ${jobs} gradient jobs went back to the queue when their worker stopped answering, and were computed again elsewhere (each counted once)`
      parentPort!.postMessage({ type: 'notice', message } satisfies TrainMessage)
    }
    await queue.close()
  }
  if (result._tag === 'Left') {
    const setup = result.left._tag === 'Invalid'
    return { type: 'failed', message: result.left.message, iteration: setup ? loaded.right.iteration : result.left.model.iteration, setup }
  }
  const saved = saveModel(job.out, result.right)
  if (saved._tag === 'Left') return { type: 'failed', message: saved.left.message, iteration: result.right.iteration, setup: false }
  return { type: 'finished', iteration: result.right.iteration, interrupted: stopper.signal.aborted }
}

parentPort!.postMessage(await run(workerData as TrainJobData))
