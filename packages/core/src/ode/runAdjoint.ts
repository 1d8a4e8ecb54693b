import { HermiteStore } from './hermiteStore.js'
import { BackwardRunner } from './backwardRunner.js'
import { TrajectoryBudget } from './trajectoryBudget.js'
import { ForwardRunner, newCounters, type Checkpoint, type Piece } from './forwardRunner.js'
import type { GradientSolution } from './gradientSolution.js'
import type { EventOccurrence, InitialValue, Problem } from './problem.js'
import { problemThrew, type SolveError } from './solveError.js'
import type { FiredEvent } from './solveForward.js'
import type { ResolvedSolveOptions } from './solveOptions.js'

/**
 * The gradient by the continuous adjoint method (see `adjointGradient`), y(t) on the backward
 * pass from the recordings the forward pass kept — every one (`keepAll`) or the latest up to
 * `trajectoryBudgetMb`, recomputed from checkpoints before them.
 */
export function runAdjoint(problem: Problem, iv: InitialValue, opts: ResolvedSolveOptions, keepAll: boolean): GradientSolution | SolveError {
  return new AdjointRun(problem, iv, opts, keepAll).run()
}

/**
 * Recordings left by earlier gradients, for the next ones to reuse: a training run computes
 * thousands of gradients of one shape, and growing fresh buffers for each (and collecting them)
 * took about 5 % of a gradient's time. At most `spareStoreBytes` of buffers are kept.
 */
const spareStores: HermiteStore[] = []
const spareStoreBytes = 64 * 2 ** 20

/** A segment of the forward pass: its checkpoint, and its recording while it is kept. */
interface Segment {
  readonly start: Checkpoint
  pieces?: readonly Piece[]
  store?: HermiteStore
}

class AdjointRun {
  private readonly n: number
  private readonly theta: Float64Array
  private readonly forwardCounters = newCounters()
  private readonly recomputeCounters = newCounters()
  /** Recordings no longer needed, for reuse (their buffers stay allocated). */
  private readonly pool: HermiteStore[] = []
  private peakBytes = 0
  private readonly timing = { forwardMs: 0, recomputeMs: 0, backwardMs: 0, quadratureMs: 0 }
  private readonly backward: BackwardRunner

  constructor(
    private readonly problem: Problem,
    private readonly iv: InitialValue,
    private readonly opts: ResolvedSolveOptions,
    private readonly keepAll: boolean,
  ) {
    this.n = problem.dimension
    this.theta = iv.theta
    this.backward = new BackwardRunner(problem, iv.theta, opts)
  }

  run(): GradientSolution | SolveError {
    const segments: Segment[] = []
    try {
      return this.runWith(segments)
    } finally {
      this.releaseStores(segments)
    }
  }

