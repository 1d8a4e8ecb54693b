import { envFlag } from './util/envFlag.js'
import { barProgress } from './progress/barProgress.js'
import { plainProgress } from './progress/plainProgress.js'
import type { Progress, ProgressOptions } from './progress/progressTypes.js'

export type { Progress, ProgressFields, ProgressOptions } from './progress/progressTypes.js'

/**
 * A progress reporter for a job of `total` iterations: a live bar (iteration/total, fields such
 * as loss and score, it/s, eta) when the stream is a terminal, plain log lines when it is not
 * or when CI is set (`iter 120/500  loss 0.0312  accuracy 0.91  3.2 it/s  eta 1m58s`).
 * @example
 * const progress = createProgress({ total: 500, label: 'train' })
 * progress.update(1, { loss: 0.25, accuracy: 0.5 })
 * progress.stop()
 */
export function createProgress(options: ProgressOptions): Progress {
  const stream = options.stream ?? process.stderr
  const env = options.env ?? process.env
  const live = stream.isTTY === true && !envFlag(env.CI)
  // a live bar draws with control sequences of its own: it writes to the terminal itself
  const raw = (stream as { readonly raw?: NodeJS.WritableStream }).raw
  return (live ? barProgress : plainProgress)({ ...options, stream: live && raw !== undefined ? raw : stream })
}
