/**
 * Composite Gauss–Legendre quadrature of order 16, refined by halving the panels until two
 * successive estimates agree, on each piece between breakpoints (where the integrand may jump
 * or kink). For checks, not for hot paths.
 */

const order = 16
const { nodes, weights } = legendreRule(order)

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
    const mid = a + (m + 0.5) * h
    for (let i = 0; i < order; i++) sum += weights[i]! * f(mid + 0.5 * h * nodes[i]!)
  }
  return 0.5 * h * sum
}

/** Nodes and weights on [-1, 1], by Newton's method on the Legendre polynomial P_n. */
function legendreRule(n: number): { nodes: Float64Array; weights: Float64Array } {
  const nodes = new Float64Array(n)
  const weights = new Float64Array(n)
  for (let i = 0; i < n; i++) {
    let x = Math.cos((Math.PI * (i + 0.75)) / (n + 0.5))
    let dp = 0
    for (let iter = 0; iter < 100; iter++) {
      let p0 = 1
      let p1 = x
      for (let k = 2; k <= n; k++) {
        const p2 = ((2 * k - 1) * x * p1 - (k - 1) * p0) / k
        p0 = p1
        p1 = p2
      }
      dp = (n * (x * p1 - p0)) / (x * x - 1)
      const dx = p1 / dp
      x -= dx
      if (Math.abs(dx) < 1e-16) break
    }
    nodes[i] = x
    weights[i] = 2 / ((1 - x * x) * dp * dp)
  }
  return { nodes, weights }
}
