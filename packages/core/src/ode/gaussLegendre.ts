/**
 * Gauss–Legendre nodes and weights on [0, 1] (q points, exact for polynomials of degree
 * 2q − 1), by Newton's method on the Legendre polynomial P_q.
 */
export function gaussLegendre(q: number): { readonly nodes: Float64Array; readonly weights: Float64Array } {
  const nodes = new Float64Array(q)
  const weights = new Float64Array(q)
  for (let i = 0; i < q; i++) {
    let x = Math.cos((Math.PI * (i + 0.75)) / (q + 0.5))
    let dp = 0
    for (let iter = 0; iter < 100; iter++) {
      let p0 = 1
      let p1 = x
      for (let k = 2; k <= q; k++) {
        const p2 = ((2 * k - 1) * x * p1 - (k - 1) * p0) / k
        p0 = p1
        p1 = p2
      }
      const pq = q === 1 ? x : p1
      const pqm1 = q === 1 ? 1 : p0
      dp = (q * (x * pq - pqm1)) / (x * x - 1)
      const dx = pq / dp
      x -= dx
      if (Math.abs(dx) < 1e-16) break
    }
    nodes[q - 1 - i] = (1 + x) / 2
    weights[q - 1 - i] = 1 / ((1 - x * x) * dp * dp)
  }
  return { nodes, weights }
}
