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

/** Where everything lives: the sizes of y and θ, the trace slice, the trial's channels and θ's named blocks. */
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
  readonly kind: 'projection' | 'bias' | 'readout' | 'tauS' | 'neuronParameter' | 'delay'
  /** Frozen blocks keep their initial values: no gradient is computed for them. */
  readonly trainable: boolean
  /** A tau_s or neuron parameter with one entry per neuron of its population (`tau_m:hidden[j]`). */
  readonly perNeuron?: boolean
}

/** A population as laid out: its neuron, gate and tau_s, and the offsets of its variables in y and of its parameters in θ. */
export interface NetworkPopulation {
  /** The name given in the `PopulationSpec`. */
  readonly name: string
  /** N, its number of neurons. */
  readonly size: number
  /** The neuron model of every one of its neurons. */
  readonly neuron: Neuron
  /**
   * Values of every neuron parameter, in the neuron's order (trained ones are read from θ
   * instead); for a per-neuron one, the centre of its values (see `paramTable`).
   */
  readonly params: Float64Array
  /**
   * When some parameter is per neuron: every parameter of every neuron, P × N parameter-major
   * (parameter k of neuron j at [k·N + j]; shared ones repeated), the table the neuron reads.
   */
  readonly paramTable?: Float64Array
  /** Per parameter (neuron's order): true when it has one value per neuron (its θ block has N entries). */
  readonly perNeuronParams: readonly boolean[]
  /** The gate g(v) of its synapses, its zone placed (by neuron 0's parameters). */
  readonly gate: SynapseGate
  /**
   * When the neurons' gate zones differ (a per-neuron threshold): neuron j's gate is the
   * population's moved by gateShift[j], g_j(v) = g(v − gateShift[j]).
   */
  readonly gateShift?: Float64Array
  /** tau_s, ms (read from θ instead when trained); the centre of the values when per neuron. */
  readonly tauS: number
  /** tau_s of each neuron, ms, when it is per neuron (read from θ instead when trained). */
  readonly tauSValues?: Float64Array
  /** Offset in y of its neuron variables (m·N entries). */
  readonly stateOffset: number
  /** Offset in y of its traces (N entries). */
  readonly traceOffset: number
  /** Index of its first neuron among all neurons. */
  readonly neuronOffset: number
  /** θ offset of its bias, −1 when it has none. */
  readonly biasOffset: number
  /** Whether its bias is trained (false: frozen or absent). */
  readonly biasTrainable: boolean
  /** How its bias is drawn (see `initialWeights`). */
  readonly biasInit: InitRule
  /** θ offset of tau_s (its first entry when per neuron), −1 when fixed. */
  readonly tauSOffset: number
  /** θ offset of each neuron parameter (neuron's order; its first entry when per neuron), −1 when fixed. */
  readonly paramOffsets: readonly number[]
  /** ±1 per neuron, when declared. */
  readonly signs?: Float64Array
}

/** An input group as laid out: its kind, its channels among the trial's, and for spikes the traces r in y. */
export interface NetworkInput {
  /** The name given in the `InputSpec`. */
  readonly name: string
  /** Smooth signals (`Trial.input`) or spike trains (`Trial.spikes`). */
  readonly kind: 'analog' | 'spikes'
  /** Number of channels. */
  readonly size: number
  /** Offset of its first channel among the analog (or spike) channels of a trial. */
  readonly channelOffset: number
  /** Spikes: offset in y of its traces; analog: −1. */
  readonly traceOffset: number
  /** Spikes: the traces' time constant, ms; analog: NaN. */
  readonly tauS: number
  /** ±1 per channel, when declared (for projections with Dale's law). */
  readonly signs?: Float64Array
}

/** Where a projection reads: a population's traces, an analog group or a spike group's traces. */
export type ProjectionSource =
  | { readonly kind: 'population'; readonly index: number }
  | { readonly kind: 'analog'; readonly index: number }
  | { readonly kind: 'spikes'; readonly index: number }

/** A projection as laid out: its source and target, which entries exist, and where its weights live in θ. */
export interface NetworkProjection {
  /** `target<-source`, also the name of its block of θ. */
  readonly name: string
  /** What it reads: a population (index in `populations`) or an input group (index in `inputs`). */
  readonly source: ProjectionSource
  /** The source's name, as given in `ProjectionSpec.from`. */
  readonly sourceName: string
  /** Index of the target population. */
  readonly target: number
  /** Which entries of the target × source matrix exist (dense, masked or sparse). */
  readonly pattern: Pattern
  /** θ offset of its first entry; it has `pattern.entries`. */
  readonly offset: number
  /** False when frozen at its initial values. */
  readonly trainable: boolean
  /** Every entry keeps the sign of its source neuron (`sourceSigns`) after each optimiser step. */
  readonly dale: boolean
  /** ±1 per source neuron or channel, when the source declares a sign. */
  readonly sourceSigns?: Float64Array
  /** How its weights are drawn (see `initialWeights`). */
  readonly init: InitRule
  /** True when it projects a population onto itself (its diagonal is W_jj). */
  readonly recurrent: boolean
  /** Its transmission delays (`ProjectionSpec.delay`), when it has any. */
  readonly delay?: NetworkDelay
}

/** A projection's delays as laid out in θ (block `delay:target<-source`). */
export interface NetworkDelay {
  readonly kind: 'synaptic' | 'axonal' | 'dendritic'
  /** θ offset of the first delay; `length` of them: the pattern's entries (synaptic), its columns (axonal) or its rows (dendritic). */
  readonly offset: number
  readonly length: number
  readonly trainable: boolean
  readonly init: InitRule
  /** Upper bound, ms (the lower is 0). */
  readonly max: number
}

/** Whether some projection of the network has delays (then only the structured solve solves it). */
export const hasDelays = (network: Network): boolean => network.projections.some((p) => p.delay !== undefined)

/** The θ index of the delay of entry e (row j, column k) of a projection with delays. */
export function delayIndex(delay: NetworkDelay, e: number, j: number, k: number): number {
  return delay.offset + (delay.kind === 'synaptic' ? e : delay.kind === 'axonal' ? k : j)
}

/** The linear readout o = Σ_p O_p s_p: its channels and the θ blocks of its matrices. */
export interface NetworkReadout {
  /** Number of readout channels (the task's outputs). */
  readonly size: number
  /** One block O_p (size × N_p, row-major) per source population: its block name, the population's index, its θ offset. */
  readonly terms: readonly { readonly name: string; readonly population: number; readonly offset: number }[]
  /** False when frozen at its initial values. */
  readonly trainable: boolean
  /** How O is drawn (see `initialWeights`). */
  readonly init: InitRule
}
