/**
 * An explicit embedded Runge–Kutta pair with the FSAL property and a continuous extension,
 * as data for the native integrator (`rungeKutta.ts`). With stages k_i = f(t + c_i h, Y_i),
 * Y_i = y0 + h Σ_{j<i} a_ij k_j, the last stage is FSAL: its row of a is the propagated
 * weights b, c = 1, so Y_s = y1 and k_s = f(t + h, y1) is the next step's k_1.
 *
 *   y1 = y0 + h Σ b_i k_i,    error estimate  h Σ e_i k_i  (e = b − b̂),
 *   dense output  y(t + θh) = y0 + h Σ w_i(θ) k_i   (θ in [0, 1]).
 */
export interface RungeKuttaPair {
  readonly name: 'dopri5' | 'tsit5' | 'bs3'
  /** Order of the propagated solution. */
  readonly order: number
  /** Order of the embedded solution: the error estimate is O(h^(embeddedOrder + 1)). */
  readonly embeddedOrder: number
  /** Stage times c_i (s of them, the last is 1). */
  readonly c: Float64Array
  /** Row i of a (i entries, j < i); row 0 is empty, row s − 1 is b. */
  readonly a: readonly Float64Array[]
  /** e = b − b̂, the error weights (s entries, the FSAL stage included). */
  readonly e: Float64Array
  /** Writes the continuous extension's weights w_i(θ) (s entries). */
  denseWeights(theta: number, w: Float64Array): void
  /**
   * Samples of R that determine the dense output in the Hermite form of `Step.interiorSamples`
   * (deg R + 1; 0 when the dense output is the cubic Hermite interpolant itself).
   */
  readonly interiorSamples: number
  /** Order of the dense output (its error is O(h^(denseOrder + 1)) over a step). */
  readonly denseOrder: number
}

/**
 * The weights of a dense output in Hairer's Hermite form, for a pair whose dense output
 * interpolates y0, y1 and the end slopes f0 = k_1, f1 = k_s:
 *
 *   y(θ) = y0 + θ (r2 + (1 − θ)(r3 + θ (r4 + (1 − θ) r5))),
 *   r2 = y1 − y0 = h Σ b k,  r3 = h k_1 − r2,  r4 = r2 − h k_s − r3,  r5 = h Σ d k,
 *
 * i.e. w(θ) = θ b + θ(1 − θ)(δ_1 − b) + θ²(1 − θ)(2b − δ_1 − δ_s) + θ²(1 − θ)² d.
 * Without d (d = 0) it is the cubic Hermite interpolant.
 */
export function hermiteFormWeights(b: Float64Array, d: Float64Array | undefined): (theta: number, w: Float64Array) => void {
  const s = b.length
  return (theta, w) => {
    const p2 = theta
    const p3 = theta * (1 - theta)
    const p4 = theta * p3
    const p5 = p4 * (1 - theta)
    for (let i = 0; i < s; i++) {
      const first = i === 0 ? 1 : 0
      const last = i === s - 1 ? 1 : 0
      w[i] = p2 * b[i] + p3 * (first - b[i]) + p4 * (2 * b[i] - first - last) + (d === undefined ? 0 : p5 * d[i])
    }
  }
}
