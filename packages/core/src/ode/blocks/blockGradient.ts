import { left, right, type Either } from 'fp-ts/lib/Either.js'
import { BackwardRunner } from '../backwardRunner.js'
import { createIntegrator } from '../createIntegrator.js'
import { ForwardRunner, newCounters, type Checkpoint, type Piece } from '../forwardRunner.js'
import { HermiteStore } from '../hermiteStore.js'
import type { Step } from '../integrator.js'
import type { InitialValue } from '../problem.js'
import { invalidProblem, maxStepsExceeded, nonFiniteState, problemThrew, stepSizeUnderflow, type SolveError } from '../solveError.js'
import type { FiredEvent } from '../solveForward.js'
import { resolveSolveOptions, type ResolvedSolveOptions, type SolveOptions } from '../solveOptions.js'
import { validateProblem } from '../validateProblem.js'
import type { GradientSolution } from '../adjointGradient.js'
import type { Block, BlockLinks, BlockProblem } from './blockProblem.js'
import { batchBackward } from './batchBackward.js'
import { batchForward } from './batchForward.js'
import { SampledTrack } from './sampledTrack.js'

/** The initial-value data of a structured solve: every component's y0 comes from its block. */
export type BlockInterval = Omit<InitialValue, 'y0'>

/**
 * The loss L = ∫ l(t, w) dt + Φ(w(t1)) of a structured problem (DESIGN §8) and its exact gradient
 * in θ: each component of each block integrated forward on its own steps (blocks in order), the
 * cost integrated on steps of its own over the recorded outputs, then each component's adjoint
 * integrated backward (blocks in reverse order) with its events' jump conditions, forced on its
 * outputs by the cost's recorded gradient and by the cotangents later blocks recorded.
 * `initialStateGradient` is empty: y0 is the blocks' (see `Block.initialStateVjp`). The whole
 * forward recording is kept (a structured solve is for problems whose parts are small).
 * Never throws.
 */
export function blockGradient(problem: BlockProblem, iv: BlockInterval, options: SolveOptions = {}): Either<SolveError, GradientSolution> {
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
  return new BlockRun(problem, iv, opts).run()
}

/** A block's forward recording: a store per component, component k's steps at [first[k], first[k] + steps[k]) of stores[k]. */
interface BlockRecording {
  readonly stores: HermiteStore[]
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
  readonly cotangents: SampledTrack[] | undefined
  readonly cotCursors: Int32Array
}

class BlockRun implements BlockLinks {
  private readonly theta: Float64Array
  private readonly recordings: BlockRecording[]
  private readonly w: Float64Array
  private readonly gradW: Float64Array
  private readonly costTrack: SampledTrack
  private readonly costCursors: Int32Array
  private readonly forwardCounters = newCounters()
  private readonly costCounters = newCounters()
  private readonly timing = { forwardMs: 0, recomputeMs: 0, backwardMs: 0, quadratureMs: 0 }
  private where = 'cost'
  private whereT = 0

