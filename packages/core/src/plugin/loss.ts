import type { PopulationTerms } from './populationLoss.js'

/**
 * A term of the loss L = ∫_0^T l(t, o(t), s(t)) dt + Φ(s(T), s(0), tau), where o is the readout
 * and s the synaptic traces of every neuron of the network (all populations, in their order).
 * Several terms are summed. The target comes from the trial. All functions are allocation-free.
 */
export interface Loss {
  /** Name the plugin is registered under, e.g. 'mse'. */
  readonly kind: string
  /**
   * l(t, o, s). `target` holds the trial's target o*(t) and `weight` its mask weight at t
   * (1 inside the scored window, 0 outside, for tasks that have windows).
   */
  value(t: number, o: Float64Array, s: Float64Array, target: Float64Array, weight: number): number
  /** Accumulates: gradO[r] += ∂l/∂o_r, gradS[j] += ∂l/∂s_j (partial in s, o held fixed). */
  gradient(
    t: number,
    o: Float64Array,
    s: Float64Array,
    target: Float64Array,
    weight: number,
    gradO: Float64Array,
    gradS: Float64Array,
  ): void
  /**
   * False when `value` and `gradient` never read `s` (the loss is on the readout o alone): lets a
   * solver skip assembling every neuron's trace at every time (the `closedForm` structure needs
   * it). Absent means they may.
   */
  readonly readsTraces?: boolean
  /**
   * True when `value` is 0 and `gradient` adds nothing wherever the weight is 0 (a loss weighted
   * by the trial's mask): lets a solver skip those times (the `closedForm` structure skips the
   * readout there). Absent means the loss may count them (`checkLoss` tests the claim).
   */
  readonly zeroWhereUnweighted?: boolean
  /** Optional end-of-trial term Φ(s(T), s(0), tau_s). */
  readonly terminal?: TerminalLoss
  /**
   * Optional terms on what the loss reads of the populations by name — traces, neuron variables
   * such as the voltage, the times of resets (`PopulationTerms`). A loss made only of these gives
   * `value` 0 and a `gradient` that adds nothing.
   */
  readonly populations?: PopulationTerms
}

/** An end-of-trial term Φ(s(T), s(0), tau); tauS[j] is the synaptic time constant of neuron j, ms. */
export interface TerminalLoss {
  /** Φ(s(T), s(0), tau_s): `sEnd` and `sStart` hold every neuron's trace at T and at 0. */
  value(sEnd: Float64Array, sStart: Float64Array, tauS: Float64Array): number
  /** Accumulates gradS[j] += ∂Φ/∂s_j(T) and gradTauS[j] += ∂Φ/∂tau_j. */
  gradient(sEnd: Float64Array, sStart: Float64Array, tauS: Float64Array, gradS: Float64Array, gradTauS: Float64Array): void
}

/**
 * Builds a loss term from named parameters (e.g. { weight: 1e-3 }) and, for a loss that reads
 * populations by name, `options` (e.g. { population: 'output' }), a JSON object only the plugin interprets.
 */
export type LossFactory = (params?: Readonly<Record<string, number>>, options?: Readonly<Record<string, unknown>>) => Loss
