import { left, right, type Either } from 'fp-ts/lib/Either.js'
import { BackwardRunner } from '../backwardRunner.js'
import { ForwardRunner, newCounters, type Checkpoint, type Piece } from '../forwardRunner.js'
import { HermiteStore } from '../hermiteStore.js'
import type { Step } from '../integrator.js'
import type { InitialValue } from '../problem.js'
import { invalidProblem, maxStepsExceeded, nonFiniteState, problemThrew, stepSizeUnderflow, trajectoryBudgetExceeded, type SolveError } from '../solveError.js'
import { adjointOf } from '../adjointMethod.js'
import type { FiredEvent } from '../solveForward.js'
import { defaultSolverFor, resolveSolveOptions, type ResolvedSolveOptions, type SolveOptions } from '../solveOptions.js'
import { validateProblem } from '../validateProblem.js'
import { bs3, solverOf } from '../solver.js'
import { bogackiShampine3 } from '../bogackiShampine3.js'
import type { GradientSolution } from '../adjointGradient.js'
import type { Block, BlockEventOccurrence, BlockLinks, BlockProblem } from './blockProblem.js'
import { batchBackward, type BlockEnds } from './batchBackward.js'
import { batchForward, batchSnapshot, snapshotBytes, type BatchSnapshot } from './batchForward.js'
import { SampledTrack } from './sampledTrack.js'

/** The initial-value data of a structured solve: every component's y0 comes from its block. */
export type BlockInterval = Omit<InitialValue, 'y0'>

/**
 * The loss L = ∫ l(t, w) dt + Φ(w(t1)) + Ψ(event times, y(t1)) of a structured problem (DESIGN §8) and its exact gradient
 * in θ: each component of each block integrated forward on its own steps (blocks in order), the
 * cost integrated on steps of its own over the recorded outputs, then each component's adjoint
 * integrated backward (blocks in reverse order) with its events' jump conditions, forced on its
 * outputs by the cost's recorded gradient and by the cotangents later blocks recorded.
 * `initialStateGradient` is empty: y0 is the blocks' (see `Block.initialStateVjp`).
 *
 * Memory: in checkpoint mode (the default adjoint) the recordings held at once stay within
 * `trajectoryBudgetMb`. A trial whose recording fits is solved in one pass, every recording kept.
 * One that does not is solved **window by window in time**: forward, every block and the cost
 * over one window at a time, keeping only where each component stands at the next window's
 * start (its state, step size and controller); backward, from the last window, each window's
 * recordings recomputed from there (the same steps) and every block run back over it, λ carried
 * from window to window. Windows are stops for every component, so the gradient differs from the
 * one-pass solve's within the solve's tolerance. A problem whose blocks read one another at a lag
 * (`BlockProblem.laggedReads`: delays between populations), or whose recording does not fit in
 * `maxWindows` windows, stops with TrajectoryBudgetExceeded (the `byBlocks` structure then solves
 * the problem whole, recomputing from checkpoints, or, when it has no whole form, keeps every
 * step). With every step kept (an adjoint with `continuous.keepAll`, 'all') there is no bound.
 * Never throws.
 */
export function blockGradient(problem: BlockProblem, iv: BlockInterval, options: SolveOptions = {}): Either<SolveError, GradientSolution> {
  const run = blockRun(problem, iv, options)
  return run._tag === 'Left' ? run : run.right.run()
}

/** What `blockForward` gives: the loss, the events, and each block's states at the times asked for. */
export interface BlockForwardSolution {
  /** L = ∫ l dt + Φ + Ψ. */
  readonly loss: number
  readonly events: readonly FiredEvent[]
  /** Per block, the state of each component at each time: [(i · count + k) · d + v] for time i, component k, variable v. */
  readonly states: readonly Float64Array[]
  /** Per block, each component's state at t1 (count · d). */
  readonly final: readonly Float64Array[]
}

/**
 * The forward pass of a structured problem alone: every component integrated on its own steps
 * (as `blockGradient` does), the cost integrated over the recorded outputs for the loss, and the
 * states sampled at `saveAt` (increasing times in [t0, t1]) from the recordings. Never throws.
 */
export function blockForward(problem: BlockProblem, iv: BlockInterval, saveAt: Float64Array, options: SolveOptions = {}): Either<SolveError, BlockForwardSolution> {
  const run = blockRun(problem, iv, options)
  return run._tag === 'Left' ? run : run.right.forwardOnly(saveAt)
}

function blockRun(problem: BlockProblem, iv: BlockInterval, given: SolveOptions): Either<SolveError, BlockRun> {
  // a structured solve runs a Runge–Kutta pair: its components' many short steps gain nothing
  // from odex's high order (bs3 runs where the solver would be one that is no pair)
  const named = solverOf(given.solver ?? defaultSolverFor(given.rtol ?? 1e-8))
  const options = named !== undefined && named.pair === undefined ? { ...given, solver: bs3 } : given
  if (problem.blocks.length === 0) return left(invalidProblem('blocks', 'must hold at least one block'))
  if (options.atol !== undefined && typeof options.atol !== 'number') {
    return left(invalidProblem('options.atol', 'must be one number in a structured solve (its components have dimensions of their own)'))
  }
  for (const [b, block] of problem.blocks.entries()) {
    const y0 = new Float64Array(block.problem.dimension)
    if (block.count > 0) block.initialState(0, iv.theta, y0)
    const bad = validateProblem(block.problem, { ...iv, y0 })
    if (bad !== undefined) return left(bad._tag === 'InvalidProblem' ? { ...bad, field: `blocks[${b}] (${block.name}).${bad.field}`, message: bad.message.replace('invalid problem: ', `invalid problem: blocks[${b}] (${block.name}).`) } : bad)
  }
  const dMax = Math.max(...problem.blocks.map((b) => b.problem.dimension))
  const opts = resolveSolveOptions(options, iv.t1 - iv.t0, dMax)
  if ('field' in opts) return left(invalidProblem(`options.${opts.field}`, opts.problem))
  return right(new BlockRun(problem, iv, opts))
}