  private runWith(segments: Segment[]): GradientSolution | SolveError {
    const { problem, iv, opts, n } = this
    const keepAll = this.keepAll
    let clock = performance.now()
    // forward pass: checkpoints, and the recordings of the latest segments
    const runner = new ForwardRunner(problem, iv, opts, this.forwardCounters, true)
    const events: FiredEvent[] = []
    const occurred: EventOccurrence[] = []
    let cp: Checkpoint = { t: iv.t0, y: iv.y0, q: 0, h: opts.initialStep }
    const tEndTol = 4 * Number.EPSILON * Math.max(Math.abs(iv.t1), iv.t1 - iv.t0)
    const budget = new TrajectoryBudget(opts.trajectoryBudgetMb * 2 ** 20, keepAll, iv.t0, iv.t1)
    while (iv.t1 - cp.t > tEndTol) {
      const store = budget.shouldRecord(cp.t, segments.length, this.forwardCounters.accepted) ? this.freshStore() : undefined
      const seg = runner.runSegment(cp, store)
      if ('message' in seg) return seg
      const segment: Segment = store === undefined ? { start: cp } : { start: cp, pieces: seg.pieces, store }
      segments.push(segment)
      budget.add(segment, seg.end.t - cp.t, (dropped) => this.pool.push(dropped))
      for (const piece of seg.pieces) {
        for (const ev of piece.events) {
          events.push({ t: ev.t, family: problem.events![ev.family].name, index: ev.index })
          occurred.push({ t: ev.t, family: ev.family, index: ev.index })
        }
      }
      cp = seg.end
    }
    this.peakBytes = budget.peakBytes
    this.peakBytes += segments.length * 8 * (n + 4)
    this.timing.forwardMs = performance.now() - clock
    const yEnd = cp.y
    let loss = cp.q
    const lambda = new Float64Array(n)
    const gradient = new Float64Array(problem.parameterCount)
    try {
      const tc = problem.terminalCost
      if (tc !== undefined) {
        this.backward.where = 'terminalCost'
        loss += tc.value(iv.t1, yEnd, this.theta)
        tc.gradState(iv.t1, yEnd, this.theta, lambda)
        tc.gradParams?.(iv.t1, yEnd, this.theta, gradient)
      }
      // a cost on the event times: its ∂Ψ/∂y(t1) adds to λ(t1), its ∂Ψ/∂t_k enters event k's jump condition
      const ec = problem.eventCost
      const timeCosts = ec === undefined ? undefined : new Float64Array(occurred.length)
      if (ec !== undefined && timeCosts !== undefined) {
        this.backward.where = 'eventCost'
        loss += ec.value(occurred, iv.t1, yEnd, this.theta)
        const gradState = new Float64Array(n)
        ec.gradient(occurred, iv.t1, yEnd, this.theta, timeCosts, gradState, gradient)
        for (let i = 0; i < n; i++) lambda[i] += gradState[i]
      }
      let eventNumber = occurred.length
      // backward pass, segment by segment
      const recompute = new ForwardRunner(problem, iv, opts, this.recomputeCounters, true)
      recompute.stepBudget = Number.MAX_SAFE_INTEGER
      for (let s = segments.length - 1; s >= 0; s--) {
        let { pieces, store } = segments[s]
        if (pieces === undefined || store === undefined) {
          // every later segment is done with: its recording goes back to the pool
          clock = performance.now()
          store = this.freshStore()
          const seg = recompute.runSegment(segments[s].start, store)
          if ('message' in seg) return seg
          pieces = seg.pieces
          this.peakBytes = Math.max(this.peakBytes, store.bytes + segments.length * 8 * (n + 4))
          this.timing.recomputeMs += performance.now() - clock
        }
        clock = performance.now()
        for (let p = pieces.length - 1; p >= 0; p--) {
          const piece = pieces[p]
          for (let e = piece.events.length - 1; e >= 0; e--) {
            eventNumber--
            this.backward.eventAdjoint(piece.events[e], lambda, gradient, timeCosts === undefined ? 0 : timeCosts[eventNumber])
          }
          const err = this.backward.integratePiece(piece, store, lambda, gradient)
          if (err !== undefined) return err
        }
        this.pool.push(store)
        segments[s].pieces = undefined
        segments[s].store = undefined
        this.timing.backwardMs += performance.now() - clock
      }
      if (eventNumber !== 0) throw new Error(`the backward pass met ${occurred.length - eventNumber} events, the forward pass fired ${occurred.length}`)
    } catch (e) {
      return problemThrew(this.backward.where, this.backward.whereT, e)
    }
    return {
      loss,
      gradient,
      initialStateGradient: lambda,
      y1: Float64Array.from(yEnd),
      events,
      stats: {
        forward: { ...this.forwardCounters, checkpoints: segments.length },
        recompute: { ...this.recomputeCounters },
        backward: { ...this.backward.counts },
        peakTrajectoryBytes: this.peakBytes,
        memory: this.keepAll ? 'all' : 'checkpoint',
        timing: { ...this.timing, quadratureMs: this.backward.quadratureMs },
      },
    }
  }

  /** An empty recording: one from the pool, or one an earlier gradient left, or a new one. */
  private freshStore(): HermiteStore {
    const auxSize = this.problem.auxiliary?.size ?? 0
    let reused = this.pool.pop()
    if (reused === undefined) {
      const k = spareStores.findIndex((s) => s.fits(this.n, this.opts.denseNodes, auxSize))
      if (k >= 0) reused = spareStores.splice(k, 1)[0]
    }
    if (reused !== undefined) {
      reused.clear()
      return reused
    }
    return new HermiteStore(this.n, this.opts.denseNodes, 64, auxSize)
  }

  /** Hands the recordings of this run to the next gradients (within `spareStoreBytes`). */
  private releaseStores(segments: readonly Segment[]): void {
    for (const s of segments) if (s.store !== undefined) this.pool.push(s.store)
    let held = spareStores.reduce((sum, s) => sum + s.capacityBytes, 0)
    for (const store of this.pool.sort((a, b) => b.capacityBytes - a.capacityBytes)) {
      if (held + store.capacityBytes > spareStoreBytes) continue
      store.clear()
      spareStores.push(store)
      held += store.capacityBytes
    }
    this.pool.length = 0
  }
}
