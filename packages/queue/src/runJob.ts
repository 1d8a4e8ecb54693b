import { isLeft, left, right, type Either } from 'fp-ts/lib/Either.js'
import { decodeModelFile, formatIssue, type ModelFile } from '@spikegrad/core'
import { isRunId } from './gradientJob.js'

/**
 * A whole training run as a job (a sweep's runs, `queueRuns`): the model file to start from —
 * its specification names the plugins by package name and holds the run's length — and the
 * worker's reply, the trained model file. Plain JSON both ways; no code.
 */

/** The queue that run jobs go through. */
export const RUN_QUEUE = 'spikegrad-runs'

/** The `format` of a run job; a worker refuses any other. */
export const RUN_JOB_FORMAT = 'spikegrad-run-job/1'

/** A run to train, as stored in Redis. */
export interface RunJobData {
  readonly format: typeof RUN_JOB_FORMAT
  readonly runId: string
  /** The model file to train (`spikegrad-model/3`, or an earlier format), trained up to its `spec.run` length. */
  readonly model: ModelFile
}

/** What a worker answers. */
export type RunReply =
  | { readonly _tag: 'Trained'; readonly model: ModelFile; readonly worker: string }
  | { readonly _tag: 'TrainFailed'; readonly message: string; readonly worker: string }
  | { readonly _tag: 'BadJob'; readonly message: string; readonly worker: string }

/** Checks a run job taken from Redis: the format, the run id and the model file (as a file on disk is checked). */
export function decodeRunJob(data: unknown): Either<string, { readonly runId: string; readonly model: ModelFile }> {
  if (typeof data !== 'object' || data === null || Array.isArray(data)) return left('the job data must be a JSON object')
  const d = data as Record<string, unknown>
  if (d.format !== RUN_JOB_FORMAT) return left(`job.format must be "${RUN_JOB_FORMAT}", got ${JSON.stringify(d.format)}; the trainer and this worker run different spikegrad versions`)
  if (typeof d.runId !== 'string' || !isRunId(d.runId)) return left('job.runId must be 1–64 letters, digits, "-" or "_"')
  const model = decodeModelFile(d.model, 'job.model')
  return isLeft(model) ? left(model.left.issues.map(formatIssue).join('; ')) : right({ runId: d.runId, model: model.right })
}
