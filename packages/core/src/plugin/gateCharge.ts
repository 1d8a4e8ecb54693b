import { gaussLegendre } from '../ode/gaussLegendre.js'
import type { SynapseGate } from './synapseGate.js'

const rule = gaussLegendre(12)

/**
 * The charge function of a gate, G(v) = ∫_lo^v g(u) du with lo = center − width/2 the zone's lower
 * end: 0 below the zone, 1 above it (the gate's unit integral). A voltage that moves continuously
 * from a to b releases the charge ∫ g(v) dv = G(b) − G(a) through its gated synapse. For a periodic
 * zone (theta neurons) G counts the zones wholly passed from the one at `center`,
 * G(v + period) = G(v) + 1. dG/dv = g(v).
 *
 * Inside the zone, Gauss–Legendre quadrature of `gate.value` with 12 nodes: exact for polynomial
 * gates up to degree 23 (box, poly-bump), to rounding for the raised cosine.
 * @example
 * gateCharge(gate, gate.center) // 0.5 for a gate symmetric about its centre
 */
export function gateCharge(gate: SynapseGate, v: number): number {
  const lo = gate.center - gate.width / 2
  const x = v - lo
  const P = gate.period
  const whole = P !== undefined && P > 0 ? Math.floor(x / P) : 0
  const r = P !== undefined && P > 0 ? x - whole * P : x
  if (!(r > 0)) return whole
  if (r >= gate.width) return whole + 1
  let sum = 0
  for (let i = 0; i < rule.nodes.length; i++) sum += rule.weights[i]! * gate.value(lo + r * rule.nodes[i]!)
  return whole + r * sum
}
