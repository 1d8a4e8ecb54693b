/**
 * A smooth pulse of unit height starting at `onset` and lasting `width` ms:
 *
 *     b(t) = ½ (1 - cos(2π (t - onset) / width))   for onset ≤ t ≤ onset + width,   0 elsewhere.
 *
 * b is C¹ (value and slope vanish at both edges); its second derivative jumps there by
 * ±2π²/width², so the edges are breakpoints for the integrator. Area: width / 2 ms.
 * @example
 * raisedCosinePulse(25, 20, 10) // 1 — the peak, at onset + width / 2
 */
export function raisedCosinePulse(t: number, onset: number, width: number): number {
  const x = t - onset
  if (x <= 0 || x >= width) return 0
  return 0.5 * (1 - Math.cos((2 * Math.PI * x) / width))
}
