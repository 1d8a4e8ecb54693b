/**
 * A problem solved by its structure (DESIGN §8): blocks in dependency order, each of `count`
 * independent components that share one shape. Component k of block b integrates its own ODE
 * with its own steps, error control, events and recording; it may read the *outputs* (chosen
 * state entries) of components of earlier blocks through the recordings, and the cost reads the
 * outputs of all. The backward pass runs the blocks in reverse order: a component's adjoint is
 * forced on its outputs by ∂l/∂w (the cost's gradient, recorded along the cost's integration) and
 * by the *cotangents* that components of later blocks record along their own backward passes.
 *
 * With w(t) the outputs of every component of every block (block order, component order, output
 * order), the loss is L = ∫ l(t, w(t), θ) dt + Φ(w(t1), θ). Nothing here knows what a neuron is.
 * Requirements the solver relies on: a block reads only earlier blocks; events do not change a
 * component's outputs (they are continuous in time), so an event stays local to its component.
 */
import type { ParameterBlock, Problem } from '../problem.js'

export interface BlockProblem {
  /** P, the length of θ. */
  readonly parameterCount: number
  /** Named slices of θ, for reports. */
  readonly parameterBlocks?: readonly ParameterBlock[]
  /** The blocks, each reading only blocks before it. */
  readonly blocks: readonly Block[]
  /** The cost on the outputs. */
  readonly cost: BlockCost
  /** Called by the solver before it integrates, with the readers of its recordings. */
  connect(links: BlockLinks): void
  /**
   * Whether some block reads another's outputs at an earlier time than its own (a delay between
   * them), or reads its event times in `prepare`: such a problem cannot be solved window by window
   * in time (each window would need the recordings of the ones before), and keeps its whole
   * recording. Default false.
   */
  readonly laggedReads?: boolean
}

/** `count` independent components of one shape: one `Problem` pointed at component k by `select(k)`. */
export interface Block {
  readonly name: string
  /** Number of independent components. */
  readonly count: number
  /**
   * One component's ODE (dimension d, its events, its breakpoints, an adjoint transform and
   * auxiliary quantities as for any problem). Its running cost, if any, must have value 0 and
   * gradState equal to the forcing of its outputs the links give: the block's share of the cost
   * is the `BlockCost`'s, integrated once by the solver.
   */
  readonly problem: Problem
  /** Points `problem` at component k (0 ≤ k < count). */
  select(k: number): void
  /**
   * Optional: called once per solve with θ just before the block's components are integrated
   * forward — after every block before it, whose recordings and event times the links then give —
   * for what depends on θ and on those blocks but not on this block's state: event times that
   * parameters move (delays), stops where a delayed input bends. An event family's `count` may
   * change here (it is read after).
   */
  prepare?(theta: Float64Array): void
  /** y0 of component k into `out` (d entries). */
  initialState(k: number, theta: Float64Array, out: Float64Array): void
  /** acc += (∂y0_k/∂θ)ᵀ λ(t0), when y0 depends on θ. */
  initialStateVjp?(k: number, theta: Float64Array, lambda0: Float64Array, acc: Float64Array): void
  /** The state entries of a component that later blocks and the cost read, in output order. */
  readonly outputs: readonly number[]
  /**
   * What a component's backward pass records for the blocks before it: `size` values per
   * component computed from the adjoint variable the problem integrates (p when it has an
   * `adjointTransform`, else λ), at the recorded state and auxiliary values.
   */
  readonly cotangent?: {
    readonly size: number
    compute(t: number, y: Float64Array, theta: Float64Array, adjoint: Float64Array, out: Float64Array, aux?: Float64Array): void
  }
  /**
   * Optional: the block's right-hand sides over many components at once — what makes a block of
   * many small components fast (`blockGradient` then integrates them side by side, each still on
   * its own steps). Requires the problem's `adjointTransform` (the batch integrates p).
   */
  readonly batch?: BlockBatch
}

/**
 * A block's right-hand sides over a set of its components at once, each at its own time. Slot i
 * holds component comp[i] at time ts[i]; an array of the block's variables holds variable v of
 * slot i at [v · nA + i] (the layout of a population's variables in a Neuron plugin). Events,
 * costs, parameter VJPs and cotangents still come from `Block.problem`, one component at a time.
 * Both functions allocate nothing.
 */
export interface BlockBatch {
  /** out = F(ts[i], Y_i) for every slot; when `aux` is given, also the auxiliary values there (aux[a · nA + i]). */
  rhs(nA: number, comp: Int32Array, ts: Float64Array, Y: Float64Array, theta: Float64Array, out: Float64Array, aux?: Float64Array): void
  /**
   * out = dp/dt (the problem's `adjointTransform.rhs`) for every slot, at the recorded states Y
   * and auxiliary values AUX of its time.
   */
  adjointRhs(nA: number, comp: Int32Array, ts: Float64Array, Y: Float64Array, AUX: Float64Array, P: Float64Array, theta: Float64Array, out: Float64Array): void
  /**
   * acc += scale[i] · (∂F/∂θ)ᵀ λ for every slot (slots of scale 0 add nothing), λ given by the
   * adjoint variable P the batch integrates (λ = T p), at the recorded states Y and AUX: the
   * backward pass's quadrature over all components at once.
   */
  vjpParams(nA: number, comp: Int32Array, ts: Float64Array, Y: Float64Array, AUX: Float64Array, P: Float64Array, theta: Float64Array, scale: Float64Array, acc: Float64Array): void
  /**
   * Optional: out[c · nA + i] = condition c of slot i, c counting the members of the problem's
   * events without `times`, family by family — so that only the components whose sign changed are
   * handed to the one-component functions.
   */
  conditions?(nA: number, comp: Int32Array, ts: Float64Array, Y: Float64Array, theta: Float64Array, out: Float64Array): void
  /**
   * Optional: out[i] = the longest step slot i may take from state Y_i with slope F_i (∞ for no
   * bound), beyond what error control asks — for a feature narrower than a step that the stages
   * could step over unseen, because the embedded pair's two solutions share their samples (a
   * gated synapse's pulse g(v) dv/dt while v crosses the gate's zone). Bounds are a property of
   * the forward dynamics; the backward pass never steps across more of a recorded forward step
   * than `backwardStepFactor` times its length.
   */
  stepBounds?(nA: number, comp: Int32Array, ts: Float64Array, Y: Float64Array, F: Float64Array, theta: Float64Array, out: Float64Array): void
}