/** A block's forward recording: a store per component, component k's steps at [first[k], first[k] + steps[k]) of stores[k]. */
interface BlockRecording {
  stores: HermiteStore[]
  readonly first: Int32Array
  readonly steps: Int32Array
  readonly pieces: Piece[][]
  /** Cursors of the links' reads of each component, and of the cost's. */
  readonly linkCursors: Int32Array
  readonly costCursors: Int32Array
  /** Offset of the block's outputs in w. */
  readonly wOffset: number
  readonly outputs: Int32Array
  /** The backward recording of each component's cotangents (its steps in decreasing time). */
  cotangents: SampledTrack[] | undefined
  readonly cotCursors: Int32Array
}
/** Where the cost's quadrature stands at a window's edge: its time, its next step, its integrals so far ([l, ∂l/∂w]). */
interface CostCheckpoint {
  readonly t: number
  readonly h: number
  readonly integral: Float64Array
}

/** Where every component of a block stands at a window's edge: a batch's snapshot, or a checkpoint per component. */
type BlockStart = { readonly batch: BatchSnapshot } | { readonly each: Checkpoint[] }

/** The largest number of windows a trial is cut into to hold its recording to the budget. */
const maxWindows = 1024

class BlockRun implements BlockLinks {
  private readonly theta: Float64Array
  private readonly recordings: BlockRecording[]
  private readonly w: Float64Array
  private readonly gradW: Float64Array
  private costTrack: SampledTrack
  private readonly costCursors: Int32Array
  private readonly forwardCounters = newCounters()
  private readonly costCounters = newCounters()
  private readonly recomputeCounters = newCounters()
  private readonly timing = { forwardMs: 0, recomputeMs: 0, backwardMs: 0, quadratureMs: 0 }
  private where = 'cost'
  private whereT = 0
  /** Whether the recording is held to the trajectory budget (set by `runAll`; not in checkpoint-free 'all' mode, nor for a forward pass alone). */
  private bounded = false
  /** Bytes the forward recordings of the current window hold so far (kept up to date by `forwardBlock`). */
  private recorded = 0
  /** Bytes the windows' starting points hold. */
  private snapshotBytes = 0
  /** The most bytes held at once (by the current attempt). */
  private peak = 0
  /** The window being solved (forward or backward). */
  private window = 0
  /** The edges of the windows the solve runs in: [t0, t1] when it runs in one. */
  private edges: Float64Array
  /** Per window after the first, per block: where its components start (filled by the first forward pass). */
  private starts: (BlockStart | undefined)[][] = []
  /** Per window after the first: where the cost's quadrature starts. */
  private costStarts: (CostCheckpoint | undefined)[] = []
  /** Per block, per component: the state events fired, in the order applied (the first forward pass's, over all windows). */
  private fired: { t: number; family: number; index: number }[][][] = []
  /** Per block: how many events (state and time) each component's pieces held in each window of the first pass, [i · K + k]. */
  private windowEvents: Int32Array[] = []

  constructor(
    private readonly problem: BlockProblem,
    private readonly iv: BlockInterval,
    private readonly opts: ResolvedSolveOptions,
  ) {
    this.theta = iv.theta
    this.edges = Float64Array.of(iv.t0, iv.t1)
    let wSize = 0
    this.recordings = problem.blocks.map((block) => {
      const aux = block.problem.auxiliary?.size ?? 0
      const K = block.count
      const rec: BlockRecording = {
        stores: Array.from({ length: K }, () => takeStore(block.problem.dimension, opts.denseNodes, aux)),
        first: new Int32Array(K),
        steps: new Int32Array(K),
        pieces: [],
        linkCursors: new Int32Array(K),
        costCursors: new Int32Array(K),
        wOffset: wSize,
        outputs: Int32Array.from(block.outputs),
        cotangents: block.cotangent === undefined ? undefined : Array.from({ length: K }, () => new SampledTrack(block.cotangent!.size, 16)),
        cotCursors: new Int32Array(K),
      }
      wSize += K * block.outputs.length
      return rec
    })
    this.w = new Float64Array(wSize)
    this.gradW = new Float64Array(wSize)
    this.costTrack = new SampledTrack(wSize)
    this.costCursors = new Int32Array(wSize)
  }

  // links -------------------------------------------------------------------------------

  output(b: number, k: number, j: number, t: number, cursors?: Int32Array, slot?: number): number {
    const r = this.recordings[b]
    return cursors === undefined ? r.stores[k].valueAt(t, r.first[k], r.steps[k], r.outputs[j], r.linkCursors, k) : r.stores[k].valueAt(t, r.first[k], r.steps[k], r.outputs[j], cursors, slot!)
  }

  outputs(b: number, k: number, j0: number, size: number, t: number, out: Float64Array, at: number, cursors: Int32Array, slot: number): void {
    const r = this.recordings[b]
    r.stores[k].valuesAt(t, r.first[k], r.steps[k], r.outputs, j0, size, out, at, cursors, slot)
  }

  outputRate(b: number, k: number, j: number, t: number, cursors?: Int32Array, slot?: number): number {
    const r = this.recordings[b]
    return cursors === undefined ? r.stores[k].rateAt(t, r.first[k], r.steps[k], r.outputs[j], r.linkCursors, k) : r.stores[k].rateAt(t, r.first[k], r.steps[k], r.outputs[j], cursors, slot!)
  }

