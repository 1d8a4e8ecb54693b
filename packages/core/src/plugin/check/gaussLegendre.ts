import { gaussLegendre } from '../../ode/gaussLegendre.js'

/**
 * Composite Gauss–Legendre quadrature of order 16, refined by halving the panels until two
 * successive estimates agree, on each piece between breakpoints (where the integrand may jump
 * or kink). For checks, not for hot paths.
 */

const order = 16
const { nodes, weights } = gaussLegendre(order)

/** ∫_a^b f over pieces split at `breaks` (sorted or not; those outside (a, b) are ignored). */
export function integrate(
  f: (x: number) => number,
  a: number,
  b: number,
  breaks: readonly number[] = [],
  relTol = 1e-14,
): { readonly value: number; readonly converged: boolean } {
  const points = [a, ...breaks.filter((x) => x > a && x < b).sort((u, v) => u - v), b]
  let value = 0
  let converged = true
  for (let i = 0; i + 1 < points.length; i++) {
    const piece = integratePiece(f, points[i]!, points[i + 1]!, relTol)
    value += piece.value
    converged &&= piece.converged
  }
  return { value, converged }
}

function integratePiece(f: (x: number) => number, a: number, b: number, relTol: number) {
  let previous = composite(f, a, b, 1)
  for (let panels = 2; panels <= 1 << 14; panels *= 2) {
    const value = composite(f, a, b, panels)
    if (Math.abs(value - previous) <= relTol * Math.max(1, Math.abs(value))) return { value, converged: true }
    previous = value
  }
  return { value: previous, converged: false }
}

function composite(f: (x: number) => number, a: number, b: number, panels: number): number {
  const h = (b - a) / panels
  let sum = 0
  for (let m = 0; m < panels; m++) {
    const lo = a + m * h
    for (let i = 0; i < order; i++) sum += weights[i]! * f(lo + h * nodes[i]!)
  }
  return h * sum
}
