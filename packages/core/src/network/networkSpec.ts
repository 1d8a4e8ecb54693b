import type { Loss } from '../plugin/loss.js'
import type { Neuron } from '../plugin/neuron.js'
import type { ParameterValue } from '../plugin/parameterValue.js'
import type { GateFactory, SynapseGate } from '../plugin/synapseGate.js'

/**
 * A network as a graph (DESIGN §6), written in code: populations of neurons, input groups,
 * projections between them, biases and a linear readout. `createNetwork` validates it and
 * lays out the state y and the parameters θ. Times in ms.
 *
 *   I_q = Σ_p W_qp s_p + Σ_c U_qc r_c(t) + b_q
 *   dx_q/dt = f_q(x_q, I_q),   tau_q ds_q/dt = −s_q + g_q(v_q) dv_q/dt,   o = Σ_p O_p s_p
 *
 * @example
 *   // 5 spike inputs → 100 LIF → 3 readouts
 *   const net = getOrThrow(createNetwork({
 *     inputs: [{ name: 'input', kind: 'spikes', size: 5, tauS: 5 }],
 *     populations: [{ name: 'hidden', size: 100, neuron: lifNeuron(), gate: { shape: polyBumpGate, width: 0.2 }, tauS: 5 }],
 *     projections: [{ from: 'input', to: 'hidden' }],
 *     readout: { size: 3, from: ['hidden'] },
 *     losses: [mseLoss()],
 *   }))
 */
export interface NetworkSpec {
  /** Input groups, in the order their channels are numbered (default none). */
  readonly inputs?: readonly InputSpec[]
  /** At least one population; the state y holds them in this order. */
  readonly populations: readonly PopulationSpec[]
  /** Projections into populations (default none); θ holds their weights in this order. */
  readonly projections?: readonly ProjectionSpec[]
  readonly readout: ReadoutSpec
  /** Loss terms, summed (at least one). */
  readonly losses: readonly Loss[]
}

/** N neurons of one model, with their gate, synaptic time constant and bias. */
export interface PopulationSpec {
  /** Unique among populations and inputs; names the parameter blocks (`bias:hidden`). */
  readonly name: string
  /** N ≥ 1. */
  readonly size: number
  readonly neuron: Neuron
  /**
   * Neuron parameter values by name (default: the neuron's own values): one number for the
   * population, or one per neuron — a list of N numbers or a rule (`ParameterInit`) — for a
   * neuron with `perNeuronParameters`.
   */
  readonly params?: Readonly<Record<string, ParameterValue>>
  /** The gate, or a gate shape and the width of its zone, placed where the neuron says (`gateZone`). */
  readonly gate: SynapseGate | GateChoice
  /** Synaptic time constant tau_s, ms (> 0): one for the population, or one per neuron (a list of N or a rule). */
  readonly tauS: ParameterValue
  /**
   * Also train tau_s and/or named neuron parameters. A per-neuron one is trained neuron by neuron
   * (a block of N entries, `tau_m:hidden`), a shared one as one entry.
   */
  readonly train?: { readonly tauS?: boolean; readonly params?: readonly string[] }
  /** The bias b: trained (default), frozen at its initial value, or absent. */
  readonly bias?: 'trained' | 'frozen' | 'none'
  /** How b is drawn (default uniform on [−0.2, 0.05), just below a theta neuron's rheobase). */
  readonly biasInit?: InitRule
  /** The sign of each neuron's outgoing weights, for projections with `dale: true`. */
  readonly sign?: Signs
  /** y0 of the population: its neuron variables (variable-major, m·N) then its traces (N) (default: the neuron's resting state, s = 0). */
  readonly initialState?: ArrayLike<number>
}

/** A gate shape by its factory, with the zone's width (and optionally centre and period). */
export interface GateChoice {
  readonly shape: GateFactory
  readonly width: number
  readonly center?: number
  readonly period?: number
}

/** Excitatory (+1), inhibitory (−1), or one ±1 per neuron. */
export type Signs = 'excitatory' | 'inhibitory' | readonly number[]

