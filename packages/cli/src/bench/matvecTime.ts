import { median } from './median.js'

/**
 * The time of one bare dense matrix–vector product y = A x with A an N×N Float64Array
 * (row-major), in ms: the median over 7 batches of products, each batch lasting about
 * `batchMs`, after an untimed warm-up. It is the yardstick of kernel efficiency: a network
 * right-hand side does one such product (W s) and O(N) more work, so
 * rhsEvals × matvecTime / forward time is the share of the forward solve that the products
 * alone would take.
 */
export function matvecTime(N: number, batchMs = 20): number {
  const A = new Float64Array(N * N)
  const x = new Float64Array(N)
  const y = new Float64Array(N)
  for (let i = 0; i < A.length; i++) A[i] = ((i * 7919) % 1000) / 1000 - 0.5
  for (let k = 0; k < N; k++) x[k] = ((k * 104729) % 1000) / 1000 - 0.5
  let sink = 0
  // warm-up, and products per batch
  let count = 1
  for (;;) {
    const start = performance.now()
    sink += repeatMatvec(A, x, y, N, count)
    const elapsed = performance.now() - start
    if (elapsed >= batchMs) {
      count = Math.max(1, Math.ceil((count * batchMs) / elapsed))
      break
    }
    count *= 2
  }
  const times: number[] = []
  for (let b = 0; b < 7; b++) {
    const start = performance.now()
    sink += repeatMatvec(A, x, y, N, count)
    times.push((performance.now() - start) / count)
  }
  if (!Number.isFinite(sink)) throw new Error('matvecTime: non-finite product')
  return median(times)
}

/** `count` products y = A x; returns a value that depends on all of them (so none is skipped). */
function repeatMatvec(A: Float64Array, x: Float64Array, y: Float64Array, N: number, count: number): number {
  let sink = 0
  for (let c = 0; c < count; c++) {
    for (let j = 0; j < N; j++) {
      let acc = 0
      const row = j * N
      for (let k = 0; k < N; k++) acc += A[row + k]! * x[k]!
      y[j] = acc
    }
    sink += y[c % N]!
  }
  return sink
}
