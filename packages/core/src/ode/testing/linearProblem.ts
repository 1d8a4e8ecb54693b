import type { Problem } from '../problem.js'

/**
 * Test problem: y' = A y with A = reshape(θ, n, n) row-major, L = ∫ ½|y|² dt.
 * (∂F/∂y)ᵀλ = Aᵀλ, (∂F/∂A_ij)ᵀλ = λ_i y_j.
 */
export function linearProblem(n: number): Problem {
  return {
    dimension: n,
    parameterCount: n * n,
    parameterBlocks: [{ name: 'A', offset: 0, length: n * n }],
    rhs(_t, y, A, out) {
      for (let i = 0; i < n; i++) {
        let s = 0
        for (let j = 0; j < n; j++) s += A[i * n + j] * y[j]
        out[i] = s
      }
    },
    vjpState(_t, _y, A, lam, out) {
      for (let j = 0; j < n; j++) {
        let s = 0
        for (let i = 0; i < n; i++) s += A[i * n + j] * lam[i]
        out[j] = s
      }
    },
    vjpParams(_t, y, _A, lam, scale, acc) {
      for (let i = 0; i < n; i++) for (let j = 0; j < n; j++) acc[i * n + j] += scale * lam[i] * y[j]
    },
    runningCost: {
      value(_t, y) {
        let s = 0
        for (let i = 0; i < n; i++) s += y[i] * y[i]
        return s / 2
      },
      gradState(_t, y, _A, out) {
        out.set(y)
      },
    },
  }
}
