/**
 * The forward trajectory kept for the backward pass, one accepted step [t0, t1] at a time, in
 * the very form of odex's dense output: with x = (t − t0)/h,
 *
 *   y(x) = H(x) + x²(1 − x)² R(x),
 *
 * where H is the cubic Hermite interpolant of y0, y1 and the slopes h·f0, h·f1 at the ends
 * (the right-hand sides the integrator evaluated there anyway) and R is the polynomial through
 * p interior samples of the dense output, at Chebyshev points. odex's own correction term is a
 * polynomial of degree 2k − 3 (k the extrapolation column of the step), so p = 2k − 2 samples
 * reproduce its dense output to rounding; fewer drop only terms that odex keeps at the
 * tolerance level. Each step has its own p (at most the store's `maxSamples`): most steps
 * need 4, a few 6 or more. Sampling the dense output is the costly part (odex looks each
 * component up by a linear scan), so the Hermite ends, which are free, matter, and so does
 * taking no more samples than the step's polynomial has coefficients.
 */
export class HermiteStore {
  readonly n: number
  /** Most samples a step may keep. */
  readonly maxSamples: number
  /** Per sample count p: Chebyshev nodes in (0, 1) and their barycentric weights. */
  private readonly nodes: Float64Array[]
  private readonly weights: Float64Array[]
  /** Per p: the auxiliary nodes 0, the p interior nodes, 1, and their barycentric weights. */
  private readonly auxNodes: Float64Array[]
  private readonly auxWeights: Float64Array[]
  private readonly scratch: Float64Array
  private readonly sample: Float64Array
  private t0s: Float64Array
  private t1s: Float64Array
  /** Samples of each step, and where its values start in `data` and `auxData`. */
  private ps: Uint8Array
  private offsets: Float64Array
  private auxOffsets: Float64Array
  private data: Float64Array
  private dataUsed = 0
  private count = 0
  private cursor = 0
  /** Auxiliary values per step at x = 0, the interior nodes and x = 1 (Lagrange, p + 2 nodes). */
  readonly auxSize: number
  private auxData: Float64Array
  private auxUsed = 0
  private readonly auxScratch: Float64Array
  private readonly auxTmp: Float64Array
  private lastK = 0
  private lastX = 0

  constructor(n: number, maxSamples: number, initialSteps = 64, auxSize = 0) {
    this.n = n
    this.maxSamples = maxSamples
    this.auxSize = auxSize
    this.nodes = []
    this.weights = []
    this.auxNodes = []
    this.auxWeights = []
    for (let p = 0; p <= maxSamples; p++) {
      const nodes = new Float64Array(p)
      const weights = new Float64Array(p)
      for (let i = 0; i < p; i++) {
        const angle = ((2 * i + 1) * Math.PI) / (2 * p)
        nodes[i] = (1 - Math.cos(angle)) / 2
        weights[i] = (i % 2 === 0 ? 1 : -1) * Math.sin(angle)
      }
      const auxNodes = Float64Array.from([0, ...nodes, 1])
      const auxWeights = new Float64Array(p + 2)
      for (let i = 0; i < p + 2; i++) {
        let w = 1
        for (let j = 0; j < p + 2; j++) if (j !== i) w *= auxNodes[i] - auxNodes[j]
        auxWeights[i] = 1 / w
      }
      this.nodes.push(nodes)
      this.weights.push(weights)
      this.auxNodes.push(auxNodes)
      this.auxWeights.push(auxWeights)
    }
    this.scratch = new Float64Array(Math.max(maxSamples, 1))
    this.sample = new Float64Array(n)
    this.t0s = new Float64Array(initialSteps)
    this.t1s = new Float64Array(initialSteps)
    this.ps = new Uint8Array(initialSteps)
    this.offsets = new Float64Array(initialSteps)
    this.auxOffsets = new Float64Array(initialSteps)
    // room for steps of 4 samples; grown as needed
    this.data = new Float64Array(initialSteps * 8 * n)
    this.auxData = new Float64Array(initialSteps * 6 * auxSize)
    this.auxScratch = new Float64Array(maxSamples + 2)
    this.auxTmp = new Float64Array(auxSize)
  }

  get steps(): number {
    return this.count
  }

  /** Bytes of the steps held (the buffers may have more room). */
  get bytes(): number {
    return (this.dataUsed + this.auxUsed + 4 * this.count) * 8
  }

  /** Bytes of the buffers (held whether or not steps fill them). */
  get capacityBytes(): number {
    return (this.data.length + this.auxData.length + 4 * this.t0s.length) * 8 + this.ps.length
  }

