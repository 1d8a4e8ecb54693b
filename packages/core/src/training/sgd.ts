import type { Optimizer, OptimizerState } from './optimizer.js'
import { checkStep, restoreBuffers } from './optimizerBuffers.js'

/** Settings of stochastic gradient descent; momentum μ in [0, 1), default 0. */
export interface SgdOptions {
  readonly momentum?: number
}

/**
 * Gradient descent with (heavy-ball) momentum, for each parameter i:
 *
 *   u_i ← μ u_i + g_i        θ_i ← θ_i - lr · u_i
 *
 * With μ = 0 this is plain θ ← θ - lr · g. `state` resumes a saved run.
 * Throws a RangeError on an invalid momentum or a state of another kind or size.
 */
export function sgd(options: SgdOptions, size: number, state?: OptimizerState): Optimizer {
  const { momentum = 0 } = options
  if (!(momentum >= 0 && momentum < 1)) throw new RangeError(`sgd: momentum must be in [0, 1), got ${momentum}`)
  const restored = restoreBuffers('sgd', ['velocity'], size, state)
  const [u] = restored.buffers
  let k = restored.step
  return {
    kind: 'sgd',
    step(params, grad, lr) {
      checkStep('sgd', size, params, grad, lr)
      k += 1
      for (let i = 0; i < size; i++) {
        u[i] = momentum * u[i] + grad[i]
        params[i] -= lr * u[i]
      }
    },
    state: () => ({ kind: 'sgd', step: k, buffers: { velocity: Array.from(u) } }),
  }
}
