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
  /** Its name in reports ('dopri5', 'tsit5', 'bs3' for the built-in pairs). */
  readonly name: string
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
  /**
   * The continuous extension's weights as polynomials without constant term:
   * w_i(θ) = Σ_{m=1..4} dense[i][m − 1] θ^m (s rows of 4 coefficients).
   */
  readonly dense: readonly Float64Array[]
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
export function hermiteFormWeights(b: Float64Array, d: Float64Array | undefined): Float64Array[] {
  const s = b.length
  // the basis θ, θ(1 − θ), θ²(1 − θ), θ²(1 − θ)² by powers θ … θ⁴
  const p2 = [1, 0, 0, 0]
  const p3 = [1, -1, 0, 0]
  const p4 = [0, 1, -1, 0]
  const p5 = [0, 1, -2, 1]
  return Array.from({ length: s }, (_, i) => {
    const first = i === 0 ? 1 : 0
    const last = i === s - 1 ? 1 : 0
    const di = d === undefined ? 0 : d[i]
    return Float64Array.from({ length: 4 }, (_, m) => b[i] * p2[m] + (first - b[i]) * p3[m] + (2 * b[i] - first - last) * p4[m] + di * p5[m])
  })
}

/** w_i(θ) from the coefficient rows of `RungeKuttaPair.dense`, into w (Horner). */
export function denseWeights(dense: readonly Float64Array[], theta: number, w: Float64Array): void {
  for (let i = 0; i < dense.length; i++) {
    const r = dense[i]
    w[i] = theta * (r[0] + theta * (r[1] + theta * (r[2] + theta * r[3])))
  }
}
