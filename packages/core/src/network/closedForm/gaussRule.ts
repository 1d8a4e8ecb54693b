import { gaussLegendre } from '../../ode/gaussLegendre.js'

/**
 * A Gauss–Legendre rule of Q nodes on [0, 1] with what the quadratures here need of it: the
 * integration matrix IM[m·Q + k] = ∫_0^{ξ_m} ℓ_k (ℓ_k the Lagrange polynomial of node k), and the
 * monomial coefficients of ℓ_k, POLY[k·Q + i] (of θ^i), and of its antiderivative from 0,
 * ANTI[k·Q + i] (of θ^{i+1}).
 */
export interface Rule {
  readonly Q: number
  readonly XI: Float64Array
  readonly WQ: Float64Array
  readonly IM: Float64Array
  readonly POLY: Float64Array
  readonly ANTI: Float64Array
}

const rules = new Map<number, Rule>()

export function ruleOf(Q: number): Rule {
  const known = rules.get(Q)
  if (known !== undefined) return known
  const { nodes: XI, weights: WQ } = gaussLegendre(Q)
  const POLY = new Float64Array(Q * Q)
  for (let k = 0; k < Q; k++) {
    // Π_{i≠k} (θ − ξ_i)/(ξ_k − ξ_i), expanded
    const c = new Float64Array(Q)
    c[0] = 1
    let deg = 0
    for (let i = 0; i < Q; i++) {
      if (i === k) continue
      const den = XI[k] - XI[i]
      for (let e = deg + 1; e >= 0; e--) c[e] = ((e > 0 ? c[e - 1] : 0) - XI[i] * (e <= deg ? c[e] : 0)) / den
      deg++
    }
    POLY.set(c, k * Q)
  }
  const ANTI = new Float64Array(Q * Q)
  for (let k = 0; k < Q; k++) for (let i = 0; i < Q; i++) ANTI[k * Q + i] = POLY[k * Q + i] / (i + 1)
  const IM = new Float64Array(Q * Q)
  for (let m = 0; m < Q; m++) {
    for (let k = 0; k < Q; k++) {
      let acc = 0
      let pw = XI[m]
      for (let i = 0; i < Q; i++, pw *= XI[m]) acc += ANTI[k * Q + i] * pw
      IM[m * Q + k] = acc
    }
  }
  const rule = { Q, XI, WQ, IM, POLY, ANTI }
  rules.set(Q, rule)
  return rule
}