  /** Whether this store keeps steps of dimension n with at most maxSamples samples and auxSize auxiliary values. */
  fits(n: number, maxSamples: number, auxSize: number): boolean {
    return this.n === n && this.maxSamples === maxSamples && this.auxSize === auxSize
  }

  /** Forgets all steps, keeping the buffers. */
  clear(): void {
    this.count = 0
    this.cursor = 0
    this.dataUsed = 0
    this.auxUsed = 0
  }

  /** Start of stored step k. */
  stepStart(k: number): number {
    return this.t0s[k]
  }

  /** End of stored step k. */
  stepEnd(k: number): number {
    return this.t1s[k]
  }

  /**
   * Appends the step [t0, t1] (t0 < t1) from its end states and right-hand sides and
   * `samples` interior samples (at most `maxSamples`) of the integrator's dense output, which
   * `dense(t, out)` writes at an interior time t.
   */
  add(
    t0: number,
    t1: number,
    y0: ArrayLike<number>,
    f0: ArrayLike<number>,
    y1: ArrayLike<number>,
    f1: ArrayLike<number>,
    samples: number,
    dense: (t: number, out: Float64Array) => void,
    aux?: { readonly start: ArrayLike<number>; readonly end: ArrayLike<number>; compute(t: number, y: Float64Array, out: Float64Array): void },
  ): void {
    const p = Math.max(0, Math.min(this.maxSamples, samples))
    const { n } = this
    const m = this.auxSize
    this.reserve((4 + p) * n, (p + 2) * m)
    const k = this.count++
    this.t0s[k] = t0
    this.t1s[k] = t1
    this.ps[k] = p
    const base = this.dataUsed
    const b0 = this.auxUsed
    this.offsets[k] = base
    this.auxOffsets[k] = b0
    this.dataUsed += (4 + p) * n
    this.auxUsed += (p + 2) * m
    const h = t1 - t0
    const d = this.data
    for (let i = 0; i < n; i++) {
      d[base + i] = y0[i]
      d[base + n + i] = y1[i]
      d[base + 2 * n + i] = h * f0[i]
      d[base + 3 * n + i] = h * f1[i]
    }
    const nodes = this.nodes[p]
    for (let q = 0; q < p; q++) {
      const x = nodes[q]
      dense(t0 + h * x, this.sample)
      const w = 1 / (x * x * (1 - x) * (1 - x))
      const off = base + (4 + q) * n
      for (let i = 0; i < n; i++) d[off + i] = (this.sample[i] - hermite(d, base, n, i, x)) * w
      if (aux !== undefined) {
        aux.compute(t0 + h * x, this.sample, this.auxTmp)
        this.auxData.set(this.auxTmp, b0 + (q + 1) * m)
      }
    }
    if (aux !== undefined) {
      const a = this.auxData
      for (let i = 0; i < m; i++) {
        a[b0 + i] = aux.start[i]
        a[b0 + (p + 1) * m + i] = aux.end[i]
      }
    }
  }

  /** The auxiliary values at the time of the last `evaluate` (Lagrange on x = 0, the interior nodes, x = 1). */
  evaluateAux(out: Float64Array): void {
    const m = this.auxSize
    const k = this.lastK
    const P = this.ps[k] + 2
    const nodes = this.auxNodes[P - 2]
    const weights = this.auxWeights[P - 2]
    const base = this.auxOffsets[k]
    const x = this.lastX
    const a = this.auxData
    const c = this.auxScratch
    let denom = 0
    for (let q = 0; q < P; q++) {
      const dx = x - nodes[q]
      if (dx === 0) {
        for (let i = 0; i < m; i++) out[i] = a[base + q * m + i]
        return
      }
      c[q] = weights[q] / dx
      denom += c[q]
    }
    for (let i = 0; i < m; i++) out[i] = 0
    for (let q = 0; q < P; q++) {
      const cq = c[q] / denom
      const off = base + q * m
      for (let i = 0; i < m; i++) out[i] += cq * a[off + i]
    }
  }

  /** The length of the stored step (among [first, first + count)) that ends at or after t and starts before it. */
  stepLengthBelow(t: number, first: number, count: number): number {
    const last = first + count - 1
    let k = Math.min(Math.max(this.cursor, first), last)
    while (k > first && t <= this.t0s[k]) k--
    while (k < last && t > this.t1s[k]) k++
    this.cursor = k
    return this.t1s[k] - this.t0s[k]
  }

