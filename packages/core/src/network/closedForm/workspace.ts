/**
 * Everything one closed-form solve works in: its setting (network, trial, θ, resolution), the
 * zone pieces and sub-pieces of its neurons, its grid, and the scratch of its passes. One
 * workspace serves every solve of a thread: the arrays grow to the largest trial met and are
 * reused (a training run solves thousands of trials of one shape), so a solve allocates little
 * beyond the gradient it returns.
 */
import type { FiredEvent } from '../../ode/solveForward.js'
import type { Trial } from '../../plugin/task.js'
import type { Network } from '../network.js'
import type { ClosedFormPlan } from './closedFormPlan.js'
import type { Rule } from './gaussRule.js'
import type { ClosedFormSample } from './closedFormSample.js'
import { Segment } from './segment.js'

/** A growable list of numbers in a Float64Array, kept from solve to solve. */
export class Numbers {
  a: Float64Array = new Float64Array(256)
  n = 0
  push(x: number): void {
    if (this.n === this.a.length) this.grow(this.n + 1)
    this.a[this.n++] = x
  }
  /** Room for `size` entries (the list's length unchanged). */
  grow(size: number): void {
    if (size <= this.a.length) return
    const b = new Float64Array(Math.max(size, 2 * this.a.length))
    b.set(this.a.subarray(0, this.n))
    this.a = b
  }
  clear(): void {
    this.n = 0
  }
}

/** `a` when it holds `size` entries, else a larger zeroed array (contents not kept). */
export function room(a: Float64Array, size: number): Float64Array {
  return a.length >= size ? a : new Float64Array(Math.max(size, 2 * a.length))
}

/** `a` when it has exactly `size` entries, else a new zeroed array that has (what a plugin is handed: it may read the length). */
export function exact(a: Float64Array, size: number): Float64Array {
  return a.length === size ? a : new Float64Array(size)
}

/** `room` for Int32Array. */
export function roomInt(a: Int32Array, size: number): Int32Array {
  return a.length >= size ? a : new Int32Array(Math.max(size, 2 * a.length))
}

/** The largest Gauss–Legendre rule a solve uses (rtol < 1e-7). */
export const maxNodes = 8


export class Workspace {
  // ---- the setting of this solve (`begin`) ----
  plan!: ClosedFormPlan
  net!: Network
  trial!: Trial
  theta!: Float64Array
  y0!: Float64Array
  rule!: Rule
  sample: ClosedFormSample | undefined
  withGradient = true
  T = 0
  /** Zone levels a sub-piece spans per gate width; longest sub-piece and cost interval (ms). */
  perWidth = 2
  hMax = 1
  /** tau_s of the readout's populations. */
  tauS = 1
  events: FiredEvent[] = []

  // ---- per population: its input spikes in time order (spkT, spkC from spkFirst[q]) ----
  spkFirst: Int32Array = new Int32Array(8)
  spkT = new Numbers()
  spkC = new Numbers()
  /** Sorted, distinct: the loss's breakpoints (bp) and those with every input spike (kinks). */
  bp = new Numbers()
  kinks = new Numbers()

  // ---- per neuron, population order ----
  nB: Float64Array = new Float64Array(0)
  nShift: Float64Array = new Float64Array(0)
  nS0: Float64Array = new Float64Array(0)
  pieceFirst: Int32Array = new Int32Array(0)

  // ---- pieces of the zone: neuron, its segment's start (t, v, a), [α, β], whether β is a reset,
  // first sub-piece, the trace at α and β; sub-pieces: [t0, t0 + h], s at t0, and the
  // coefficients c_i (Q per sub-piece) of s(t0 + hθ) = e^{−hθ/τs} (s0 + (h/τs) Σ_i c_i θ^{i+1}) ----
  readonly pcN = new Numbers()
  readonly pcT0 = new Numbers()
  readonly pcV0 = new Numbers()
  readonly pcA0 = new Numbers()
  readonly pcAl = new Numbers()
  readonly pcBe = new Numbers()
  readonly pcReset = new Numbers()
  /** First sub-piece of each piece; entry P is the end of the last. */
  readonly pcSub = new Numbers()
  readonly pcS0 = new Numbers()
  readonly pcS1 = new Numbers()
  readonly spT = new Numbers()
  readonly spH = new Numbers()
  readonly spS0 = new Numbers()
  readonly spC = new Numbers()
  pieces = 0
  subs = 0