  eventTimes(b: number, k: number): Float64Array {
    // the events of the window held, not the trial's: a problem whose blocks read them is not solved in windows
    if (this.edges.length > 2) throw new Error('BlockLinks.eventTimes read while the trial is solved in windows: a problem whose blocks read event times must declare laggedReads')
    const block = this.problem.blocks[b]
    const p = block.problem
    const families = p.events ?? []
    const outputs = this.recordings[b].outputs
    const times: number[] = []
    let before: Float64Array | undefined
    let after: Float64Array | undefined
    for (const piece of this.recordings[b].pieces[k] ?? []) {
      for (const ev of piece.events) {
        // a time event (the trial's: an input spike) changes the state but not F as a function of
        // it, so the outputs bend there only if the jump changes their values or rates — most do not (a
        // gated synapse's trace keeps its slope unless its neuron is inside the gate's zone);
        // a state event may be where F itself is discontinuous (a box gate's edge): always kept
        if (families[ev.family].times !== undefined) {
          if (before === undefined || after === undefined) {
            before = new Float64Array(p.dimension)
            after = new Float64Array(p.dimension)
            block.select(k)
          }
          p.rhs(ev.t, ev.yMinus, this.theta, before)
          p.rhs(ev.t, ev.yPlus, this.theta, after)
          let bends = false
          for (const j of outputs) if (before[j] !== after[j] || ev.yMinus[j] !== ev.yPlus[j]) bends = true
          if (!bends) continue
        }
        times.push(ev.t)
      }
    }
    // where F is discontinuous in t
    for (const t of p.breakpoints ?? []) if (t > this.iv.t0 && t < this.iv.t1) times.push(t)
    times.sort((x, y) => x - y)
    return Float64Array.from(times.filter((t, i) => i === 0 || t !== times[i - 1]))
  }

  cotangent(b: number, k: number, i: number, t: number, cursors?: Int32Array, slot?: number): number {
    const r = this.recordings[b]
    if (r.cotangents === undefined) return 0
    const track = r.cotangents[k]
    return cursors === undefined ? track.value(t, 0, track.steps, false, i, r.cotCursors, k) : track.value(t, 0, track.steps, false, i, cursors, slot!)
  }

  costGradient(b: number, k: number, j: number, t: number): number {
    const r = this.recordings[b]
    const i = r.wOffset + k * r.outputs.length + j
    return this.costTrack.value(t, 0, this.costTrack.steps, true, i, this.costCursors, i)
  }

  // the run -----------------------------------------------------------------------------

  run(): Either<SolveError, GradientSolution> {
    try {
      return this.runAll()
    } finally {
      for (const r of this.recordings) for (const st of r.stores) giveStore(st)
    }
  }

  forwardOnly(saveAt: Float64Array): Either<SolveError, BlockForwardSolution> {
    try {
      this.problem.connect(this)
      const events: FiredEvent[] = []
      this.begin(this.edges)
      this.startWindow(0)
      for (let b = 0; b < this.problem.blocks.length; b++) {
        const err = this.forwardBlock(b, 0, events)
        if (err !== undefined) return left(err)
      }
      events.sort((a, b) => a.t - b.t)
      const cost = this.integrateCost(new Float64Array(this.problem.parameterCount), this.costStart(), this.iv.t1)
      if ('message' in cost) return left(cost)
      let loss = cost.integral[0]
      const terminal = this.problem.cost.terminal
      if (terminal !== undefined) {
        try {
          this.assemble(this.iv.t1)
          loss += terminal.value(this.w, this.theta)
        } catch (e) {
          return left(problemThrew('cost.terminal', this.iv.t1, e))
        }
      }
      const final = this.finalStates()
      const finalCost = this.problem.cost.final
      if (finalCost !== undefined) {
        try {
          loss += finalCost.value(this.stateEvents().events, final, this.theta)
        } catch (e) {
          return left(problemThrew('cost.final', this.iv.t1, e))
        }
      }
      const states: Float64Array[] = []
      this.problem.blocks.forEach((block, b) => {
        const r = this.recordings[b]
        const d = block.problem.dimension
        const K = block.count
        const out = new Float64Array(saveAt.length * K * d)
        const y = new Float64Array(d)
        for (let k = 0; k < K; k++) {
          const st = r.stores[k]
          if (r.steps[k] === 0) continue
          for (let i = 0; i < saveAt.length; i++) {
            st.evaluate(saveAt[i], r.first[k], r.steps[k], y)
            out.set(y, (i * K + k) * d)
          }
        }
        states.push(out)
      })
      return right({ loss, events, states, final })
    } finally {
      for (const r of this.recordings) for (const st of r.stores) giveStore(st)
    }
  }

  /** Per block, each component's state at t1 (after the events there), component k's at k·d: read from the last window's recording. */
  private finalStates(): Float64Array[] {
    return this.problem.blocks.map((block, b) => {
      const r = this.recordings[b]
      const d = block.problem.dimension
      const end = new Float64Array(block.count * d)
      const y = new Float64Array(d)
      for (let k = 0; k < block.count; k++) {
        if (r.steps[k] === 0) continue
        r.stores[k].evaluate(this.iv.t1, r.first[k], r.steps[k], y)
        // the state after the events at t1 (the last piece ends at t1, within the solver's
        // tolerance, and its events are there), else the last step's end
        const pieces = r.pieces[k]
        const lastEvents = pieces[pieces.length - 1]?.events ?? []
        end.set(lastEvents.length > 0 ? lastEvents[lastEvents.length - 1].yPlus : y, k * d)
      }
      return end
    })
  }

  /**
   * The state events that fired, block by block, component by component, each component's in the
   * order applied (what `BlockFinalCost` reads), and per block where each component's start in
   * that list (K + 1 entries).
   */
  private stateEvents(): { events: BlockEventOccurrence[]; base: Int32Array[] } {
    const events: BlockEventOccurrence[] = []
    const base = this.problem.blocks.map((block, b) => {
      const starts = new Int32Array(block.count + 1)
      for (let k = 0; k < block.count; k++) {
        starts[k] = events.length
        for (const ev of this.fired[b][k]) events.push({ t: ev.t, block: b, component: k, family: ev.family, index: ev.index })
      }
      starts[block.count] = events.length
      return starts
    })
    return { events, base }
  }