  /** Writes the interpolated state at t into out, searching steps [first, first + count). */
  evaluate(t: number, first: number, count: number, out: Float64Array): void {
    const k = this.locate(t, first, count)
    const { n } = this
    const p = this.ps[k]
    const t0 = this.t0s[k]
    const h = this.t1s[k] - t0
    const x = h > 0 ? (t - t0) / h : 0
    this.lastK = k
    this.lastX = x
    const base = this.offsets[k]
    const d = this.data
    for (let i = 0; i < n; i++) out[i] = hermite(d, base, n, i, x)
    if (p === 0) return
    const nodes = this.nodes[p]
    const weights = this.weights[p]
    const bubble = x * x * (1 - x) * (1 - x)
    const c = this.scratch
    let exact = -1
    let denom = 0
    for (let q = 0; q < p; q++) {
      const dx = x - nodes[q]
      if (dx === 0) {
        exact = q
        break
      }
      c[q] = weights[q] / dx
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

  /**
   * Components idx[from … from + size) of the interpolated state at t into out[at …], one search
   * (from `cursors[slot]`, which keeps it) for all: a reader of many entries of one recording at
   * one time. The same values as `valueAt` of each. Allocates nothing.
   */
  valuesAt(t: number, first: number, count: number, idx: Int32Array, from: number, size: number, out: Float64Array, at: number, cursors: Int32Array, slot: number): void {
    const k = this.seek(t, first, count, cursors, slot)
    const n = this.n
    const p = this.ps[k]
    const t0 = this.t0s[k]
    const h = this.t1s[k] - t0
    const x = h > 0 ? (t - t0) / h : 0
    const base = this.offsets[k]
    const d = this.data
    for (let e = 0; e < size; e++) out[at + e] = hermite(d, base, n, idx[from + e], x)
    if (p === 0) return
    const nodes = this.nodes[p]
    const weights = this.weights[p]
    const bubble = x * x * (1 - x) * (1 - x)
    for (let q = 0; q < p; q++) {
      if (x - nodes[q] !== 0) continue
      const off = base + (4 + q) * n
      for (let e = 0; e < size; e++) out[at + e] += bubble * d[off + idx[from + e]]
      return
    }
    let denom = 0
    for (let q = 0; q < p; q++) denom += weights[q] / (x - nodes[q])
    for (let e = 0; e < size; e++) {
      const i = idx[from + e]
      let num = 0
      for (let q = 0; q < p; q++) num += (weights[q] / (x - nodes[q])) * d[base + (4 + q) * n + i]
      out[at + e] += (bubble * num) / denom
    }
  }

  /**
   * Component i of the interpolated state at t, searching steps [first, first + count) from
   * `cursors[slot]` (left where this read ended): one component read by many readers, each
   * moving monotonically in time, in O(1) a read. Allocates nothing.
   */
  valueAt(t: number, first: number, count: number, i: number, cursors: Int32Array, slot: number): number {
    const k = this.seek(t, first, count, cursors, slot)
    const t0s = this.t0s
    const t1s = this.t1s
    const n = this.n
    const p = this.ps[k]
    const t0 = t0s[k]
    const h = t1s[k] - t0
    const x = h > 0 ? (t - t0) / h : 0
    const base = this.offsets[k]
    const d = this.data
    let v = hermite(d, base, n, i, x)
    if (p === 0) return v
    const nodes = this.nodes[p]
    const weights = this.weights[p]
    const bubble = x * x * (1 - x) * (1 - x)
    let num = 0
    let denom = 0
    for (let q = 0; q < p; q++) {
      const dx = x - nodes[q]
      if (dx === 0) return v + bubble * d[base + (4 + q) * n + i]
      const c = weights[q] / dx
      num += c * d[base + (4 + q) * n + i]
      denom += c
    }
    v += (bubble * num) / denom
    return v
  }

  /**
   * d/dt of component i of the interpolant at t (what `valueAt` reads), searching as `valueAt`
   * does. At a step's boundary, the step that `valueAt` would read there. Allocates nothing.
   */
  rateAt(t: number, first: number, count: number, i: number, cursors: Int32Array, slot: number): number {
    const k = this.seek(t, first, count, cursors, slot)
    const t0s = this.t0s
    const t1s = this.t1s
    const n = this.n
    const p = this.ps[k]
    const t0 = t0s[k]
    const h = t1s[k] - t0
    if (!(h > 0)) return 0
    const x = (t - t0) / h
    const base = this.offsets[k]
    const d = this.data
    // dH/dx from y0, y1 and the slopes h·f0, h·f1
    const x2 = x * x
    let dv = (6 * x2 - 6 * x) * d[base + i] + (3 * x2 - 4 * x + 1) * d[base + 2 * n + i] + (-6 * x2 + 6 * x) * d[base + n + i] + (3 * x2 - 2 * x) * d[base + 3 * n + i]
    if (p > 0) {
      // + d/dx [B(x) R(x)], B = x²(1 − x)², R the barycentric interpolant of the samples
      const nodes = this.nodes[p]
      const weights = this.weights[p]
      const bubble = x2 * (1 - x) * (1 - x)
      const dBubble = 2 * x * (1 - x) * (1 - 2 * x)
      // within 1e-7 of a node, R′ there (the general form loses digits as 1/(x − x_j)); its
      // error, |R″|·1e-7, is below what the store's steps hold anyway
      let exact = -1
      for (let q = 0; q < p; q++) if (Math.abs(x - nodes[q]) < 1e-7) exact = q
      let r: number
      let dr = 0
      if (exact >= 0) {
        // R(x_j) = r_j, R′(x_j) = Σ_{q≠j} (w_q / w_j)(r_q − r_j)/(x_j − x_q)
        const rj = d[base + (4 + exact) * n + i]
        for (let q = 0; q < p; q++) {
          if (q === exact) continue
          dr += ((weights[q] / weights[exact]) * (d[base + (4 + q) * n + i] - rj)) / (nodes[exact] - nodes[q])
        }
        r = rj + dr * (x - nodes[exact])
      } else {
        // R = Σ c_q r_q / Σ c_q and R′ = Σ c_q (R − r_q)/(x − x_q) / Σ c_q, c_q = w_q/(x − x_q)
        let num = 0
        let den = 0
        for (let q = 0; q < p; q++) {
          const c = weights[q] / (x - nodes[q])
          num += c * d[base + (4 + q) * n + i]
          den += c
        }
        r = num / den
        let dNum = 0
        for (let q = 0; q < p; q++) {
          const dx = x - nodes[q]
          dNum += (weights[q] / dx) * ((r - d[base + (4 + q) * n + i]) / dx)
        }
        dr = dNum / den
      }
      dv += dBubble * r + bubble * dr
    }
    return dv / h
  }

  /** The step among [first, first + count) that holds t, walked from `cursors[slot]`, which keeps it. */
  private seek(t: number, first: number, count: number, cursors: Int32Array, slot: number): number {
    const k = this.find(t, first, first + count - 1, cursors[slot])
    cursors[slot] = k
    return k
  }

  private locate(t: number, first: number, count: number): number {
    const k = this.find(t, first, first + count - 1, this.cursor)
    this.cursor = k
    return k
  }

  /**
   * The step of [first, last] that holds t, searched from step `from`: a walk of a few steps
   * (reads that move monotonically in time cost O(1)), then bisection — readers that share a
   * cursor and read far apart (many components at their own times, each through its own delay)
   * would otherwise walk the whole recording at every read.
   */
  private find(t: number, first: number, last: number, from: number): number {
    const t0s = this.t0s
    const t1s = this.t1s
    let k = from < first || from > last ? first : from
    for (let walk = 0; walk < 8; walk++) {
      if (k > first && t < t0s[k]) k--
      else if (k < last && t > t1s[k]) k++
      else return k
    }
    // bisection for the first step whose end is at or past t (the last step when none is)
    let lo = first
    let hi = last
    while (lo < hi) {
      const mid = (lo + hi) >>> 1
      if (t1s[mid] < t) lo = mid + 1
      else hi = mid
    }
    // as the walk settles: back while t is before the step's start
    while (lo > first && t < t0s[lo]) lo--
    return lo
  }

  /** Room for one more step of `values` state and `auxValues` auxiliary numbers. */
  private reserve(values: number, auxValues: number): void {
    if (this.count === this.t0s.length) {
      const cap = 2 * this.t0s.length
      this.t0s = grown(this.t0s, cap)
      this.t1s = grown(this.t1s, cap)
      this.offsets = grown(this.offsets, cap)
      this.auxOffsets = grown(this.auxOffsets, cap)
      const ps = new Uint8Array(cap)
      ps.set(this.ps)
      this.ps = ps
    }
    if (this.dataUsed + values > this.data.length) {
      this.data = grown(this.data, Math.max(2 * this.data.length, this.dataUsed + values))
    }
    if (this.auxUsed + auxValues > this.auxData.length) {
      this.auxData = grown(this.auxData, Math.max(2 * this.auxData.length, this.auxUsed + auxValues))
    }
  }
}

/** A copy of `a` in a longer array of `length` elements. */
function grown(a: Float64Array, length: number): Float64Array {
  const b = new Float64Array(length)
  b.set(a)
  return b
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