/**
 * A group of input channels. Analog channels are smooth signals i(t) read from the trial
 * (`Trial.input`); the channels of a spike group are spike trains (`Trial.spikes`) whose
 * traces r_c obey tau dr/dt = −r with a jump of 1/tau at each spike — one unit of charge per
 * spike, what the gated synapse of a neuron that crosses its whole zone delivers.
 */
export type InputSpec =
  | { readonly name: string; readonly kind: 'analog'; readonly size: number; readonly sign?: Signs }
  | {
      readonly name: string
      readonly kind: 'spikes'
      readonly size: number
      /** Time constant of the input traces, ms (> 0). */
      readonly tauS: number
      readonly sign?: Signs
    }

/**
 * Which entries of a projection exist. Rows are the target's neurons, columns the source's.
 * - 'dense' (default): all;
 * - `mask`: a rows × cols matrix of 0 and 1 (1: the weight exists);
 * - `indices`: the [target, source] pairs that exist;
 * - `probability`: each entry exists with this probability, drawn from `seed` (default 1).
 * Masked and sparse projections store, multiply and differentiate only their entries.
 */
export type Connectivity =
  | 'dense'
  | { readonly mask: readonly (readonly number[])[] }
  | { readonly indices: readonly (readonly number[])[] }
  | { readonly probability: number; readonly seed?: number }

/** Weights W from a population or input group into a population. */
export interface ProjectionSpec {
  /** A population or an input group. */
  readonly from: string
  /** A population. */
  readonly to: string
  readonly connectivity?: Connectivity
  /** Trained (default) or frozen at its initial value. */
  readonly trained?: boolean
  /** Dale's law: every weight keeps the sign of its source neuron (`sign` of the source). */
  readonly dale?: boolean
  /** How the weights are drawn (default normal with gain 1: std 1/√fan-in). */
  readonly init?: InitRule
  /**
   * Transmission delays, ms (DESIGN §9): the target reads the source at t − d. Only in a
   * feedforward network (no population reaches itself through projections), where each
   * population is solved on its own (the structured solve); not on analog inputs.
   */
  readonly delay?: DelaySpec
}

/**
 * The delays of a projection: one per entry (`synaptic`: entry (j, k) reads source k at t − d_jk),
 * one per source neuron or channel (`axonal`: every target reads source k at t − d_k) or one per
 * target neuron (`dendritic`: neuron j reads every source at t − d_j). Trained (default) or fixed;
 * kept in [0, max] after every optimiser step. Before the trial starts a source holds its state at
 * t = 0; a spike that a delay moves before 0 is part of the initial state, after the trial's end
 * it is lost.
 */
export interface DelaySpec {
  readonly kind: 'synaptic' | 'axonal' | 'dendritic'
  /** How the delays are drawn, ms: uniform or constant (default constant 1). */
  readonly init?: InitRule
  /** Trained (default) or fixed at the initial values. */
  readonly trained?: boolean
  /** The largest delay, ms (default 100): training keeps every delay in [0, max]. */
  readonly max?: number
}

/** o = Σ_p O_p s_p over the named populations. */
export interface ReadoutSpec {
  /** Number of readout channels (the task's outputs). */
  readonly size: number
  readonly from: readonly string[]
  /** Trained (default) or frozen. */
  readonly trained?: boolean
  /** How O is drawn (default normal with gain 1: std 1/√N_p). */
  readonly init?: InitRule
}

/**
 * How the entries of a block are drawn:
 * - normal: N(0, std²), with std given or gain/√fan-in (fan-in: the entries of a row);
 * - uniform on [min, max);
 * - constant.
 * `diagonal` fixes W_jj of a projection from a population to itself (no draw is made for it):
 * a strong self-coupling makes neurons bistable. Under Dale's law a draw w becomes sign · |w|.
 */
export type InitRule =
  | { readonly kind: 'normal'; readonly std?: number; readonly gain?: number; readonly diagonal?: number }
  | { readonly kind: 'uniform'; readonly min: number; readonly max: number; readonly diagonal?: number }
  | { readonly kind: 'constant'; readonly value: number; readonly diagonal?: number }