  /** Bytes held now: the window's forward recordings, the cost's track, the windows' starting points (and, with `cotangents`, the cotangent tracks). */
  private heldBytes(cotangents: boolean): number {
    let bytes = this.costTrack.bytes + this.recorded + this.snapshotBytes
    if (cotangents) for (const r of this.recordings) bytes += r.cotangents?.reduce((sum, tr) => sum + tr.bytes, 0) ?? 0
    this.peak = Math.max(this.peak, bytes)
    return bytes
  }

  /** What is held beyond the trajectory budget (in checkpoint mode; with `cotangents`, the backward pass's tracks counted): the error that says so. */
  private overBudget(where: string, t: number, cotangents = false): SolveError | undefined {
    const bytes = this.heldBytes(cotangents)
    if (!this.bounded) return undefined
    const budget = this.opts.trajectoryBudgetMb * 2 ** 20
    const windows = this.edges.length - 1
    return bytes > budget ? trajectoryBudgetExceeded(windows > 1 ? `${where}, in window ${this.window + 1} of ${windows}` : where, t, bytes, budget) : undefined
  }

  /**
   * The loss and gradient, within the trajectory budget in checkpoint mode: in one window when
   * the trial's recording fits, else window by window in time — the recordings of one window at
   * a time, each recomputed on the way back from where the forward pass left every component at
   * its start. The number of windows starts from what the first attempt recorded before it went
   * over, and doubles while a window does not fit (at most `maxWindows`).
   */
  private runAll(): Either<SolveError, GradientSolution> {
    this.problem.connect(this)
    this.bounded = adjointOf(this.opts.adjoint)?.continuous?.keepAll !== true
    let solved = this.solveWindows(this.edges)
    if (!this.bounded || this.problem.laggedReads === true) return solved
    const budget = this.opts.trajectoryBudgetMb * 2 ** 20
    const first = solved
    let windows = 1
    while (solved._tag === 'Left' && solved.left._tag === 'TrajectoryBudgetExceeded') {
      // the one-window attempt held `bytes` when it stopped (often before its last block): windows
      // for twice that, then twice as many while one does not fit
      const wanted = windows === 1 ? Math.max(2, Math.ceil((2 * solved.left.bytes) / Math.max(budget, 1))) : 2 * windows
      // the windows' starting points fill no more than half the budget: beyond that, more windows cannot help
      const most = Math.min(maxWindows, Math.floor(budget / 2 / this.startBytes()))
      if (windows >= most) return solved
      windows = Math.min(most, wanted)
      const edges = new Float64Array(windows + 1)
      const { t0, t1 } = this.iv
      for (let i = 0; i <= windows; i++) edges[i] = i === windows ? t1 : t0 + ((t1 - t0) * i) / windows
      this.freshRecordings()
      solved = this.solveWindows(edges)
    }
    // another failure in windows (their edges are stops of their own): the trial as it did not fit
    // in one, for the caller to solve whole
    return solved._tag === 'Left' && solved.left._tag !== 'TrajectoryBudgetExceeded' ? first : solved
  }

  /** New stores and tracks for another attempt: those of the last one keep the buffers it grew. */
  private freshRecordings(): void {
    this.problem.blocks.forEach((block, b) => {
      const r = this.recordings[b]
      for (const st of r.stores) giveStore(st)
      r.stores = Array.from({ length: block.count }, () => takeStore(block.problem.dimension, this.opts.denseNodes, block.problem.auxiliary?.size ?? 0))
      if (r.cotangents !== undefined) r.cotangents = Array.from({ length: block.count }, () => new SampledTrack(block.cotangent!.size, 16))
    })
    this.costTrack = new SampledTrack(this.w.length)
  }

  /** Bytes of where every block and the cost stand at one window's start. */
  private startBytes(): number {
    let bytes = (1 + this.w.length + 2) * 8
    for (const block of this.problem.blocks) {
      const K = block.count
      const d = block.problem.dimension
      const timeFamilies = (block.problem.events ?? []).filter((f) => f.times !== undefined).length
      bytes += usesBatch(block, this.opts) ? (K * d + 4 * K) * 8 + 4 * K * Math.max(1, timeFamilies) : K * (d + 3) * 8
    }
    return bytes
  }

  /** The cost's quadrature at t0: nothing integrated, a first step from the options. */
  private costStart(): CostCheckpoint {
    const { t0, t1 } = this.iv
    const hMax = this.opts.maxStep > 0 ? this.opts.maxStep : t1 - t0
    return { t: t0, h: Math.min(hMax, this.opts.initialStep > 0 ? this.opts.initialStep : (t1 - t0) / 100), integral: new Float64Array(1 + this.w.length) }
  }

  /** Clears the recordings (and the cost's track) for window `i`, and the cursors that walk them. */
  private startWindow(i: number): void {
    if (i > 0 || this.edges.length > 2) {
      for (const r of this.recordings) {
        for (const st of r.stores) st.clear()
        r.pieces.length = 0
        r.first.fill(0)
        r.steps.fill(0)
        r.linkCursors.fill(0)
        r.costCursors.fill(0)
      }
      this.costTrack.clear()
      this.costCursors.fill(0)
    }
    this.recorded = 0
  }

  /** A new solve in the windows `edges` (t0, …, t1): nothing kept, nothing counted. */
  private begin(edges: Float64Array): void {
    const blocks = this.problem.blocks
    const W = edges.length - 1
    this.edges = edges
    this.starts = Array.from({ length: W }, () => blocks.map(() => undefined))
    this.costStarts = Array.from({ length: W }, () => undefined)
    this.fired = blocks.map((block) => Array.from({ length: block.count }, () => []))
    this.windowEvents = blocks.map((block) => new Int32Array(W * block.count))
    this.snapshotBytes = 0
    // what the solve that gives the gradient holds (an attempt that found the trial does not fit
    // stopped before its recordings passed the budget, within a step of each side by side, a
    // segment of a component alone, or the cost's or the cotangents' track of a window)
    this.peak = 0
    for (const c of [this.forwardCounters, this.costCounters, this.recomputeCounters]) Object.assign(c, newCounters())
    Object.assign(this.timing, { forwardMs: 0, recomputeMs: 0, backwardMs: 0, quadratureMs: 0 })
  }

