import { workerData } from 'node:worker_threads'
import { computeGradient, ModelCache } from './computeGradient.js'

/**
 * The processor of a queue worker's jobs, run by BullMQ in a worker thread of its own
 * (a sandboxed processor, `useWorkerThreads`): the thread computes while the worker's main
 * thread keeps renewing the job's lock, so a long solve is never taken for a dead worker.
 * BullMQ keeps the thread for the next job, so the model cache lives on.
 */

const cache = new ModelCache((workerData as { baseDir?: string } | null)?.baseDir ?? process.cwd())

/** Handles one job (BullMQ calls the default export with the job's JSON form). */
export default async function gradientProcessor(job: { readonly data: unknown }): Promise<unknown> {
  return computeGradient(job.data, cache)
}
