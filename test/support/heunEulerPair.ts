import { hermiteFormWeights, type RungeKuttaPair } from '@spikegrad/core'

/**
 * Heun–Euler 2(1) in FSAL form — y1 = y0 + h (k1 + k2)/2, its error estimated against Euler's
 * y0 + h k1, the cubic Hermite of the ends as dense output: a Runge–Kutta pair of a user's own,
 * of an order low enough that its step counts tell it from the built-in pairs.
 */
export const heunEulerPair = (): RungeKuttaPair => ({
  name: 'heun-euler',
  order: 2,
  embeddedOrder: 1,
  c: Float64Array.of(0, 1, 1),
  a: [Float64Array.of(), Float64Array.of(1), Float64Array.of(0.5, 0.5)],
  e: Float64Array.of(-0.5, 0.5, 0),
  dense: hermiteFormWeights(Float64Array.of(0.5, 0.5, 0), undefined),
  interiorSamples: 0,
  denseOrder: 2,
})
