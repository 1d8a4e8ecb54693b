/**
 * x = v - center, wrapped to (-P/2, P/2] when P > 0 (periodic zone), as x - P ⌈(x - P/2)/P⌉.
 */
export function gateZoneOffset(v: number, center: number, period: number): number {
  const x = v - center
  return period > 0 ? x - period * Math.ceil((x - period / 2) / period) : x
}
