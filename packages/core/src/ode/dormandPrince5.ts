import { hermiteFormWeights, type RungeKuttaPair } from './rungeKuttaPair.js'

/**
 * Dormand & Prince (1980) 5(4), 7 stages, FSAL, with Shampine's order-4 dense output in
 * Hairer's form (Hairer, Nørsett & Wanner, Solving ODEs I, §II.6): y(θ) = cubic Hermite of
 * the ends + θ²(1 − θ)² h Σ d_i k_i. One sample of R (a constant) determines it.
 */
export const dormandPrince5: RungeKuttaPair = (() => {
  const b = Float64Array.of(35 / 384, 0, 500 / 1113, 125 / 192, -2187 / 6784, 11 / 84, 0)
  const bHat = Float64Array.of(5179 / 57600, 0, 7571 / 16695, 393 / 640, -92097 / 339200, 187 / 2100, 1 / 40)
  const d = Float64Array.of(
    -12715105075 / 11282082432,
    0,
    87487479700 / 32700410799,
    -10690763975 / 1880347072,
    701980252875 / 199316789632,
    -1453857185 / 822651844,
    69997945 / 29380423,
  )
  return {
    name: 'dopri5',
    order: 5,
    embeddedOrder: 4,
    c: Float64Array.of(0, 1 / 5, 3 / 10, 4 / 5, 8 / 9, 1, 1),
    a: [
      Float64Array.of(),
      Float64Array.of(1 / 5),
      Float64Array.of(3 / 40, 9 / 40),
      Float64Array.of(44 / 45, -56 / 15, 32 / 9),
      Float64Array.of(19372 / 6561, -25360 / 2187, 64448 / 6561, -212 / 729),
      Float64Array.of(9017 / 3168, -355 / 33, 46732 / 5247, 49 / 176, -5103 / 18656),
      b.subarray(0, 6),
    ],
    e: b.map((bi, i) => bi - bHat[i]),
    dense: hermiteFormWeights(b, d),
    interiorSamples: 1,
    denseOrder: 4,
  }
})()
