import type { GateFactory, SynapseGate } from '@spikegrad/core'
import { gateZoneOffset } from './gateZoneOffset.js'
import { validateGateZone } from './validateGateZone.js'

/**
 * The smooth polynomial bump: g(v) = c (1 - u²)³ with u = 2x / width for |u| < 1, else 0, where
 * x = v - center (wrapped to (-P/2, P/2] for periodic zones). g, g' and g'' vanish at the zone's
 * ends, so g is C² (no edges). Unit integral fixes c: ∫_{-1}^{1} (1 - u²)³ du = 32/35 and
 * dx = (width/2) du, so c = 35 / (32 · width/2) = 35 / (16 width), the peak value at the centre.
 * g'(v) = -(12 c / width) u (1 - u²)².
 *
 * @throws Error naming the field when the zone is invalid (see `validateGateZone`).
 * @example
 * const gate = polyBumpGate({ width: 0.1, center: 0.95 }) // a LIF gate just below v_th = 1
 */
export const polyBumpGate: GateFactory = (zone) => {
  const { width, center, period } = validateGateZone('poly-bump', zone)
  const c = 35 / (16 * width)
  const slope = (12 * c) / width
  const gate: SynapseGate = {
    kind: 'poly-bump',
    center,
    width,
    ...(period > 0 ? { period } : {}),
    edges: [],
    value(v) {
      const u = (2 * gateZoneOffset(v, center, period)) / width
      if (!(Math.abs(u) < 1)) return 0
      const q = 1 - u * u
      return c * q * q * q
    },
    derivative(v) {
      const u = (2 * gateZoneOffset(v, center, period)) / width
      if (!(Math.abs(u) < 1)) return 0
      const q = 1 - u * u
      return -slope * u * q * q
    },
    evaluate(v, offset, count, g, dg) {
      for (let j = 0; j < count; j++) {
        // gateZoneOffset written out: a call that V8 does not inline returns its double boxed,
        // one allocation a neuron (whether it inlines depends on the caller's size)
        let x = v[offset + j] - center
        if (period > 0) x -= period * Math.ceil((x - period / 2) / period)
        const u = (2 * x) / width
        const q = Math.abs(u) < 1 ? 1 - u * u : 0
        g[j] = c * q * q * q
        if (dg !== undefined) dg[j] = -slope * u * q * q
      }
    },
  }
  return gate
}
