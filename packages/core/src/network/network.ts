import type { ParameterBlock } from '../ode/problem.js'
import type { Loss } from '../plugin/loss.js'
import type { Neuron } from '../plugin/neuron.js'
import type { SynapseGate } from '../plugin/synapseGate.js'
import type { Pattern } from './connectivityPattern.js'
import type { InitRule } from './networkSpec.js'

/**
 * A network made concrete by `createNetwork` (DESIGN §6): its populations, inputs and
 * projections with their places in the state y and in the parameters θ. The weights live in
 * θ (see `packWeights`), so one network can be evaluated at many parameter vectors.
 *
 * The state is y = [x_1 … x_P | s_1 … s_P | r]: the neuron variables of each population
 * (variable-major within it: variable a of neuron j at x_q[a·N_q + j]), then every trace
 * s (population order, so all traces are one contiguous slice), then the traces r of the
 * spike-input channels. θ holds the projections (in the order given), the biases, the
 * readout blocks, then the trained tau_s and neuron parameters.
 */
export interface Network {
  readonly populations: readonly NetworkPopulation[]
  readonly inputs: readonly NetworkInput[]
  readonly projections: readonly NetworkProjection[]
  readonly readout: NetworkReadout
  readonly losses: readonly Loss[]
  readonly layout: NetworkLayout
  /** y0 (the spike inputs' traces at 0; a trial's spikes at t ≤ 0 are added by `trialInitialState`). */
  readonly initialState: Float64Array
}

export interface NetworkLayout {
  /** Dimension of y. */
  readonly stateSize: number
  /** Neurons over all populations. */
  readonly neurons: number
  /** Offset in y of the first trace (all traces are y[traceBase … traceBase + neurons)). */
  readonly traceBase: number
  /** Analog input channels (the length `Trial.input` fills) and spike-input channels (`Trial.spikes`). */
  readonly analogChannels: number
  readonly spikeChannels: number
  /** Named slices of θ (`hidden<-input`, `bias:hidden`, …), in θ order. */
  readonly blocks: readonly NetworkBlock[]
  /** Length of θ. */
  readonly size: number
}

/** A slice of θ: a projection, a bias, a readout term, a tau_s or a neuron parameter. */
export interface NetworkBlock extends ParameterBlock {
  readonly kind: 'projection' | 'bias' | 'readout' | 'tauS' | 'neuronParameter'
  /** Frozen blocks keep their initial values: no gradient is computed for them. */
  readonly trainable: boolean
}

export interface NetworkPopulation {
  readonly name: string
  readonly size: number
  readonly neuron: Neuron
  /** Values of every neuron parameter, in the neuron's order (trained ones are read from θ instead). */
  readonly params: Float64Array
  readonly gate: SynapseGate
  /** tau_s, ms (read from θ instead when trained). */
  readonly tauS: number
  /** Offset in y of its neuron variables (m·N entries). */
  readonly stateOffset: number
  /** Offset in y of its traces (N entries). */
  readonly traceOffset: number
  /** Index of its first neuron among all neurons. */
  readonly neuronOffset: number
  /** θ offset of its bias, −1 when it has none. */
  readonly biasOffset: number
  readonly biasTrainable: boolean
  readonly biasInit: InitRule
  /** θ offset of tau_s, −1 when fixed. */
  readonly tauSOffset: number
  /** θ offset of each neuron parameter (neuron's order), −1 when fixed. */
  readonly paramOffsets: readonly number[]
  /** ±1 per neuron, when declared. */
  readonly signs?: Float64Array
}

export interface NetworkInput {
  readonly name: string
  readonly kind: 'analog' | 'spikes'
  readonly size: number
  /** Offset of its first channel among the analog (or spike) channels of a trial. */
  readonly channelOffset: number
  /** Spikes: offset in y of its traces; analog: −1. */
  readonly traceOffset: number
  /** Spikes: the traces' time constant, ms; analog: NaN. */
  readonly tauS: number
  readonly signs?: Float64Array
}

/** Where a projection reads: a population's traces, an analog group or a spike group's traces. */
export type ProjectionSource =
  | { readonly kind: 'population'; readonly index: number }
  | { readonly kind: 'analog'; readonly index: number }
  | { readonly kind: 'spikes'; readonly index: number }

export interface NetworkProjection {
  /** `target<-source`. */
  readonly name: string
  readonly source: ProjectionSource
  readonly sourceName: string
  /** Index of the target population. */
  readonly target: number
  readonly pattern: Pattern
  /** θ offset of its first entry; it has `pattern.entries`. */
  readonly offset: number
  readonly trainable: boolean
  /** Every entry keeps the sign of its source neuron (`sourceSigns`) after each optimiser step. */
  readonly dale: boolean
  readonly sourceSigns?: Float64Array
  readonly init: InitRule
  /** True when it projects a population onto itself (its diagonal is W_jj). */
  readonly recurrent: boolean
}

export interface NetworkReadout {
  readonly size: number
  /** One block O_p (size × N_p, row-major) per source population. */
  readonly terms: readonly { readonly name: string; readonly population: number; readonly offset: number }[]
  readonly trainable: boolean
  readonly init: InitRule
}