  /** The solve in the windows `edges` (t0, …, t1). */
  private solveWindows(edges: Float64Array): Either<SolveError, GradientSolution> {
    const blocks = this.problem.blocks
    const W = edges.length - 1
    this.begin(edges)
    const events: FiredEvent[] = []
    let clock = performance.now()
    const gradient = new Float64Array(this.problem.parameterCount)
    // forward, window by window: every block, then the cost; where each stands at the next window's start kept
    let cost = this.costStart()
    for (let i = 0; i < W; i++) {
      this.startWindow(i)
      this.window = i
      if (i > 0) {
        this.costStarts[i] = cost
        this.snapshotBytes += cost.integral.length * 8
      }
      for (let b = 0; b < blocks.length; b++) {
        const err = this.forwardBlock(b, i, events) ?? this.overBudget(`the end of block ${blocks[b].name}`, edges[i + 1])
        if (err !== undefined) return left(err)
      }
      const next = this.integrateCost(gradient, cost, edges[i + 1])
      if ('message' in next) return left(next)
      const over = this.overBudget('the cost', edges[i + 1])
      if (over !== undefined) return left(over)
      cost = next
    }
    events.sort((a, b) => a.t - b.t)
    this.timing.forwardMs = performance.now() - clock
    clock = performance.now()
    let loss = cost.integral[0]
    // the terminal cost: Φ(w(t1)) and λ(t1) on the outputs (the last window's recordings are the ones held)
    const gradWT = new Float64Array(this.w.length)
    let ends: BlockEnds[] | undefined
    let endLambdas: Float64Array[] | undefined
    const terminal = this.problem.cost.terminal
    try {
      if (terminal !== undefined) {
        this.where = 'cost.terminal'
        this.whereT = this.iv.t1
        this.assemble(this.iv.t1)
        loss += terminal.value(this.w, this.theta)
        terminal.gradOutputs(this.w, this.theta, gradWT)
        terminal.gradParams?.(this.w, this.theta, gradient)
      }
      const finalCost = this.problem.cost.final
      if (finalCost !== undefined) {
        this.where = 'cost.final'
        this.whereT = this.iv.t1
        const finals = this.finalStates()
        const { events: occurred, base } = this.stateEvents()
        loss += finalCost.value(occurred, finals, this.theta)
        const times = new Float64Array(occurred.length)
        endLambdas = finals.map((f) => new Float64Array(f.length))
        finalCost.gradient(occurred, finals, this.theta, times, endLambdas, gradient)
        ends = blocks.map((block, b) => ({ times, base: base[b], next: base[b].slice(1) }))
      }
    } catch (e) {
      return left(problemThrew(this.where, this.whereT, e))
    }
    const costMs = performance.now() - clock
    // λ(t1) of every component: ∂Φ/∂w on its outputs, then a final cost's ∂Ψ/∂y(t1)
    const lambdas = blocks.map((block, b) => {
      const d = block.problem.dimension
      const rec = this.recordings[b]
      const m = rec.outputs.length
      const lam = new Float64Array(block.count * d)
      for (let k = 0; k < block.count; k++) {
        for (let j = 0; j < m; j++) lam[k * d + rec.outputs[j]] = gradWT[rec.wOffset + k * m + j]
        if (endLambdas !== undefined) for (let v = 0; v < d; v++) lam[k * d + v] += endLambdas[b][k * d + v]
      }
      return lam
    })
    // backward, window by window from the last (whose recordings are held): the window's
    // recordings recomputed from its start, then every block in reverse order
    const backward = { vjpStateEvals: 0, vjpParamsEvals: 0, rhsEvals: 0, steps: 0, accepted: 0, rejected: 0 }
    for (let i = W - 1; i >= 0; i--) {
      this.window = i
      if (i < W - 1) {
        clock = performance.now()
        const err = this.recomputeWindow(i)
        this.timing.recomputeMs += performance.now() - clock
        if (err !== undefined) return left(err)
      }
      clock = performance.now()
      if (W > 1) {
        for (const r of this.recordings) {
          for (const tr of r.cotangents ?? []) tr.clear()
          r.cotCursors.fill(0)
        }
      }
      for (let b = blocks.length - 1; b >= 0; b--) {
        const err = this.backwardBlock(b, i, lambdas[b], gradient, backward, ends?.[b]) ?? this.overBudget(`the backward pass of block ${blocks[b].name}`, edges[i], true)
        if (err !== undefined) return left(err)
      }
      this.timing.backwardMs += performance.now() - clock
    }
    return right({
      loss,
      gradient,
      initialStateGradient: new Float64Array(0),
      y1: new Float64Array(0),
      events,
      stats: {
        forward: { ...sumCounters(this.forwardCounters, this.costCounters), checkpoints: W - 1 },
        recompute: this.recomputeCounters,
        backward,
        peakTrajectoryBytes: this.peak,
        memory: W > 1 ? 'checkpoint' : 'all',
        timing: { ...this.timing, forwardMs: this.timing.forwardMs + costMs },
      },
    })
  }