  constructor(
    private readonly problem: BlockProblem,
    private readonly iv: BlockInterval,
    private readonly opts: ResolvedSolveOptions,
  ) {
    this.theta = iv.theta
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

  output(b: number, k: number, j: number, t: number): number {
    const r = this.recordings[b]
    return r.stores[k].valueAt(t, r.first[k], r.steps[k], r.outputs[j], r.linkCursors, k)
  }

  cotangent(b: number, k: number, i: number, t: number): number {
    const r = this.recordings[b]
    if (r.cotangents === undefined) return 0
    const track = r.cotangents[k]
    return track.value(t, 0, track.steps, false, i, r.cotCursors, k)
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

  private runAll(): Either<SolveError, GradientSolution> {
    this.problem.connect(this)
    const events: FiredEvent[] = []
    let clock = performance.now()
    for (let b = 0; b < this.problem.blocks.length; b++) {
      const err = this.forwardBlock(b, events)
      if (err !== undefined) return left(err)
    }
    events.sort((a, b) => a.t - b.t)
    this.timing.forwardMs = performance.now() - clock
    clock = performance.now()
    const gradient = new Float64Array(this.problem.parameterCount)
    const cost = this.integrateCost(gradient)
    if (typeof cost !== 'number') return left(cost)
    let loss = cost
    // the terminal cost: Φ(w(t1)) and λ(t1) on the outputs
    const gradWT = new Float64Array(this.w.length)
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
    } catch (e) {
      return left(problemThrew(this.where, this.whereT, e))
    }
    const costMs = performance.now() - clock
    clock = performance.now()
    const backward = { vjpStateEvals: 0, vjpParamsEvals: 0, rhsEvals: 0, steps: 0, accepted: 0, rejected: 0 }
    for (let b = this.problem.blocks.length - 1; b >= 0; b--) {
      const err = this.backwardBlock(b, gradWT, gradient, backward)
      if (err !== undefined) return left(err)
    }
    this.timing.backwardMs = performance.now() - clock
    let bytes = this.costTrack.bytes
    for (const r of this.recordings) bytes += r.stores.reduce((sum, st) => sum + st.bytes, 0) + (r.cotangents?.reduce((sum, tr) => sum + tr.bytes, 0) ?? 0)
    return right({
      loss,
      gradient,
      initialStateGradient: new Float64Array(0),
      y1: new Float64Array(0),
      events,
      stats: {
        forward: { ...sumCounters(this.forwardCounters, this.costCounters), checkpoints: 0 },
        recompute: newCounters(),
        backward,
        peakTrajectoryBytes: bytes,
        memory: 'all',
        timing: { ...this.timing, forwardMs: this.timing.forwardMs + costMs },
      },
    })
  }

  /** Integrates every component of block b forward, recording its steps. */
  private forwardBlock(b: number, events: FiredEvent[]): SolveError | undefined {
    const block = this.problem.blocks[b]
    const rec = this.recordings[b]
    if (usesBatch(block, this.opts)) {
      const err = batchForward(block, this.theta, this.iv.t0, this.iv.t1, this.opts, rec.stores, rec.pieces, events, this.forwardCounters)
      for (let k = 0; k < block.count; k++) rec.steps[k] = rec.stores[k].steps
      return err
    }
    const { t0, t1 } = this.iv
    const y0 = new Float64Array(block.problem.dimension)
    const runner = new ForwardRunner(block.problem, { t0, t1, y0, theta: this.theta }, this.opts, this.forwardCounters, true)
    const families = block.problem.events ?? []
    const tEndTol = 4 * Number.EPSILON * Math.max(Math.abs(t1), t1 - t0)
    for (let k = 0; k < block.count; k++) {
      block.select(k)
      try {
        block.initialState(k, this.theta, y0)
      } catch (e) {
        return problemThrew(`blocks[${b}] (${block.name}).initialState`, t0, e)
      }
      runner.stepBudget = this.opts.maxSteps
      const store = rec.stores[k]
      rec.first[k] = store.steps
      const pieces: Piece[] = []
      let cp: Checkpoint = { t: t0, y: y0, q: 0, h: this.opts.initialStep }
      while (t1 - cp.t > tEndTol) {
        const seg = runner.runSegment(cp, store)
        if ('message' in seg) return seg
        for (const piece of seg.pieces) {
          pieces.push(piece)
          for (const ev of piece.events) events.push({ t: ev.t, family: families[ev.family].name, index: k * families[ev.family].count + ev.index })
        }
        cp = seg.end
      }
      rec.pieces.push(pieces)
      rec.steps[k] = store.steps - rec.first[k]
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
   * L_run = ∫ l(t, w(t)) dt on steps of its own (the forward solver at the forward tolerances,
   * stopping at the cost's breakpoints), recording ∂l/∂w at four points of every step for the
   * backward pass and accumulating ∫ ∂l/∂θ dt by Simpson's 3/8 rule on the same points.
   */
  private integrateCost(gradient: Float64Array): number | SolveError {
    const { cost } = this.problem
    const { t0, t1 } = this.iv
    const theta = this.theta
    const opts = this.opts
    const track = this.costTrack
    const W = this.w.length
    // z = [L, ∫ ∂l/∂w dt]: the second part is integrated only so that the steps resolve ∂l/∂w —
    // the signal the track records for the adjoints — as well as the solver's tolerance asks
    const integrator = createIntegrator(opts.solver, 1 + W)
    const y = new Float64Array(1 + W)
    const nodes = SampledTrack.nodes
    const simpson = [1 / 8, 3 / 8, 3 / 8, 1 / 8]
    const f = (t: number, _y: Float64Array, out: Float64Array): void => {
      this.whereT = t
      this.assemble(t)
      this.where = 'cost.value'
      out[0] = cost.value(t, this.w, theta)
      this.where = 'cost.gradOutputs'
      cost.gradOutputs(t, this.w, theta, this.gradW)
      out.set(this.gradW, 1)
    }
    const onStep = (step: Step): boolean => {
      const { tOld, t } = step
      const h = t - tOld
      const off = track.add(tOld, t)
      for (let q = 0; q < 4; q++) {
        const tau = tOld + nodes[q] * h
        this.whereT = tau
        this.assemble(tau)
        this.where = 'cost.gradOutputs'
        cost.gradOutputs(tau, this.w, theta, this.gradW)
        track.values().set(this.gradW, off + q * W)
        if (cost.gradParams !== undefined) {
          this.where = 'cost.gradParams'
          cost.gradParams(tau, this.w, theta, simpson[q] * h, gradient)
        }
      }
      return true
    }
    const stops = [...(cost.breakpoints ?? []).filter((b) => b > t0 && b < t1), t1]
    let t = t0
    let h = 0
    try {
      for (const stop of stops) {
        if (!(stop > t)) continue
        const res = integrator.integrate(f, t, y, stop, { rtol: opts.rtol, atol: typeof opts.atol === 'number' ? opts.atol : Math.min(...opts.atol), maxSteps: opts.maxSteps, initialStep: h, maxStep: opts.maxStep, dense: false }, onStep)
        this.costCounters.rhsEvals += res.rhsEvals
        this.costCounters.steps += res.steps
        this.costCounters.accepted += res.accepted
        this.costCounters.rejected += res.rejected
        if (res.outcome === 'threw') return problemThrew(this.where, this.whereT, res.thrown)
        if (res.outcome === 'non-finite') return nonFiniteState(res.badTime ?? res.t, 0, 'the cost', '0 (the running cost ∫ l dt accumulated so far, i.e. the loss)')
        if (res.outcome === 'max-steps') return maxStepsExceeded(res.t, opts.maxSteps)
        if (res.outcome === 'step-underflow') return stepSizeUnderflow(res.t, res.tinyStep ?? 0)
        y.set(res.y)
        h = res.nextStep
        t = stop
      }
    } catch (e) {
      return problemThrew(this.where, this.whereT, e)
    }
    return y[0]
  }

  /** Integrates every component of block b backward, recording its cotangents. */
  private backwardBlock(
    b: number,
    gradWT: Float64Array,
    gradient: Float64Array,
    counts: { vjpStateEvals: number; vjpParamsEvals: number; rhsEvals: number; steps: number; accepted: number; rejected: number },
  ): SolveError | undefined {
    const block = this.problem.blocks[b]
    const rec = this.recordings[b]
    const d = block.problem.dimension
    const runner = new BackwardRunner(block.problem, this.theta, this.opts)
    const tracks = rec.cotangents
    const lambda = new Float64Array(d)
    const m = rec.outputs.length
    try {
      if (usesBatch(block, this.opts)) {
        return batchBackward(block, this.theta, this.iv.t0, this.opts, rec.stores, rec.pieces, { values: gradWT, offset: rec.wOffset }, runner, tracks, gradient, counts)
      }
      for (let k = 0; k < block.count; k++) {
        block.select(k)
        lambda.fill(0)
        for (let j = 0; j < m; j++) lambda[rec.outputs[j]] = gradWT[rec.wOffset + k * m + j]
        runner.resetStep()
        runner.stepBudget = this.opts.maxSteps
        if (tracks !== undefined && block.cotangent !== undefined) runner.observer = cotangentRecorder(block, this.theta, tracks[k])
        const pieces = rec.pieces[k]
        for (let p = pieces.length - 1; p >= 0; p--) {
          const piece = pieces[p]
          for (let e = piece.events.length - 1; e >= 0; e--) runner.eventAdjoint(piece.events[e], lambda, gradient)
          const err = runner.integratePiece(piece, rec.stores[k], lambda, gradient)
          if (err !== undefined) return err
        }
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
  return block.batch !== undefined && opts.solver === 'bs3' && block.problem.adjointTransform !== undefined
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


