import { isLeft, left, right, type Either } from 'fp-ts/lib/Either.js'
import { decodeModelSpec, formatIssue, type GradientStats, type ModelSpec, type SolveError, type TrialRef } from '@spikegrad/core'
import { decodeFloat64 } from './float64Base64.js'

/**
 * What travels through the queue: a gradient job — a pure function of (model specification,
 * θ, trial) — and the worker's reply. Both are plain JSON: a job names its plugins by package
 * name and carries no code; θ and the gradient travel as base64 of their float64 bytes, so
 * every bit arrives.
 */

// -------------------------------------------------------------------------------------
// model
// -------------------------------------------------------------------------------------

/** The queue that gradient jobs go through, unless told otherwise. */
export const GRADIENT_QUEUE = 'spikegrad-gradients'

/** The `format` of a gradient job; a worker refuses any other. */
export const GRADIENT_JOB_FORMAT = 'spikegrad-gradient-job/1'

/** One trial to differentiate, as stored in Redis. */
export interface GradientJobData {
  readonly format: typeof GRADIENT_JOB_FORMAT
  /** The run the job belongs to (its results are collected by the run's trainer only). */
  readonly runId: string
  /** The model: plugins by package name, the task, the network, the solver settings (`spec.solver`). */
  readonly spec: ModelSpec
  /** θ as base64 of its float64 bytes, little-endian (`encodeFloat64`). */
  readonly theta: string
  readonly trial: TrialRef
}

/** A job as a worker uses it, once checked. */
export interface GradientJob {
  readonly runId: string
  readonly spec: ModelSpec
  readonly theta: Float64Array
  readonly trial: TrialRef
}

/** What a worker answers; `worker` names it (`host:pid`), for messages. */
export type GradientReply =
  | {
      readonly _tag: 'Gradient'
      /** Base64 of [L, dL/dθ₀, dL/dθ₁, …] as float64 bytes, little-endian. */
      readonly values: string
      readonly stats: GradientStats
      readonly worker: string
    }
  | { readonly _tag: 'SolveFailed'; readonly error: SolveError; readonly worker: string }
  | { readonly _tag: 'ComposeFailed'; readonly errors: readonly string[]; readonly worker: string }
  | { readonly _tag: 'BadJob'; readonly message: string; readonly worker: string }

// -------------------------------------------------------------------------------------
// constructors
// -------------------------------------------------------------------------------------

/**
 * Checks what a worker took from Redis: the format, the run id, the specification (as a model
 * file's is checked: unknown fields refused by name), θ and the trial. Anyone who can write to
 * the Redis can add jobs, so nothing in a job is trusted; a failure names the field.
 */
export function decodeGradientJob(data: unknown): Either<string, GradientJob> {
  if (typeof data !== 'object' || data === null || Array.isArray(data)) return left('the job data must be a JSON object')
  const d = data as Record<string, unknown>
  if (d.format !== GRADIENT_JOB_FORMAT) return left(`job.format must be "${GRADIENT_JOB_FORMAT}", got ${JSON.stringify(d.format)}; the trainer and this worker run different spikegrad versions`)
  if (typeof d.runId !== 'string' || !isRunId(d.runId)) return left('job.runId must be 1–64 letters, digits, "-" or "_"')
  const spec = decodeModelSpec(d.spec, 'job.spec')
  if (isLeft(spec)) return left(spec.left.issues.map(formatIssue).join('; '))
  const theta = decodeFloat64(d.theta, 'job.theta')
  if (typeof theta === 'string') return left(theta)
  const trial = decodeTrialRef(d.trial)
  if (typeof trial === 'string') return left(trial)
  return right({ runId: d.runId, spec: spec.right, theta, trial })
}

/** A run id may name Redis jobs: letters, digits, `-` and `_`, 1–64 of them. */
export function isRunId(id: string): boolean {
  return /^[A-Za-z0-9_-]{1,64}$/.test(id)
}

/** The trial of a job: `{ seed }` (an integer in [0, 2³²)) or `{ split, index }`. */
function decodeTrialRef(value: unknown): TrialRef | string {
  const shape = 'job.trial must be { "seed": integer } or { "split": name, "index": integer }'
  if (typeof value !== 'object' || value === null) return shape
  const v = value as Record<string, unknown>
  const keys = Object.keys(v).sort().join(',')
  if (keys === 'seed') {
    return Number.isSafeInteger(v.seed) && (v.seed as number) >= 0 && (v.seed as number) <= 0xffffffff ? { seed: v.seed as number } : `${shape}; the seed must be in [0, 4294967295]`
  }
  if (keys === 'index,split') {
    if (typeof v.split !== 'string' || v.split.length > 64) return `${shape}; the split must be a name`
    return Number.isSafeInteger(v.index) && (v.index as number) >= 0 ? { split: v.split, index: v.index as number } : `${shape}; the index must be an integer ≥ 0`
  }
  return shape
}
