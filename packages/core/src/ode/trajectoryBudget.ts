import type { Piece } from './forwardRunner.js'
import type { HermiteStore } from './hermiteStore.js'

/** A segment of the forward pass: where it starts, and its recording while it is kept. */
export interface RecordedSegment {
  readonly start: { readonly t: number }
  pieces?: readonly Piece[]
  store?: HermiteStore
}

/**
 * Which segments of a checkpointed forward pass are recorded and kept for the backward pass
 * (`SolveOptions.trajectoryBudgetMb`). It records the segments that may be among the last ones
 * the budget holds — the first one; those that start within twice the span the budget holds at
 * the pace so far of the end (early paces mislead); and one that may reach the end, what is left
 * being no longer than 1.25 times the previous segment — and keeps the latest that fit in the
 * budget, at least one: the backward pass recomputes only the others. A wrong guess costs
 * recordings that are dropped, about a budget's worth at most. With `keepAll` (memory 'all')
 * every segment is recorded and kept.
 */
export class TrajectoryBudget {
  private readonly kept: RecordedSegment[] = []
  private keptBytes = 0
  private recordedBytes = 0
  private recordedSteps = 0
  private lastSpan = 0
  /** Most bytes kept at once. */
  peakBytes = 0

  constructor(
    private readonly budgetBytes: number,
    private readonly keepAll: boolean,
    private readonly t0: number,
    private readonly t1: number,
  ) {}

  /** Whether the segment starting at t (after `segments` others, `accepted` steps so far) should be recorded. */
  shouldRecord(t: number, segments: number, accepted: number): boolean {
    if (this.keepAll || segments === 0) return true
    const stepsPerTime = accepted / (t - this.t0)
    const budgetSpan = this.recordedSteps > 0 ? this.budgetBytes / ((this.recordedBytes / this.recordedSteps) * stepsPerTime) : 0
    return this.t1 - t <= Math.max(2 * budgetSpan, 1.25 * this.lastSpan)
  }

  /**
   * Notes a finished segment (spanning `span`): a recorded one is kept, and the oldest kept
   * ones beyond the budget are dropped — their stores handed to `release`.
   */
  add(segment: RecordedSegment, span: number, release: (store: HermiteStore) => void): void {
    this.lastSpan = span
    const store = segment.store
    if (store === undefined) return
    this.kept.push(segment)
    this.keptBytes += store.bytes
    this.recordedBytes += store.bytes
    this.recordedSteps += store.steps
    while (!this.keepAll && this.keptBytes > this.budgetBytes && this.kept.length > 1) {
      const oldest = this.kept.shift()!
      this.keptBytes -= oldest.store!.bytes
      release(oldest.store!)
      oldest.pieces = undefined
      oldest.store = undefined
    }
    this.peakBytes = Math.max(this.peakBytes, this.keptBytes)
  }
}