  /** Window i's recordings again, from where the forward pass left every block and the cost at its start: the same steps. */
  private recomputeWindow(i: number): SolveError | undefined {
    this.startWindow(i)
    const saved = { forward: { ...this.forwardCounters }, cost: { ...this.costCounters } }
    try {
      for (let b = 0; b < this.problem.blocks.length; b++) {
        const err = this.forwardBlock(b, i, undefined)
        if (err !== undefined) return err
      }
      const cost = this.integrateCost(undefined, this.costStarts[i] ?? this.costStart(), this.edges[i + 1])
      return 'message' in cost ? cost : undefined
    } finally {
      const redone = sumCounters(sumCounters(this.forwardCounters, this.costCounters), { rhsEvals: -saved.forward.rhsEvals - saved.cost.rhsEvals, steps: -saved.forward.steps - saved.cost.steps, accepted: -saved.forward.accepted - saved.cost.accepted, rejected: -saved.forward.rejected - saved.cost.rejected, events: -saved.forward.events - saved.cost.events })
      Object.assign(this.recomputeCounters, sumCounters(this.recomputeCounters, redone))
      Object.assign(this.forwardCounters, saved.forward)
      Object.assign(this.costCounters, saved.cost)
    }
  }

  /**
   * Integrates every component of block b forward over window i, recording its steps; on the first
   * pass (`events` given) the events fired are listed, and where each component stands at the
   * window's end kept for the next.
   */
  private forwardBlock(b: number, i: number, events: FiredEvent[] | undefined): SolveError | undefined {
    const block = this.problem.blocks[b]
    const rec = this.recordings[b]
    const W = this.edges.length - 1
    const tw0 = this.edges[i]
    const tw1 = this.edges[i + 1]
    const first = events !== undefined
    if (first && i === 0) {
      try {
        block.prepare?.(this.theta)
      } catch (e) {
        return problemThrew(`blocks[${b}] (${block.name}).prepare`, this.iv.t0, e)
      }
    }
    const from = this.starts[i][b]
    const keep = first && i + 1 < W
    const sink = events ?? []
    if (usesBatch(block, this.opts)) {
      const timeFamilies = (block.problem.events ?? []).filter((f) => f.times !== undefined).length
      const to = keep ? batchSnapshot(block.count, block.problem.dimension, timeFamilies) : undefined
      const window = W > 1 ? { span: this.iv, ...(from !== undefined && 'batch' in from && { from: from.batch }), ...(to !== undefined && { to }) } : undefined
      const held = this.heldBytes(false)
      const budget = this.opts.trajectoryBudgetMb * 2 ** 20
      const where = W > 1 ? `block ${block.name}, in window ${i + 1} of ${W}` : `block ${block.name}`
      const limit = this.bounded ? { bytes: budget - held, exceeded: (bytes: number, t: number) => trajectoryBudgetExceeded(where, t, held + bytes, budget) } : undefined
      const err = batchForward(block, this.theta, tw0, tw1, this.opts, rec.stores, rec.pieces, sink, this.forwardCounters, window, limit)
      for (let k = 0; k < block.count; k++) {
        rec.steps[k] = rec.stores[k].steps
        this.recorded += rec.stores[k].bytes
      }
      if (err !== undefined) return err
      if (to !== undefined) {
        this.starts[i + 1][b] = { batch: to }
        this.snapshotBytes += snapshotBytes(to)
      }
    } else {
      const { t0 } = this.iv
      const y0 = new Float64Array(block.problem.dimension)
      const runner = new ForwardRunner(block.problem, { t0, t1: tw1, y0, theta: this.theta }, this.opts, this.forwardCounters, true)
      const families = block.problem.events ?? []
      const tEndTol = 4 * Number.EPSILON * Math.max(Math.abs(tw1), tw1 - t0)
      const ends: Checkpoint[] = []
      for (let k = 0; k < block.count; k++) {
        block.select(k)
        let cp: Checkpoint
        if (from !== undefined && 'each' in from) cp = from.each[k]
        else {
          try {
            block.initialState(k, this.theta, y0)
          } catch (e) {
            return problemThrew(`blocks[${b}] (${block.name}).initialState`, t0, e)
          }
          cp = { t: t0, y: y0, q: 0, h: this.opts.initialStep }
        }
        runner.stepBudget = this.opts.maxSteps
        const store = rec.stores[k]
        rec.first[k] = store.steps
        let segBytes = store.bytes
        const pieces: Piece[] = []
        while (tw1 - cp.t > tEndTol) {
          const seg = runner.runSegment(cp, store)
          if ('message' in seg) return seg
          for (const piece of seg.pieces) {
            pieces.push(piece)
            for (const ev of piece.events) sink.push({ t: ev.t, family: families[ev.family].name, index: k * families[ev.family].count + ev.index })
          }
          cp = seg.end
          // a component's recording may be long (a recurrent block is one): checked segment by segment
          this.recorded += store.bytes - segBytes
          segBytes = store.bytes
          const over = this.overBudget(`component ${k} of block ${block.name}`, cp.t)
          if (over !== undefined) return over
        }
        if (keep) ends.push({ t: cp.t, y: Float64Array.from(cp.y), q: 0, h: cp.h })
        rec.pieces.push(pieces)
        rec.steps[k] = store.steps - rec.first[k]
      }
      if (keep) {
        this.starts[i + 1][b] = { each: ends }
        this.snapshotBytes += ends.reduce((sum, cp) => sum + (cp.y.length + 3) * 8, 0)
      }
    }
    const families = block.problem.events ?? []
    const counts = this.windowEvents[b]
    for (let k = 0; k < block.count; k++) {
      let count = 0
      for (const piece of rec.pieces[k] ?? []) {
        count += piece.events.length
        if (first) for (const ev of piece.events) if (families[ev.family].times === undefined) this.fired[b][k].push({ t: ev.t, family: ev.family, index: ev.index })
      }
      // a window recomputed takes the steps of the first pass: the same events, or the adjoint would apply others
      if (first) counts[i * block.count + k] = count
      else if (count !== counts[i * block.count + k]) {
        return problemThrew(`blocks[${b}] (${block.name})`, tw0, new Error(`component ${k} fired ${count} events when window ${i + 1} of ${W} was recomputed, ${counts[i * block.count + k]} in the forward pass`))
      }
    }
    return undefined
  }

