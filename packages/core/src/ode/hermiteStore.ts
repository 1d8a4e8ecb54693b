/**
 * The forward trajectory kept for the backward pass, one accepted step [t0, t1] at a time, in
 * the very form of odex's dense output: with x = (t − t0)/h,
 *
 *   y(x) = H(x) + x²(1 − x)² R(x),
 *
 * where H is the cubic Hermite interpolant of y0, y1 and the slopes h·f0, h·f1 at the ends
 * (the right-hand sides the integrator evaluated there anyway) and R is the polynomial through
 * p interior samples of the dense output, at Chebyshev points. odex's own correction term is a
 * polynomial of degree 2k − 3 (k its extrapolation column), so p = 2k − 2 samples reproduce
 * its dense output to rounding; fewer drop only terms that odex keeps at the tolerance level.
 * Sampling the dense output is the costly part (odex looks each component up by a linear
 * scan), so the Hermite ends, which are free, matter.
 */
export class HermiteStore {
  readonly n: number
  readonly p: number
  private readonly nodes: Float64Array
  private readonly weights: Float64Array
  private readonly scratch: Float64Array
  private readonly sample: Float64Array
  private t0s: Float64Array
  private t1s: Float64Array
  private data: Float64Array
  private count = 0
  private cursor = 0
  /** Auxiliary values per step at x = 0, the interior nodes and x = 1 (Lagrange, p + 2 nodes). */
  readonly auxSize: number
  private auxData: Float64Array
  private readonly auxNodes: Float64Array
  private readonly auxWeights: Float64Array
  private readonly auxScratch: Float64Array
  private readonly auxTmp: Float64Array
  private lastK = 0
  private lastX = 0

  constructor(n: number, p: number, initialSteps = 64, auxSize = 0) {
    this.n = n
    this.p = p
    this.auxSize = auxSize
    this.nodes = new Float64Array(p)
    this.weights = new Float64Array(p)
    for (let i = 0; i < p; i++) {
      const angle = ((2 * i + 1) * Math.PI) / (2 * p)
      this.nodes[i] = (1 - Math.cos(angle)) / 2
      this.weights[i] = (i % 2 === 0 ? 1 : -1) * Math.sin(angle)
    }
    this.scratch = new Float64Array(Math.max(p, 1))
    this.sample = new Float64Array(n)
    this.t0s = new Float64Array(initialSteps)
    this.t1s = new Float64Array(initialSteps)
    this.data = new Float64Array(initialSteps * (4 + p) * n)
    this.auxData = new Float64Array(initialSteps * (p + 2) * auxSize)
    this.auxNodes = Float64Array.from([0, ...this.nodes, 1])
    this.auxWeights = new Float64Array(p + 2)
    for (let i = 0; i < p + 2; i++) {
      let w = 1
      for (let j = 0; j < p + 2; j++) if (j !== i) w *= this.auxNodes[i] - this.auxNodes[j]
      this.auxWeights[i] = 1 / w
    }
    this.auxScratch = new Float64Array(p + 2)
    this.auxTmp = new Float64Array(auxSize)
  }

  get steps(): number {
    return this.count
  }

  /** Bytes of the steps held (the buffers may have more room). */
  get bytes(): number {
    return this.count * ((4 + this.p) * this.n + (this.p + 2) * this.auxSize + 2) * 8
  }

  /** Forgets all steps, keeping the buffers. */
  clear(): void {
    this.count = 0
    this.cursor = 0
  }

  /** Start of stored step k. */
  stepStart(k: number): number {
    return this.t0s[k]
  }

  /** End of stored step k. */
  stepEnd(k: number): number {
    return this.t1s[k]
  }

  /** Time of interior sample i of a step [t0, t1]. */
  nodeTime(t0: number, t1: number, i: number): number {
    return t0 + (t1 - t0) * this.nodes[i]
  }

