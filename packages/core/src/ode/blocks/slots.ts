/**
 * The working arrays of components integrated side by side: slot i of n holds one component, and
 * a state-sized array holds variable v of slot i at [v · n + i] (stride n, the layout a Neuron
 * plugin's vectorised functions read). A finished slot stays in place (its stages are evaluated
 * but not used) until fewer than half the slots are active; then the active ones are packed to
 * the front of every array made here, in place, and the stride shrinks — O(d · n) a time,
 * O(d · K) over a whole solve.
 */
export class Slots {
  /** Number of slots (the stride). */
  n: number
  /** Slots not finished. */
  active: number
  /** Component of each slot. */
  readonly comp: Int32Array
  /** 1 for a finished slot. */
  readonly done: Uint8Array
  private readonly arrays: { readonly x: Float64Array; readonly rows: number }[] = []
  private readonly spare: Float64Array

  constructor(
    count: number,
    private readonly d: number,
    private readonly A: number,
  ) {
    this.n = count
    this.active = count
    this.comp = new Int32Array(count)
    this.done = new Uint8Array(count)
    this.spare = new Float64Array(Math.max(1, Math.max(d, A, 1) * count))
  }

  /** A new array of `rows` values per slot (d: a state, A: auxiliary values, 1: a scalar), kept packed with the slots. */
  array(rows: number): Float64Array {
    const x = new Float64Array(Math.max(1, rows * this.n))
    this.arrays.push({ x, rows })
    return x
  }

  /** out = slot i's column of a state array x. */
  gather(x: Float64Array, i: number, out: Float64Array, rows = this.d): void {
    const n = this.n
    for (let v = 0; v < rows; v++) out[v] = x[v * n + i]
  }

  scatter(x: Float64Array, i: number, from: ArrayLike<number>, rows = this.d): void {
    const n = this.n
    for (let v = 0; v < rows; v++) x[v * n + i] = from[v]
  }

  /** Slot i's column of `from` into `to` (arrays of `rows` values per slot). */
  copy(from: Float64Array, to: Float64Array, i: number, rows = this.d): void {
    const n = this.n
    for (let v = 0; v < rows; v++) to[v * n + i] = from[v * n + i]
  }

  finish(i: number): void {
    if (this.done[i]) return
    this.done[i] = 1
    this.active--
  }

  /** Packs the active slots to the front when fewer than half are active. */
  compact(): void {
    const n = this.n
    if (this.active === 0 || 2 * this.active > n) return
    const m = this.active
    const keep = new Int32Array(m)
    let w = 0
    for (let i = 0; i < n; i++) if (!this.done[i]) keep[w++] = i
    const s = this.spare
    for (const { x, rows } of this.arrays) {
      for (let v = 0; v < rows; v++) for (let j = 0; j < m; j++) s[v * m + j] = x[v * n + keep[j]]
      x.set(s.subarray(0, rows * m))
    }
    for (let j = 0; j < m; j++) this.comp[j] = this.comp[keep[j]]
    this.done.fill(0)
    this.n = m
  }
}
