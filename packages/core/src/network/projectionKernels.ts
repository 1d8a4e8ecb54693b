import { addTransposedProduct } from './addTransposedProduct.js'
import type { Pattern } from './connectivityPattern.js'

/**
 * The three products of a projection W (its pattern, entries at θ[off …]) that the network
 * needs, dense or sparse, over Float64Array; they allocate nothing, and a sparse projection
 * costs its entries, not rows × cols.
 */

/**
 * out[outOff + j] += Σ_k W[j][k] x[xOff + k], summed into out[outOff + j] term by term in
 * column order (so that b + W s + U i is rounded the same whichever way it is split).
 */
export function addProduct(p: Pattern, theta: Float64Array, off: number, x: Float64Array, xOff: number, out: Float64Array, outOff: number): void {
  const rows = p.rows
  if (p.kind === 'dense') {
    const cols = p.cols
    for (let j = 0; j < rows; j++) {
      const row = off + j * cols
      let acc = out[outOff + j]
      for (let k = 0; k < cols; k++) acc += theta[row + k] * x[xOff + k]
      out[outOff + j] = acc
    }
    return
  }
  const { rowStart, col } = p
  for (let j = 0; j < rows; j++) {
    let acc = out[outOff + j]
    for (let e = rowStart[j]; e < rowStart[j + 1]; e++) acc += theta[off + e] * x[xOff + col[e]]
    out[outOff + j] = acc
  }
}

/** out[outOff + k] += alpha Σ_j W[j][k] d[dOff + j]. */
export function addTransposed(
  p: Pattern,
  theta: Float64Array,
  off: number,
  d: Float64Array,
  dOff: number,
  alpha: number,
  out: Float64Array,
  outOff: number,
): void {
  if (p.kind === 'dense') {
    addTransposedProduct(theta, off, p.rows, p.cols, d, dOff, alpha, out, outOff)
    return
  }
  const { rows, rowStart, col } = p
  for (let j = 0; j < rows; j++) {
    const dj = alpha * d[dOff + j]
    if (dj === 0) continue
    for (let e = rowStart[j]; e < rowStart[j + 1]; e++) out[outOff + col[e]] += theta[off + e] * dj
  }
}

/** acc[off + e] += scale · d[dOff + j] · x[xOff + k] for every entry e = (j, k): dL/dW = ∫ d xᵀ dt on the pattern. */
export function addOuterProduct(
  p: Pattern,
  scale: number,
  d: Float64Array,
  dOff: number,
  x: Float64Array,
  xOff: number,
  acc: Float64Array,
  off: number,
): void {
  const rows = p.rows
  if (p.kind === 'dense') {
    const cols = p.cols
    for (let j = 0; j < rows; j++) {
      const dj = scale * d[dOff + j]
      if (dj === 0) continue
      const row = off + j * cols
      for (let k = 0; k < cols; k++) acc[row + k] += dj * x[xOff + k]
    }
    return
  }
  const { rowStart, col } = p
  for (let j = 0; j < rows; j++) {
    const dj = scale * d[dOff + j]
    if (dj === 0) continue
    for (let e = rowStart[j]; e < rowStart[j + 1]; e++) acc[off + e] += dj * x[xOff + col[e]]
  }
}