  // ---- the forward pass of one neuron ----
  readonly sg = new Segment()
  readonly cuts = new Numbers()
  /** v̇, g(v), e^{−hξ/τm}, e^{−hξ/τa} at a sub-piece's nodes (`atNodes`), and the integrand H. */
  readonly rN = new Float64Array(maxNodes)
  readonly gN = new Float64Array(maxNodes)
  readonly eM = new Float64Array(maxNodes)
  readonly eA = new Float64Array(maxNodes)
  readonly H = new Float64Array(maxNodes)

  // ---- the grid and the cost's sweep ----
  readonly grid = new Numbers()
  readonly g = new Numbers()
  pcStart: Int32Array = new Int32Array(0)
  pcEnd: Int32Array = new Int32Array(0)
  byStart: Int32Array = new Int32Array(0)
  startCount: Int32Array = new Int32Array(0)
  active: Int32Array = new Int32Array(16)
  cursor: Int32Array = new Int32Array(16)
  wAct: Float64Array = new Float64Array(0)
  agg: Float64Array = new Float64Array(0)
  o: Float64Array = new Float64Array(0)
  target: Float64Array = new Float64Array(0)
  gradO: Float64Array = new Float64Array(0)
  zeroS: Float64Array = new Float64Array(0)
  gradS: Float64Array = new Float64Array(0)
  sNodes: Float64Array = new Float64Array(0)
  readonly decay = new Float64Array(maxNodes)
  /** The trial's weight and target at an interval's nodes (when the losses skip weight 0). */
  readonly wN = new Float64Array(maxNodes)
  tN: Float64Array = new Float64Array(0)
  /** c = ∂l/∂o at every node ((i·Q + m)·R + r) and γ_r = ∫ c_r e^{−(t−t_i)/τs} over interval i. */
  cN: Float64Array = new Float64Array(0)
  gamma: Float64Array = new Float64Array(0)

  // ---- backward: the channels P at the grid, D = P − c per interval as a polynomial ----
  Pg: Float64Array = new Float64Array(0)
  DC: Float64Array = new Float64Array(0)
  readonly ck = new Float64Array(maxNodes)
  readonly dv = new Float64Array(maxNodes)
  readonly pvN = new Float64Array(maxNodes)
  readonly F = new Float64Array(maxNodes)

  private readonly lists = [this.pcN, this.pcT0, this.pcV0, this.pcA0, this.pcAl, this.pcBe, this.pcReset, this.pcSub, this.pcS0, this.pcS1, this.spT, this.spH, this.spS0, this.spC, this.grid, this.g, this.spkT, this.spkC, this.bp, this.kinks]

  /** Whether a solve is running in it (a solve started from within one, by a plugin, takes a workspace of its own). */
  busy = false

  /** Lets go of the solve's setting (its network, trial, θ, sample), so that the workspace keeps only its arrays. */
  release(): void {
    const self = this as unknown as Record<string, unknown>
    for (const key of ['plan', 'net', 'trial', 'theta', 'y0', 'sample']) self[key] = undefined
    this.events = []
    this.busy = false
  }

  /** Empties the piece lists and grid for a new solve. */
  reset(): void {
    for (const list of this.lists) list.clear()
    this.pieces = 0
    this.subs = 0
    this.pcSub.push(0)
    this.events = []
  }
  addPiece(n: number, t0: number, v0: number, a0: number, alpha: number, beta: number, reset: boolean): number {
    this.pcN.push(n)
    this.pcT0.push(t0)
    this.pcV0.push(v0)
    this.pcA0.push(a0)
    this.pcAl.push(alpha)
    this.pcBe.push(beta)
    this.pcReset.push(reset ? 1 : 0)
    this.pcS0.push(0)
    this.pcS1.push(0)
    this.pcSub.push(this.subs)
    return this.pieces++
  }
  addSub(t0: number, h: number, s0: number, Q: number): number {
    this.spT.push(t0)
    this.spH.push(h)
    this.spS0.push(s0)
    this.spC.grow((this.subs + 1) * Q)
    this.spC.n = (this.subs + 1) * Q
    return this.subs++
  }
}
