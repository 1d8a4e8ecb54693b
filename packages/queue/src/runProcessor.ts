import { workerData } from 'node:worker_threads'
import { trainRun } from './trainRun.js'

/**
 * The processor of a queue worker's run jobs, run by BullMQ on a worker thread of its own
 * (a sandboxed processor), so that the worker's main thread renews the job's lock while the
 * run trains for minutes.
 */

const baseDir = (workerData as { baseDir?: string } | null)?.baseDir ?? process.cwd()

/** Handles one job (BullMQ calls the default export with the job's JSON form). */
export default async function runProcessor(job: { readonly data: unknown }): Promise<unknown> {
  return trainRun(job.data, baseDir)
}
