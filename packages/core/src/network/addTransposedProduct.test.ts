import test from 'ava'
import { addTransposedProduct } from './addTransposedProduct.js'

test('addTransposedProduct — adds alpha·Aᵀx at the offsets, for row counts that are and are not multiples of 4', (t) => {
  for (const [rows, cols] of [
    [1, 3],
    [4, 5],
    [7, 2],
    [13, 11],
  ] as const) {
    const aOff = 3
    const a = Float64Array.from({ length: aOff + rows * cols }, (_, i) => Math.sin(1.7 * i + 0.3))
    const x = Float64Array.from({ length: rows }, (_, j) => Math.cos(0.9 * j) - 0.2)
    const outOff = 2
    const out = Float64Array.from({ length: outOff + cols + 1 }, (_, k) => k - 1.5)
    const expected = Float64Array.from(out)
    for (let k = 0; k < cols; k++) {
      let sum = 0
      for (let j = 0; j < rows; j++) sum += a[aOff + j * cols + k] * x[j]
      expected[outOff + k] += -0.7 * sum
    }
    addTransposedProduct(a, aOff, rows, cols, x, 0, -0.7, out, outOff)
    for (let k = 0; k < out.length; k++) {
      t.true(Math.abs(out[k] - expected[k]) <= 1e-14 * (1 + Math.abs(expected[k])), `${rows}×${cols}, out[${k}] = ${out[k]}, expected ${expected[k]}`)
    }
  }
})
