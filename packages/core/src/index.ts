/**
 * `@spikegrad/core`: exact gradients for spiking networks, in any JavaScript runtime (no Node
 * built-ins in its module graph; files, plugin packages by name and worker threads are
 * `@spikegrad/node`). Its public face, in five parts:
 *
 * - solver: the generic adjoint-ODE solver (`Problem`, `solveForward`, `adjointGradient`,
 *   the finite-difference oracle)
 * - plugins: the contracts of neurons, gates, losses and tasks, their tokens and checks
 * - network: networks as graphs (`createNetwork`, θ by block, `networkProblem`, `simulate`)
 * - training: `fit` from plain values, gradient sources, optimiser chains, evaluation
 * - model: model specifications and files as values (`ModelSpec`, `createModel`, `ModelFile`)
 *
 * Codecs and helpers that the CLI and `@spikegrad/node` share are in `@spikegrad/core/internal`,
 * which is not part of the library's API.
 * @module
 */
export * from './api/solver.js'
export * from './api/plugins.js'
export * from './api/network.js'
export * from './api/training.js'
export * from './api/model.js'
