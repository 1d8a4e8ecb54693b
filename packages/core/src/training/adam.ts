import type { Optimizer, OptimizerState } from './optimizer.js'
import { checkStep, restoreBuffers } from './optimizerBuffers.js'

/** Adam's settings (Kingma & Ba 2015); defaults 0.9, 0.999, 1e-8. */
export interface AdamOptions {
  /** Decay of the first-moment average, in [0, 1). */
  readonly beta1?: number
  /** Decay of the second-moment average, in [0, 1). */
  readonly beta2?: number
  /** Added to √v̂ to keep the step finite, > 0. */
  readonly epsilon?: number
}

/**
 * Adam with bias correction. At step k = 1, 2, … for each parameter i:
 *
 *   m_i ← β₁ m_i + (1 - β₁) g_i        v_i ← β₂ v_i + (1 - β₂) g_i²
 *   θ_i ← θ_i - lr · [m_i / (1 - β₁^k)] / (√[v_i / (1 - β₂^k)] + ε)
 *
 * so the first step is lr · g_i / (|g_i| + ε) ≈ lr · sign(g_i). `state` resumes a saved run.
 * Throws a RangeError on invalid settings or a state of another kind or size.
 * @example const opt = adam({}, theta.length); opt.step(theta, grad, 1e-3)
 */
export function adam(options: AdamOptions, size: number, state?: OptimizerState): Optimizer {
  const { beta1 = 0.9, beta2 = 0.999, epsilon = 1e-8 } = options
  for (const [name, b] of [['beta1', beta1], ['beta2', beta2]] as const) {
    if (!(b >= 0 && b < 1)) throw new RangeError(`adam: ${name} must be in [0, 1), got ${b}`)
  }
  if (!(epsilon > 0 && Number.isFinite(epsilon))) throw new RangeError(`adam: epsilon must be a finite number > 0, got ${epsilon}`)
  const restored = restoreBuffers('adam', ['m', 'v'], size, state)
  const [m, v] = restored.buffers
  let k = restored.step
  return {
    kind: 'adam',
    step(params, grad, lr) {
      checkStep('adam', size, params, grad, lr)
      k += 1
      const c1 = 1 - Math.pow(beta1, k)
      const c2 = 1 - Math.pow(beta2, k)
      for (let i = 0; i < size; i++) {
        const g = grad[i]
        m[i] = beta1 * m[i] + (1 - beta1) * g
        v[i] = beta2 * v[i] + (1 - beta2) * g * g
        params[i] -= (lr * (m[i] / c1)) / (Math.sqrt(v[i] / c2) + epsilon)
      }
    },
    state: () => ({ kind: 'adam', step: k, buffers: { m: Array.from(m), v: Array.from(v) } }),
  }
}
