import { hermiteFormWeights, type RungeKuttaPair } from './rungeKuttaPair.js'

/**
 * Bogacki & Shampine (1989) 3(2), 4 stages, FSAL; its dense output is the cubic Hermite
 * interpolant of the step's ends and end slopes (order 3, free).
 */
export const bogackiShampine3: RungeKuttaPair = (() => {
  const b = Float64Array.of(2 / 9, 1 / 3, 4 / 9, 0)
  const bHat = Float64Array.of(7 / 24, 1 / 4, 1 / 3, 1 / 8)
  return {
    name: 'bs3',
    order: 3,
    embeddedOrder: 2,
    c: Float64Array.of(0, 1 / 2, 3 / 4, 1),
    a: [Float64Array.of(), Float64Array.of(1 / 2), Float64Array.of(0, 3 / 4), b.subarray(0, 3)],
    e: b.map((bi, i) => bi - bHat[i]),
    dense: hermiteFormWeights(b, undefined),
    interiorSamples: 0,
    denseOrder: 3,
  }
})()