  /**
   * Appends the step [t0, t1] (t0 < t1) from its end states and right-hand sides;
   * `dense(t, out)` writes the integrator's dense output at an interior time t.
   */
  add(
    t0: number,
    t1: number,
    y0: ArrayLike<number>,
    f0: ArrayLike<number>,
    y1: ArrayLike<number>,
    f1: ArrayLike<number>,
    dense: (t: number, out: Float64Array) => void,
    aux?: { readonly start: ArrayLike<number>; readonly end: ArrayLike<number>; compute(t: number, y: Float64Array, out: Float64Array): void },
  ): void {
    if (this.count === this.t0s.length) this.grow()
    const k = this.count++
    const { n, p } = this
    this.t0s[k] = t0
    this.t1s[k] = t1
    const h = t1 - t0
    const base = k * (4 + p) * n
    const d = this.data
    for (let i = 0; i < n; i++) {
      d[base + i] = y0[i]
      d[base + n + i] = y1[i]
      d[base + 2 * n + i] = h * f0[i]
      d[base + 3 * n + i] = h * f1[i]
    }
    for (let q = 0; q < p; q++) {
      const x = this.nodes[q]
      dense(t0 + h * x, this.sample)
      const w = 1 / (x * x * (1 - x) * (1 - x))
      const off = base + (4 + q) * n
      for (let i = 0; i < n; i++) d[off + i] = (this.sample[i] - hermite(d, base, n, i, x)) * w
      if (aux !== undefined) {
        aux.compute(t0 + h * x, this.sample, this.auxTmp)
        this.auxData.set(this.auxTmp, (k * (p + 2) + q + 1) * this.auxSize)
      }
    }
    if (aux !== undefined) {
      const m = this.auxSize
      const a = this.auxData
      const b0 = k * (p + 2) * m
      for (let i = 0; i < m; i++) {
        a[b0 + i] = aux.start[i]
        a[b0 + (p + 1) * m + i] = aux.end[i]
      }
    }
  }

  /** The auxiliary values at the time of the last `evaluate` (Lagrange on x = 0, the interior nodes, x = 1). */
  evaluateAux(out: Float64Array): void {
    const m = this.auxSize
    const P = this.p + 2
    const base = this.lastK * P * m
    const x = this.lastX
    const a = this.auxData
    const c = this.auxScratch
    let denom = 0
    for (let q = 0; q < P; q++) {
      const dx = x - this.auxNodes[q]
      if (dx === 0) {
        for (let i = 0; i < m; i++) out[i] = a[base + q * m + i]
        return
      }
      c[q] = this.auxWeights[q] / dx
      denom += c[q]
    }
    for (let i = 0; i < m; i++) out[i] = 0
    for (let q = 0; q < P; q++) {
      const cq = c[q] / denom
      const off = base + q * m
      for (let i = 0; i < m; i++) out[i] += cq * a[off + i]
    }
  }

  /** Writes the interpolated state at t into out, searching steps [first, first + count). */
  evaluate(t: number, first: number, count: number, out: Float64Array): void {
    const k = this.locate(t, first, count)
    const { n, p } = this
    const t0 = this.t0s[k]
    const h = this.t1s[k] - t0
    const x = h > 0 ? (t - t0) / h : 0
    this.lastK = k
    this.lastX = x
    const base = k * (4 + p) * n
    const d = this.data
    for (let i = 0; i < n; i++) out[i] = hermite(d, base, n, i, x)
    if (p === 0) return
    const bubble = x * x * (1 - x) * (1 - x)
    const c = this.scratch
    let exact = -1
    let denom = 0
    for (let q = 0; q < p; q++) {
      const dx = x - this.nodes[q]
      if (dx === 0) {
        exact = q
        break
      }
      c[q] = this.weights[q] / dx
      denom += c[q]
    }
    if (exact >= 0) {
      const off = base + (4 + exact) * n
      for (let i = 0; i < n; i++) out[i] += bubble * d[off + i]
      return
    }
    for (let q = 0; q < p; q++) {
      const cq = (bubble * c[q]) / denom
      const off = base + (4 + q) * n
      for (let i = 0; i < n; i++) out[i] += cq * d[off + i]
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
    const data = new Float64Array(cap * (4 + this.p) * this.n)
    data.set(this.data)
    const auxData = new Float64Array(cap * (this.p + 2) * this.auxSize)
    auxData.set(this.auxData)
    this.auxData = auxData
    this.t0s = t0s
    this.t1s = t1s
    this.data = data
  }
}

/** Cubic Hermite from y0, y1 and h·f0, h·f1 stored at base, base + n, base + 2n, base + 3n. */
function hermite(d: Float64Array, base: number, n: number, i: number, x: number): number {
  const y0 = d[base + i]
  const y1 = d[base + n + i]
  const m0 = d[base + 2 * n + i]
  const m1 = d[base + 3 * n + i]
  const x2 = x * x
  const x3 = x2 * x
  return (2 * x3 - 3 * x2 + 1) * y0 + (x3 - 2 * x2 + x) * m0 + (-2 * x3 + 3 * x2) * y1 + (x3 - x2) * m1
}