  /** w(t): every output of every component, read from the recordings. */
  private assemble(t: number): void {
    const w = this.w
    const blocks = this.problem.blocks
    for (let b = 0; b < blocks.length; b++) {
      const r = this.recordings[b]
      const outs = r.outputs
      const m = outs.length
      const K = blocks[b].count
      for (let k = 0; k < K; k++) {
        const first = r.first[k]
        const steps = r.steps[k]
        const base = r.wOffset + k * m
        for (let j = 0; j < m; j++) w[base + j] = r.stores[k].valueAt(t, first, steps, outs[j], r.costCursors, k)
      }
    }
  }

  /**
   * L_run = ∫ l(t, w(t)) dt by adaptive quadrature on steps of its own from `from` to `tEnd` (a
   * window's end, or t1), stopping at the cost's breakpoints. Each step [ta, tb] samples l and
   * ∂l/∂w at the track's four nodes x = 0, 1/3, 2/3, 1 (the first is the last step's end: three
   * new samples a step), records ∂l/∂w there for the backward pass (the cubic through them), and
   * adds Simpson's 3/8 rule of l and of ∂l/∂θ (the latter into `gradient`, when given). The error
   * of a step is h·Δ³/8 of the samples (Δ³ = f(1) − 3f(2/3) + 3f(1/3) − f(0), the cubic term the
   * quadrature integrates and the track interpolates), scaled per entry by atol + rtol·|∫ f dt| as
   * the forward solver scales the integral; steps follow the I-controller of order 4. w is a
   * known function of t here (no state), so an ODE solver's stages would be spent on nothing.
   * Returns where the quadrature stands at tEnd.
   */
  private integrateCost(gradient: Float64Array | undefined, from: CostCheckpoint, tEnd: number): CostCheckpoint | SolveError {
    const { cost } = this.problem
    const { t0, t1 } = this.iv
    const theta = this.theta
    const opts = this.opts
    const track = this.costTrack
    const W = this.w.length
    const F = 1 + W
    const rtol = opts.rtol
    const atol = typeof opts.atol === 'number' ? opts.atol : Math.min(...opts.atol)
    const counters = this.costCounters
    // the samples of a step: f_q = [l, ∂l/∂w] at node q
    const fs = [0, 1, 2, 3].map(() => new Float64Array(F))
    // and w there, for ∂l/∂θ once the step is accepted
    const ws = [0, 1, 2, 3].map(() => new Float64Array(W))
    const ts = new Float64Array(4)
    const integral = Float64Array.from(from.integral)
    const simpson = [1 / 8, 3 / 8, 3 / 8, 1 / 8]
    const sample = (t: number, q: number): void => {
      const out = fs[q]
      this.whereT = t
      this.assemble(t)
      ws[q].set(this.w)
      ts[q] = t
      this.where = 'cost.value'
      out[0] = cost.value(t, this.w, theta)
      this.where = 'cost.gradOutputs'
      cost.gradOutputs(t, this.w, theta, this.gradW)
      out.set(this.gradW, 1)
      counters.rhsEvals++
    }
    const stops = [...(cost.breakpoints ?? []).filter((b) => b > from.t && b < tEnd), tEnd]
    const hMax = opts.maxStep > 0 ? opts.maxStep : t1 - t0
    let t = from.t
    let h = from.h
    try {
      for (const stop of stops) {
        if (!(stop > t)) continue
        const tiny = 16 * Number.EPSILON * Math.max(Math.abs(t), Math.abs(stop))
        // l may jump at a breakpoint (a window's edge): a step ending there samples its left
        // limit, the next one starts from its right limit
        sample(t > t0 ? t + 4 * Number.EPSILON * Math.abs(t) : t, 0)
        let steps = 0
        // a new interval may hold a new signal (a window opens): its first step a tenth of it at most
        h = Math.min(h, (stop - t) / 10)
        while (stop - t > tiny) {
          if (t + 1.01 * h >= stop) h = stop - t
          const tb = t + h >= stop - tiny ? stop : t + h
          const step = tb - t
          sample(t + step / 3, 1)
          sample(t + (2 * step) / 3, 2)
          sample(tb === stop && stop < t1 ? stop - 4 * Number.EPSILON * Math.abs(stop) : tb, 3)
          counters.steps++
          if (++steps > opts.maxSteps) return maxStepsExceeded(t, opts.maxSteps)
          let sum = 0
          for (let i = 0; i < F; i++) {
            const d3 = fs[3][i] - 3 * fs[2][i] + 3 * fs[1][i] - fs[0][i]
            const sc = atol + rtol * Math.abs(integral[i])
            sum += ((step * d3) / 8 / sc) ** 2
          }
          const errNorm = Math.sqrt(sum / F)
          if (!Number.isFinite(errNorm)) {
            let bad = 0
            for (let q = 1; q < 4; q++) if (!Number.isFinite(fs[q][0])) bad = q
            return nonFiniteState(t + (bad * step) / 3, 0, 'the cost', '0 (the running cost l and its gradient in the outputs)')
          }
          const fac = Math.min(5, Math.max(0.2, 0.9 / Math.sqrt(Math.sqrt(Math.max(errNorm, 1e-12)))))
          if (errNorm > 1) {
            counters.rejected++
            h = step * Math.min(1, fac)
            if (h <= tiny) return stepSizeUnderflow(t, h)
            continue
          }
          counters.accepted++
          const off = track.add(t, tb)
          const vals = track.values()
          for (let q = 0; q < 4; q++) {
            const f = fs[q]
            for (let i = 0; i < W; i++) vals[off + q * W + i] = f[i + 1]
            for (let i = 0; i < F; i++) integral[i] += simpson[q] * step * f[i]
            if (gradient !== undefined && cost.gradParams !== undefined) {
              const tau = ts[q]
              this.whereT = tau
              this.where = 'cost.gradParams'
              cost.gradParams(tau, ws[q], theta, simpson[q] * step, gradient)
            }
          }
          fs[0].set(fs[3])
          ws[0].set(ws[3])
          ts[0] = ts[3]
          t = tb
          h = Math.min(hMax, step * fac)
        }
        t = stop
      }
    } catch (e) {
      return problemThrew(this.where, this.whereT, e)
    }
    return { t, h, integral }
  }

