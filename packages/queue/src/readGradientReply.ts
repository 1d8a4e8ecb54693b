import { left, right, type Either } from 'fp-ts/lib/Either.js'
import type { SolveError, TrialGradient } from '@spikegrad/core'
import { decodeFloat64 } from './float64Base64.js'

/** A job's outcome, once its reply is read: the trial's gradient, or the solve's failure. */
export type Outcome = Either<SolveError, TrialGradient>

/**
 * A worker's reply to job `id` as an outcome, checked for shape (a gradient of `parameters`
 * entries); a reply that shows the setup is wrong — a model the worker cannot build, a job it
 * refused — or that is not a reply at all is an Error, which stops the run.
 */
export function readGradientReply(reply: unknown, parameters: number, id: string): Outcome | Error {
  const r = reply as Partial<Record<string, unknown>> | null | undefined
  const worker = typeof r?.worker === 'string' ? r.worker : 'a worker'
  switch (r?._tag) {
    case 'Gradient': {
      const values = decodeFloat64(r.values, `the reply to job ${id}`)
      if (typeof values === 'string') return new Error(`${worker} sent a malformed reply: ${values}`)
      if (values.length !== parameters + 1) return new Error(`${worker} sent ${values.length - 1} gradient entries for a network of ${parameters} parameters (job ${id})`)
      return right({ loss: values[0]!, gradient: values.subarray(1), stats: r.stats as TrialGradient['stats'] })
    }
    case 'SolveFailed': {
      const error = r.error as Partial<SolveError> | undefined
      if (typeof error?._tag !== 'string' || typeof error.message !== 'string') return new Error(`${worker} sent a malformed reply to job ${id}`)
      return left(error as SolveError)
    }
    case 'ComposeFailed':
      return new Error(`the queue worker ${worker} could not build the model: ${Array.isArray(r.errors) ? r.errors.join('; ') : 'no reason given'}. Install the model's plugin packages where that worker runs`)
    case 'BadJob':
      return new Error(`the queue worker ${worker} refused job ${id}: ${String(r.message)}`)
    default:
      return new Error(`${worker} sent a reply to job ${id} that is not a gradient reply; do the trainer and the workers run the same spikegrad version?`)
  }
}