/** l(t, w, θ) and Φ(w(t1), θ) on the outputs w of all components, with their derivatives. */
export interface BlockCost {
  value(t: number, w: Float64Array, theta: Float64Array): number
  /** out = ∂l/∂w (overwritten). */
  gradOutputs(t: number, w: Float64Array, theta: Float64Array, out: Float64Array): void
  /** acc += scale · ∂l/∂θ. */
  gradParams?(t: number, w: Float64Array, theta: Float64Array, scale: number, acc: Float64Array): void
  readonly terminal?: {
    value(w: Float64Array, theta: Float64Array): number
    /** out = ∂Φ/∂w (overwritten). */
    gradOutputs(w: Float64Array, theta: Float64Array, out: Float64Array): void
    /** acc += ∂Φ/∂θ. */
    gradParams?(w: Float64Array, theta: Float64Array, acc: Float64Array): void
  }
  /** Times where l is not smooth in t (a window's edges). */
  readonly breakpoints?: readonly number[]
  /**
   * Optional: a cost Ψ on the times of the state events that fired (every component's) and on
   * the components' states at t1 — a loss on spike times, or on a neuron's voltage at the end.
   * Its ∂Ψ/∂t enters each event's jump condition (DESIGN §2), its ∂Ψ/∂y(t1) starts each
   * component's adjoint.
   */
  readonly final?: BlockFinalCost
}

/** A state event that fired: component `component` of block `block`, member `index` of its problem's event family `family`, at t. */
export interface BlockEventOccurrence {
  readonly t: number
  readonly block: number
  readonly component: number
  readonly family: number
  readonly index: number
}

/**
 * Ψ(events, y(t1), θ) of a structured problem. `events` lists the state events (families without
 * `times`) block by block, component by component, each component's in the order applied;
 * `finals[b]` holds block b's component states at t1 (after the events there), component k's d
 * entries at k·d. Runs once per solve.
 */
export interface BlockFinalCost {
  value(events: readonly BlockEventOccurrence[], finals: readonly Float64Array[], theta: Float64Array): number
  /** gradTimes[i] = ∂Ψ/∂t of events[i], gradFinals[b][k·d + v] = ∂Ψ/∂y (both zero on entry), acc += ∂Ψ/∂θ. */
  gradient(events: readonly BlockEventOccurrence[], finals: readonly Float64Array[], theta: Float64Array, gradTimes: Float64Array, gradFinals: readonly Float64Array[], acc: Float64Array): void
}

/**
 * Readers of the solver's recordings, for the components' functions. Each keeps a cursor per
 * component, so reads that move monotonically in time cost O(1).
 */
export interface BlockLinks {
  /**
   * Output j of component k of block b at time t (its forward recording; b must come before the
   * reader's block). The read walks from a cursor kept per source component, or from the reader's
   * own `cursors[slot]` when given — for readers that read one source at times of their own (a
   * delay per connection), which would drag a shared cursor back and forth.
   */
  output(b: number, k: number, j: number, t: number, cursors?: Int32Array, slot?: number): number
  /**
   * Outputs j0 … j0 + size − 1 of component k of block b at t into out[at …]: what `output` reads
   * of each, with one search for all (from the reader's `cursors[slot]`) — for a reader of many
   * outputs of one component (a population that reads a recurrent component).
   */
  outputs(b: number, k: number, j0: number, size: number, t: number, out: Float64Array, at: number, cursors: Int32Array, slot: number): void
  /**
   * d/dt of output j of component k of block b at t: the derivative of what `output` reads (of
   * its interpolant), for the gradient in a time that a parameter moves (a delay).
   */
  outputRate(b: number, k: number, j: number, t: number, cursors?: Int32Array, slot?: number): number
  /**
   * Where the outputs of component k of block b may bend (b before the reader's block), increasing
   * and distinct: its state events, its time events whose jump changes the outputs' rates, and the
   * problem's breakpoints.
   */
  eventTimes(b: number, k: number): Float64Array
  /** Cotangent entry i of component k of block b at t (its backward recording; b after the reader's block); cursors as for `output`. */
  cotangent(b: number, k: number, i: number, t: number, cursors?: Int32Array, slot?: number): number
  /** ∂l/∂w for output j of component k of block b at t (recorded along the cost's integration). */
  costGradient(b: number, k: number, j: number, t: number): number
}