  /**
   * Integrates every component of block b backward over window i, recording its cotangents: λ
   * from `lambda` (K·d, at the window's end) and left there at its start; at t0 (the first window),
   * y0's VJP added.
   */
  private backwardBlock(
    b: number,
    i: number,
    lambdas: Float64Array,
    gradient: Float64Array,
    counts: { vjpStateEvals: number; vjpParamsEvals: number; rhsEvals: number; steps: number; accepted: number; rejected: number },
    ends: BlockEnds | undefined,
  ): SolveError | undefined {
    const block = this.problem.blocks[b]
    const rec = this.recordings[b]
    const d = block.problem.dimension
    const runner = new BackwardRunner(block.problem, this.theta, this.opts)
    const tracks = rec.cotangents
    const lambda = new Float64Array(d)
    const families = block.problem.events ?? []
    const atStart = i === 0
    try {
      if (usesBatch(block, this.opts)) {
        return batchBackward(block, this.theta, this.iv.t0, this.opts, rec.stores, rec.pieces, lambdas, runner, tracks, gradient, counts, ends, atStart)
      }
      for (let k = 0; k < block.count; k++) {
        block.select(k)
        lambda.set(lambdas.subarray(k * d, (k + 1) * d))
        // the index in ends.times after the component's last state event not yet met, counted down
        let stateEvent = ends === undefined ? 0 : ends.next[k]
        runner.resetStep()
        runner.stepBudget = this.opts.maxSteps
        if (tracks !== undefined && block.cotangent !== undefined) runner.observer = cotangentRecorder(block, this.theta, tracks[k])
        const pieces = rec.pieces[k]
        for (let p = pieces.length - 1; p >= 0; p--) {
          const piece = pieces[p]
          for (let e = piece.events.length - 1; e >= 0; e--) {
            const ev = piece.events[e]
            const timeCost = ends !== undefined && families[ev.family].times === undefined ? ends.times[--stateEvent] : 0
            runner.eventAdjoint(ev, lambda, gradient, timeCost)
          }
          const err = runner.integratePiece(piece, rec.stores[k], lambda, gradient)
          if (err !== undefined) return err
        }
        lambdas.set(lambda, k * d)
        if (ends !== undefined) ends.next[k] = stateEvent
        if (!atStart) continue
        if (ends !== undefined && stateEvent !== ends.base[k]) throw new Error(`component ${k} met ${ends.base[k + 1] - stateEvent} state events backward, its forward pass fired ${ends.base[k + 1] - ends.base[k]}`)
        runner.where = `blocks[${b}] (${block.name}).initialStateVjp`
        block.initialStateVjp?.(k, this.theta, lambda, gradient)
      }
    } catch (e) {
      return problemThrew(runner.where, runner.whereT, e)
    } finally {
      for (const key of Object.keys(counts) as (keyof typeof counts)[]) counts[key] += runner.counts[key]
      this.timing.quadratureMs += runner.quadratureMs
    }
    return undefined
  }
}

/** Records a block's cotangents at the four points of every backward step. */
function cotangentRecorder(block: Block, theta: Float64Array, track: SampledTrack) {
  const c = block.cotangent!
  const d = block.problem.dimension
  const y = new Float64Array(d)
  const a = new Float64Array(d)
  const aux = block.problem.auxiliary === undefined ? undefined : new Float64Array(block.problem.auxiliary.size)
  const out = new Float64Array(c.size)
  const nodes = SampledTrack.nodes
  return (step: Step, store: HermiteStore, firstStep: number, count: number): void => {
    const lo = step.t
    const hi = step.tOld
    const off = track.add(lo, hi)
    for (let q = 0; q < 4; q++) {
      const tau = lo + nodes[q] * (hi - lo)
      store.evaluate(tau, firstStep, count, y)
      if (aux !== undefined) store.evaluateAux(aux)
      step.denseInto(tau, a)
      c.compute(tau, y, theta, a, out, aux)
      track.values().set(out, off + q * c.size)
    }
  }
}

/** Whether a block's components are integrated side by side (`batchForward`): it has a batch, the solver is bs3 and the adjoint is in p-form. */
function usesBatch(block: Block, opts: ResolvedSolveOptions): boolean {
  return block.batch !== undefined && opts.solver.pair === bogackiShampine3 && block.problem.adjointTransform !== undefined
}

/**
 * Recordings left by earlier structured solves, for the next ones: a training run solves
 * thousands of trials of one shape, each with a store per component (at most `spareLimit` kept).
 */
const spareStores: HermiteStore[] = []
const spareLimit = 100_000

function takeStore(n: number, samples: number, aux: number): HermiteStore {
  for (let i = spareStores.length - 1; i >= 0; i--) {
    const st = spareStores[i]
    if (st.fits(n, samples, aux)) {
      spareStores[i] = spareStores[spareStores.length - 1]
      spareStores.pop()
      st.clear()
      return st
    }
  }
  return new HermiteStore(n, samples, 16, aux)
}

function giveStore(store: HermiteStore): void {
  if (spareStores.length < spareLimit && store.capacityBytes < 2 ** 20) spareStores.push(store)
}

function sumCounters(a: ReturnType<typeof newCounters>, b: ReturnType<typeof newCounters>): ReturnType<typeof newCounters> {
  return { rhsEvals: a.rhsEvals + b.rhsEvals, steps: a.steps + b.steps, accepted: a.accepted + b.accepted, rejected: a.rejected + b.rejected, events: a.events + b.events }
}


