// model

/**
 * What a loss term may read of its trial beyond the target at t (a `Trial` is one): its length,
 * its target and weight at any time, and the target spike trains of tasks that give them.
 */
export interface LossTrial {
  readonly duration: number
  /** Target spike trains (ms), one list per neuron (see `Trial.targetSpikes`). */
  readonly targetSpikes?: readonly ArrayLike<number>[]
  /** out[r] = o*_r(t); returns the weight at t. */
  target(t: number, out: Float64Array): number
}

/** Which resets of a population a loss reads: every one, or the first of each neuron (time to first spike). */
export type EventSelection = 'every' | 'first'

/**
 * What a loss term reads of a network, per population by name — and it gets exactly that, in
 * the order declared:
 * - `traces`: the synaptic traces s_q of the named populations;
 * - `variables`: neuron variables by their names (`{ population: 'output', variable: 'v' }`;
 *   the names are the neuron's `stateNames`);
 * - `events`: the times of the named populations' resets, every one or the first of each neuron;
 * - `charges` (final term only): the charge each neuron's gated synapse released over the trial,
 *   Q_j = ∫_0^T g(v_j) dv_j — its spike count, a full crossing of the gate's zone being one unit
 *   (`FinalLossView.charges`).
 */
export interface LossReads {
  readonly traces?: readonly string[]
  readonly variables?: readonly { readonly population: string; readonly variable: string }[]
  readonly events?: readonly { readonly population: string; readonly which: EventSelection }[]
  readonly charges?: readonly string[]
}

/**
 * What a loss term sees at time t: one array per declared trace population (N_q entries, neuron
 * order) and per declared variable (N_q entries), the trial's target o*(t), its weight w(t) and
 * the trial itself (for data a term needs beyond the target, e.g. `Trial.targetSpikes`). The
 * arrays belong to the network and are refilled at every call: read them, never keep them.
 */
export interface LossView {
  readonly t: number
  readonly traces: readonly Float64Array[]
  readonly variables: readonly Float64Array[]
  readonly target: Float64Array
  readonly weight: number
  readonly trial: LossTrial
}

/** Where a term's derivatives go: arrays of the view's shapes, zero on entry; write (or add) ∂/∂ each entry. */
export interface LossGradient {
  readonly traces: readonly Float64Array[]
  readonly variables: readonly Float64Array[]
}

/**
 * The times of one declared event selection over a trial. `first`: one entry per neuron,
 * times[j] = the first reset of neuron j, NaN when it never fired. `every`: every reset in time
 * order, neurons[k] the neuron of the k-th.
 */
export interface EventTimes {
  readonly times: Float64Array
  readonly neurons: Int32Array
}

/**
 * What the final term sees: the view at t = T (traces, variables, target and weight at T), the
 * trial's length, the declared event times, and one array per declared `charges` population:
 * charges[k][j] = Q_j = ∫_0^T g(v_j) dv_j, the charge neuron j's gated synapse released over the
 * trial. Between resets it is G(v_j(b)) − G(v_j(a)), G(v) = ∫ g up to v (`gateCharge`), and each
 * reset counts one unit (the neuron crossed the whole zone to reach its threshold, and its reset
 * value lies below the zone — where a LIF's gate sits), so Q_j = (resets of j) + G(v_j(T)) −
 * G(v_j(0)): a spike count that counts a crossing under way at T by its fraction.
 */
export interface FinalLossView extends LossView {
  readonly events: readonly EventTimes[]
  readonly charges: readonly Float64Array[]
}

/**
 * The final term's derivatives: as `LossGradient` at T, ∂Ψ/∂times per event selection (zero on
 * entry; NaN entries are ignored) and ∂Ψ/∂Q per charges population (zero on entry; the network
 * carries it to the voltage at T, ∂Q_j/∂v_j(T) = g(v_j(T))).
 */
export interface FinalLossGradient extends LossGradient {
  readonly events: readonly Float64Array[]
  readonly charges: readonly Float64Array[]
}

/**
 * The terms of a loss on what it reads of the populations (`reads`):
 *
 *     L = ∫_0^T l(t, x(t)) dt + Ψ(event times, x(T))
 *
 * with x what the term declared. A running term on a trace adds to the adjoint's trace equation,
 * one on a neuron variable to that variable's (DESIGN §6 p-form: −∂l/∂x_q); Ψ's derivatives in the
 * traces and variables at T start the adjoint there, and its derivative in an event's time enters
 * that event's jump condition (DESIGN §2, §9). Both may be present. Values and gradients must be
 * allocation-free in `running` (it runs in the solver's loops); `final` runs once per trial.
 */
export interface PopulationTerms {
  readonly reads: LossReads
  /** l(t, x(t)) and its partial derivatives; accumulate nothing outside `grad`. */
  readonly running?: {
    value(view: LossView): number
    gradient(view: LossView, grad: LossGradient): void
  }
  /** Ψ(event times, x(T)) and its partial derivatives. */
  readonly final?: {
    value(view: FinalLossView): number
    gradient(view: FinalLossView, grad: FinalLossGradient): void
  }
}
