import type { RungeKuttaPair } from './rungeKuttaPair.js'

/**
 * Tsitouras (2011) 5(4), 7 stages, FSAL ("Runge–Kutta pairs of order 5(4) satisfying only
 * the first column simplifying assumption", Comput. Math. Appl. 62), with the paper's order-4
 * continuous extension w_i(θ) = Σ_m B_im θ^m (m = 1 … 4). The extension interpolates the end
 * slopes (w_i′(0) = δ_i1, w_i′(1) = δ_i7), so it is the cubic Hermite of the ends plus
 * θ²(1 − θ)² times a constant: one sample of R determines it.
 */
export const tsitouras5: RungeKuttaPair = (() => {
  const b = Float64Array.of(0.09646076681806523, 0.01, 0.4798896504144996, 1.379008574103742, -3.290069515436081, 2.324710524099774, 0)
  // B[i] = coefficients of θ, θ², θ³, θ⁴ in w_i(θ)
  const B = [
    [1, -2.763706197274826, 2.9132554618219126, -1.0530884977290216],
    [0, 0.1317, -0.2234, 0.1017],
    [0, 3.9302962368947516, -5.941033872131505, 2.490627285651253],
    [0, -12.411077166933676, 30.33818863028232, -16.548102889244902],
    [0, 37.50931341651104, -88.1789048947664, 47.37952196281928],
    [0, -27.896526289197286, 65.09189467479366, -34.87065786149661],
    [0, 1.5, -4, 2.5],
  ].map((row) => Float64Array.from(row))
  return {
    name: 'tsit5',
    order: 5,
    embeddedOrder: 4,
    c: Float64Array.of(0, 0.161, 0.327, 0.9, 0.9800255409045097, 1, 1),
    a: [
      Float64Array.of(),
      Float64Array.of(0.161),
      Float64Array.of(-0.008480655492356989, 0.335480655492357),
      Float64Array.of(2.8971530571054935, -6.359448489975075, 4.3622954328695815),
      Float64Array.of(5.325864828439257, -11.748883564062828, 7.4955393428898365, -0.09249506636175525),
      Float64Array.of(5.86145544294642, -12.92096931784711, 8.159367898576159, -0.071584973281401, -0.028269050394068383),
      b.subarray(0, 6),
    ],
    e: Float64Array.of(
      -0.00178001105222577714,
      -0.0008164344596567469,
      0.007880878010261995,
      -0.1447110071732629,
      0.5823571654525552,
      -0.45808210592918697,
      1 / 66,
    ),
    dense: B,
    interiorSamples: 1,
    denseOrder: 4,
  }
})()
