/**
 * A store of the forward trajectory for the backward pass: each accepted step [t0, t1] is
 * kept as its values at m Chebyshev points of the second kind and evaluated by barycentric
 * interpolation. With m ≥ the degree of odex's dense-output polynomial + 1 (≤ 20 at the
 * default 9 extrapolation columns) this reproduces odex's dense output to rounding.
 */
export class ChebyshevStore {
  readonly n: number
  readonly m: number
  /** Nodes on [0, 1], node 0 at 0 and node m-1 at 1. */
  private readonly nodes: Float64Array
  private readonly weights: Float64Array
  private t0s: Float64Array
  private t1s: Float64Array
  private data: Float64Array
  private count = 0
  private cursor = 0
  private readonly scratch: Float64Array

  constructor(n: number, m: number, initialSteps = 64) {
    this.n = n
    this.m = m
    this.nodes = new Float64Array(m)
    this.weights = new Float64Array(m)
    for (let j = 0; j < m; j++) {
      this.nodes[j] = (1 - Math.cos((Math.PI * j) / (m - 1))) / 2
      this.weights[j] = (j % 2 === 0 ? 1 : -1) * (j === 0 || j === m - 1 ? 0.5 : 1)
    }
    this.t0s = new Float64Array(initialSteps)
    this.t1s = new Float64Array(initialSteps)
    this.data = new Float64Array(initialSteps * m * n)
    this.scratch = new Float64Array(m)
  }

  get steps(): number {
    return this.count
  }

  /** Bytes of the steps held (the buffers may have more room). */
  get bytes(): number {
    return this.count * (this.m * this.n + 2) * 8
  }

  /** Forgets all steps, keeping the buffers. */
  clear(): void {
    this.count = 0
    this.cursor = 0
  }

  /** Node j of a step [t0, t1]. */
  nodeTime(t0: number, t1: number, j: number): number {
    return j === this.m - 1 ? t1 : t0 + (t1 - t0) * this.nodes[j]
  }

  /**
   * Appends the step [t0, t1] (t0 < t1); `sample(t, out)` must write the state at t.
   * Returns the index of the step.
   */
  add(t0: number, t1: number, sample: (t: number, out: Float64Array, offset: number) => void): number {
    if (this.count === this.t0s.length) this.grow()
    const k = this.count++
    this.t0s[k] = t0
    this.t1s[k] = t1
    const base = k * this.m * this.n
    for (let j = 0; j < this.m; j++) sample(this.nodeTime(t0, t1, j), this.data, base + j * this.n)
    return k
  }

  /** Writes the interpolated state at t into out, searching steps [first, first+count). */
  evaluate(t: number, first: number, count: number, out: Float64Array): void {
    const k = this.locate(t, first, count)
    const { m, n } = this
    const t0 = this.t0s[k]
    const h = this.t1s[k] - t0
    const x = h > 0 ? (t - t0) / h : 0
    const base = k * m * n
    const c = this.scratch
    let denom = 0
    for (let j = 0; j < m; j++) {
      const d = x - this.nodes[j]
      if (d === 0) {
        const off = base + j * n
        for (let i = 0; i < n; i++) out[i] = this.data[off + i]
        return
      }
      c[j] = this.weights[j] / d
      denom += c[j]
    }
    for (let i = 0; i < n; i++) out[i] = 0
    for (let j = 0; j < m; j++) {
      const cj = c[j] / denom
      const off = base + j * n
      for (let i = 0; i < n; i++) out[i] += cj * this.data[off + i]
    }
  }

  private locate(t: number, first: number, count: number): number {
    const last = first + count - 1
    let k = Math.min(Math.max(this.cursor, first), last)
    while (k > first && t < this.t0s[k]) k--
    while (k < last && t > this.t1s[k]) k++
    this.cursor = k
    return k
  }

  private grow(): void {
    const cap = this.t0s.length * 2
    const t0s = new Float64Array(cap)
    t0s.set(this.t0s)
    const t1s = new Float64Array(cap)
    t1s.set(this.t1s)
    const data = new Float64Array(cap * this.m * this.n)
    data.set(this.data)
    this.t0s = t0s
    this.t1s = t1s
    this.data = data
  }
}
