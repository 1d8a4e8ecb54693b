/**
 * Views of fixed ranges of the solver's arrays, made once per array. The solver hands the
 * network a few scratch arrays over and over; a neuron plugin wants its population's slice
 * of them as an array of its own. `of(buffer)` returns the views of `buffer` (the buffer
 * itself for a range that starts at 0 — a plugin reads only its first entries), creating
 * them the first time a buffer is seen and keeping the most recent `capacity` buffers, so
 * that a right-hand side or VJP allocates nothing once the solver's arrays have been seen.
 */
export class StateViews {
  private readonly buffers: Float64Array[] = []
  private readonly views: Float64Array[][] = []

  constructor(
    private readonly ranges: readonly (readonly [start: number, end: number])[],
    private readonly capacity = 16,
  ) {}

  of(buffer: Float64Array): readonly Float64Array[] {
    const { buffers } = this
    for (let i = 0; i < buffers.length; i++) if (buffers[i] === buffer) return this.views[i]
    const made = this.ranges.map(([start, end]) => (start === 0 ? buffer : buffer.subarray(start, end)))
    if (buffers.length >= this.capacity) {
      buffers.shift()
      this.views.shift()
    }
    buffers.push(buffer)
    this.views.push(made)
    return made
  }
}
