/**
 * Training on Node: `gradientPool` computes a minibatch's gradients on worker threads (a
 * `GradientSource` for core's `fit`; the workers build the model from its spec or from a
 * `WorkerModule` the user names, for a model composed in code), and `train` is `fit` on a
 * `Model` with its settings from the spec, workers and checkpoint files.
 *
 * Everything here is exported from `@spikegrad/node`.
 * @module training
 */
export { gradientPool, type GradientPool, type GradientPoolOptions, type PoolModel } from '../training/gradientPool.js'
export type { WorkerModel, WorkerModelFactory, WorkerModule } from '../training/workerModel.js'
export { isGradientWorker } from '../training/gradientWorkerState.js'
export { train, type TrainError, type TrainOptions } from '../training/train.js'
