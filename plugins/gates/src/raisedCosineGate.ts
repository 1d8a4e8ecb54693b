import type { GateFactory, SynapseGate } from '@spikegrad/core'
import { gateZoneOffset } from './gateZoneOffset.js'
import { validateGateZone } from './validateGateZone.js'

/**
 * The raised-cosine gate: g(v) = (1 + cos(2π x / width)) / width for |x| < width/2, else 0,
 * where x = v - center, wrapped to (-P/2, P/2] for periodic zones; g' = -(2π / width²) sin(2π x / width).
 * Continuous with a continuous derivative (no edges); unit integral; peak 2/width at the centre.
 *
 * @throws Error naming the field when the zone is invalid (see `validateGateZone`).
 * @example
 * const gate = raisedCosineGate({ width: 0.6 * Math.PI, center: Math.PI, period: 2 * Math.PI })
 */
export const raisedCosineGate: GateFactory = (zone) => {
  const { width, center, period } = validateGateZone('raised-cosine', zone)
  const half = width / 2
  const k = (2 * Math.PI) / width
  const height = 1 / width
  const slope = k / width
  const gate: SynapseGate = {
    kind: 'raised-cosine',
    center,
    width,
    ...(period > 0 ? { period } : {}),
    edges: [],
    value(v) {
      const x = gateZoneOffset(v, center, period)
      return Math.abs(x) < half ? height * (1 + Math.cos(k * x)) : 0
    },
    derivative(v) {
      const x = gateZoneOffset(v, center, period)
      return Math.abs(x) < half ? -slope * Math.sin(k * x) : 0
    },
    evaluate(v, offset, count, g, dg) {
      for (let j = 0; j < count; j++) {
        // gateZoneOffset written out: a call that V8 does not inline returns its double boxed,
        // one allocation a neuron (whether it inlines depends on the caller's size)
        let x = v[offset + j] - center
        if (period > 0) x -= period * Math.ceil((x - period / 2) / period)
        const inside = Math.abs(x) < half
        g[j] = inside ? height * (1 + Math.cos(k * x)) : 0
        if (dg !== undefined) dg[j] = inside ? -slope * Math.sin(k * x) : 0
      }
    },
  }
  return gate
}
