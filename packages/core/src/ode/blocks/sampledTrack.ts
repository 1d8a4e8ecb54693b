/**
 * A recorded vector signal a(t) of `size` entries, step by step: each step [ta, tb] keeps a at
 * x = 0, 1/3, 2/3, 1 (x = (t − ta)/(tb − ta)), and a read is the cubic through them — the order
 * of the integrators' dense output it samples. Steps are appended in any time order (the
 * backward pass records backward); a range of steps [first, first + count) belongs to one
 * component and must be sorted one way, and a read locates its step from a cursor.
 */
export class SampledTrack {
  /** x of the four samples of a step. */
  static readonly nodes = Float64Array.of(0, 1 / 3, 2 / 3, 1)
  private ta: Float64Array
  private tb: Float64Array
  private data: Float64Array
  private count = 0

  constructor(
    readonly size: number,
    initialSteps = 64,
  ) {
    this.ta = new Float64Array(initialSteps)
    this.tb = new Float64Array(initialSteps)
    this.data = new Float64Array(initialSteps * 4 * size)
  }

  get steps(): number {
    return this.count
  }

  get bytes(): number {
    return (this.count * (2 + 4 * this.size)) * 8
  }

  clear(): void {
    this.count = 0
  }

  /**
   * Appends the step [ta, tb] (ta < tb) and returns the offset in `values()` where its four
   * samples go, sample q at offset + q·size: the caller writes them.
   */
  add(ta: number, tb: number): number {
    if (this.count === this.ta.length) {
      const cap = 2 * this.count
      this.ta = grown(this.ta, cap)
      this.tb = grown(this.tb, cap)
      this.data = grown(this.data, cap * 4 * this.size)
    }
    const k = this.count++
    this.ta[k] = ta
    this.tb[k] = tb
    return k * 4 * this.size
  }

  /** The sample buffer (valid until the next `add`). */
  values(): Float64Array {
    return this.data
  }

  /**
   * Entry i at time t, from the steps [first, first + count) (sorted by time, increasing when
   * `ascending`); `cursors[slot]` is where the last read of this range ended. 0 when the range is
   * empty; t outside the range reads the nearest step's end.
   */
  value(t: number, first: number, count: number, ascending: boolean, i: number, cursors: Int32Array, slot: number): number {
    if (count === 0) return 0
    const last = first + count - 1
    let k = cursors[slot]
    if (k < first || k > last) k = first
    const ta = this.ta
    const tb = this.tb
    if (ascending) {
      while (k > first && t < ta[k]) k--
      while (k < last && t > tb[k]) k++
    } else {
      while (k > first && t > tb[k]) k--
      while (k < last && t < ta[k]) k++
    }
    cursors[slot] = k
    const a = ta[k]
    const h = tb[k] - a
    let x = h > 0 ? (t - a) / h : 0
    if (x < 0) x = 0
    else if (x > 1) x = 1
    const m = this.size
    const base = k * 4 * m + i
    const d = this.data
    // Lagrange on 0, 1/3, 2/3, 1
    const x1 = x - 1 / 3
    const x2 = x - 2 / 3
    const x3 = x - 1
    const l0 = -4.5 * x1 * x2 * x3
    const l1 = 13.5 * x * x2 * x3
    const l2 = -13.5 * x * x1 * x3
    const l3 = 4.5 * x * x1 * x2
    return l0 * d[base] + l1 * d[base + m] + l2 * d[base + 2 * m] + l3 * d[base + 3 * m]
  }
}

function grown(a: Float64Array, length: number): Float64Array {
  const b = new Float64Array(length)
  b.set(a)
  return b
}
