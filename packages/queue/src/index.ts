/**
 * `@spikegrad/queue`: spikegrad beyond one machine. The trials of each minibatch become jobs
 * on a BullMQ queue in Redis (`queueGradients`, a `GradientSource` for core's `fit`), and any
 * number of worker processes on any machines compute them (`startQueueWorker`, the
 * `spikegrad worker` command). A job carries the model's specification (plugins by package
 * name), θ and the trial — never code — and results are summed in trial order, so a run is
 * bit-identical to one computed in a single thread.
 * @module
 */
export { queueGradients, type QueueGradients, type QueueGradientsOptions } from './queueGradients.js'
export { queueRuns, type QueueRunsOptions } from './queueRuns.js'
export { decodeRunJob, RUN_JOB_FORMAT, RUN_QUEUE, type RunJobData, type RunReply } from './runJob.js'
export { startQueueWorker, type QueueWorker, type QueueWorkerEvent, type QueueWorkerOptions } from './queueWorker.js'
export { computeGradient, ModelCache } from './computeGradient.js'
export { decodeGradientJob, GRADIENT_JOB_FORMAT, GRADIENT_QUEUE, type GradientJob, type GradientJobData, type GradientReply } from './gradientJob.js'
export { decodeFloat64, encodeFloat64 } from './float64Base64.js'
export { reachRedis } from './reachRedis.js'
export { hidePassword, redisTarget, type RedisTarget } from './redisTarget.js'
export type { QueueError } from './queueError.js'
