import type { GateFactory, SynapseGate } from '@spikegrad/core'
import { gateZoneOffset } from './gateZoneOffset.js'
import { validateGateZone } from './validateGateZone.js'

/**
 * The box gate of the paper's figure: g(v) = 1/width on the closed zone |x| ≤ width/2, else 0,
 * with x = v - center (wrapped to (-P/2, P/2] for periodic zones). g' = 0 away from the edges;
 * its δ-terms at the two jumps are left to the solver, which treats `edges` =
 * [center - width/2, center + width/2] (each wrapped into [0, P) if periodic) as events.
 *
 * @throws Error naming the field when the zone is invalid (see `validateGateZone`).
 * @example
 * const gate = boxGate({ width: 0.2, center: Math.PI, period: 2 * Math.PI }) // g = 5 on [π - 0.1, π + 0.1]
 */
export const boxGate: GateFactory = (zone) => {
  const { width, center, period } = validateGateZone('box', zone)
  const half = width / 2
  const height = 1 / width
  /** width/2 − |x|: ≥ 0 exactly on the closed zone, the same arithmetic as `value`. */
  const side = (v: number): number => half - Math.abs(gateZoneOffset(v, center, period))
  const wrapEdge = (e: number): number => (period > 0 ? e - period * Math.floor(e / period) : e)
  const gate: SynapseGate = {
    kind: 'box',
    center,
    width,
    ...(period > 0 ? { period } : {}),
    edges: [wrapEdge(center - half), wrapEdge(center + half)],
    value: (v) => (side(v) >= 0 ? height : 0),
    derivative: () => 0,
    evaluate(v, offset, count, g, dg) {
      for (let j = 0; j < count; j++) {
        // `side` written out: a call that V8 does not inline returns its double boxed, one
        // allocation a neuron (whether it inlines depends on the caller's size and on when the
        // caller was compiled — seen once in CI on a loaded machine)
        let x = v[offset + j] - center
        if (period > 0) x -= period * Math.ceil((x - period / 2) / period)
        g[j] = half - Math.abs(x) >= 0 ? height : 0
        if (dg !== undefined) dg[j] = 0
      }
    },
    discontinuity: { side, sideDerivative: (v) => -Math.sign(gateZoneOffset(v, center, period)) },
  }
  return gate
}
