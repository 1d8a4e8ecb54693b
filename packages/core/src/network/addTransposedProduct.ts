/**
 * out[outOff + k] += alpha · Σ_j A[j, k] x[xOff + j] for k < cols, j < rows: the product Aᵀx of a
 * row-major matrix stored in `a` from `aOff` (A[j, k] = a[aOff + j·cols + k]), added into
 * `out`. Four rows at a time, so that `out` is read and written once per four rows rather than
 * once per row (the sums are taken in that grouping, the same on every call). Allocates nothing.
 */
export function addTransposedProduct(
  a: Float64Array,
  aOff: number,
  rows: number,
  cols: number,
  x: Float64Array,
  xOff: number,
  alpha: number,
  out: Float64Array,
  outOff: number,
): void {
  let j = 0
  for (; j + 3 < rows; j += 4) {
    const x0 = alpha * x[xOff + j]
    const x1 = alpha * x[xOff + j + 1]
    const x2 = alpha * x[xOff + j + 2]
    const x3 = alpha * x[xOff + j + 3]
    const r0 = aOff + j * cols
    const r1 = r0 + cols
    const r2 = r1 + cols
    const r3 = r2 + cols
    for (let k = 0; k < cols; k++) {
      out[outOff + k] += a[r0 + k] * x0 + a[r1 + k] * x1 + (a[r2 + k] * x2 + a[r3 + k] * x3)
    }
  }
  for (; j < rows; j++) {
    const xj = alpha * x[xOff + j]
    const r = aOff + j * cols
    for (let k = 0; k < cols; k++) out[outOff + k] += a[r + k] * xj
  }
}
