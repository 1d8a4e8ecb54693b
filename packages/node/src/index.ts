/**
 * `@spikegrad/node`: spikegrad's Node side — files, plugin packages by name, worker threads
 * and checkpoint files — around `@spikegrad/core`, which runs anywhere. Its public face, in
 * three parts:
 *
 * - files: JSON and model files, atomic writes, models and network configurations loaded
 *   with their plugin packages
 * - plugins: plugin packages loaded by name
 * - training: the worker pool (`gradientPool`, also for models composed in code) and `train`
 *   (`fit` with workers and checkpoint files)
 *
 * Helpers the CLI shares are in `@spikegrad/node/internal`, which is not part of the API.
 * @module
 */
export * from './api/files.js'
export * from './api/plugins.js'
export * from './api/training.js'
