import type { Loss } from '../plugin/loss.js'
import type { Neuron } from '../plugin/neuron.js'
import type { SynapseGate } from '../plugin/synapseGate.js'
import type { WeightRecord } from './weights.js'
import type { GateChoice, InitRule, NetworkSpec } from './networkSpec.js'

/**
 * The one-population network of DESIGN §1 — N neurons of one model, all-to-all recurrent,
 * with analog inputs, a bias and a readout — as a graph: input group `input`, population
 * `hidden`, projections `hidden<-input` (U) and `hidden<-hidden` (W), `bias:hidden` (b) and
 * `readout<-hidden` (O). This is the network every earlier version of spikegrad built; its
 * configuration and model files describe one of these.
 */
export interface RecurrentNetworkSpec {
  readonly neuron: Neuron
  /** Neuron parameter values by name (default: the neuron's own values). */
  readonly neuronParams?: Readonly<Record<string, number>>
  readonly gate: SynapseGate | GateChoice
  readonly sizes: { readonly inputs: number; readonly neurons: number; readonly outputs: number }
  /** tau_s, ms. */
  readonly tauS: number
  readonly losses: readonly Loss[]
  /** Train tau_s and/or named neuron parameters besides U, W, b, O. */
  readonly train?: { readonly tauS?: boolean; readonly neuronParams?: readonly string[] }
  /** y0 = [x (variable-major), s] (default: the neuron's resting state and s = 0). */
  readonly initialState?: ArrayLike<number>
  /** Scales of the random initial weights (see `RecurrentInit`). */
  readonly init?: RecurrentInit
}

/** The initial-weight scales of the one-population network (each default in brackets). */
export interface RecurrentInit {
  /** U_jm ~ N(0, inputScale²) [1]. */
  readonly inputScale?: number
  /** W_jk ~ N(0, recurrentGain² / N) for k ≠ j [1]. */
  readonly recurrentGain?: number
  /**
   * W_jj = selfCoupling [0]. A strong self-excitation (≈ 20 for theta neurons with tau_v = 5 ms,
   * tau_s = 10 ms) makes each neuron bistable — silent, or firing on its own trace — so that a
   * pulse can switch it on and the network holds what it saw: the memory lives in the
   * recurrent weights from the first step (as an identity start does for rate networks).
   */
  readonly selfCoupling?: number
  /** b_j ~ U[biasMin, biasMax) [−0.2, 0.05]. */
  readonly biasMin?: number
  readonly biasMax?: number
  /** O_rj ~ N(0, readoutScale² / N) [1]. */
  readonly readoutScale?: number
}

/** The defaults of `RecurrentInit`, chosen for theta networks driven by inputs of order 1. */
export const defaultRecurrentInit: Required<RecurrentInit> = {
  inputScale: 1,
  recurrentGain: 1,
  selfCoupling: 0,
  biasMin: -0.2,
  biasMax: 0.05,
  readoutScale: 1,
}

/**
 * The rules that draw a one-population network's weights from `RecurrentInit` scales, in
 * the order of its blocks: U ~ N(0, inputScale²), W ~ N(0, recurrentGain²/N) with the diagonal
 * fixed at selfCoupling, b ~ U[biasMin, biasMax), O ~ N(0, readoutScale²/N).
 */
export function recurrentInitRules(scales: RecurrentInit): { input: InitRule; recurrent: InitRule; bias: InitRule; readout: InitRule } {
  const init = { ...defaultRecurrentInit, ...scales }
  return {
    input: { kind: 'normal', std: init.inputScale },
    recurrent: { kind: 'normal', gain: init.recurrentGain, diagonal: init.selfCoupling },
    bias: { kind: 'uniform', min: init.biasMin, max: init.biasMax },
    readout: { kind: 'normal', gain: init.readoutScale },
  }
}

/** The graph of a one-population network (see `RecurrentNetworkSpec`). */
export function recurrentNetwork(spec: RecurrentNetworkSpec): NetworkSpec {
  const rules = recurrentInitRules(spec.init ?? {})
  const { inputs, neurons, outputs } = spec.sizes
  return {
    ...(inputs > 0 && { inputs: [{ name: 'input', kind: 'analog' as const, size: inputs }] }),
    populations: [
      {
        name: 'hidden',
        size: neurons,
        neuron: spec.neuron,
        ...(spec.neuronParams && { params: spec.neuronParams }),
        gate: spec.gate,
        tauS: spec.tauS,
        ...(spec.train && { train: { ...(spec.train.tauS !== undefined && { tauS: spec.train.tauS }), ...(spec.train.neuronParams && { params: spec.train.neuronParams }) } }),
        biasInit: rules.bias,
        ...(spec.initialState && { initialState: spec.initialState }),
      },
    ],
    projections: [
      ...(inputs > 0 ? [{ from: 'input', to: 'hidden', init: rules.input }] : []),
      { from: 'hidden', to: 'hidden', init: rules.recurrent },
    ],
    readout: { size: outputs, from: ['hidden'], init: rules.readout },
    losses: spec.losses,
  }
}

/** Weights of a one-population network as U, W, b, O (and tau_s, neuron parameters when trained). */
export interface RecurrentWeights {
  readonly U?: readonly (readonly number[])[]
  readonly W: readonly (readonly number[])[]
  readonly b: readonly number[]
  readonly O: readonly (readonly number[])[]
  readonly tauS?: number
  readonly neuronParams?: Readonly<Record<string, number>>
}

/**
 * U, W, b, O, tau_s and the neuron parameters under their block names in `recurrentNetwork`'s
 * graph. Given what the network trains (`train`), tau_s and neuron parameters it does not
 * train are left out (the files of earlier versions could hold them); U is left out when it
 * has no columns (a network without inputs).
 */
export function recurrentWeights(w: RecurrentWeights, train?: RecurrentNetworkSpec['train']): WeightRecord {
  const out: Record<string, unknown> = {}
  const keep = (name: string): boolean => train === undefined || (name === 'tau_s' ? train.tauS === true : (train.neuronParams ?? []).includes(name))
  if (w.U !== undefined && w.U.some((row) => row.length > 0)) out['hidden<-input'] = w.U
  out['hidden<-hidden'] = w.W
  out['bias:hidden'] = w.b
  out['readout<-hidden'] = w.O
  if (w.tauS !== undefined && keep('tau_s')) out['tau_s:hidden'] = w.tauS
  for (const [name, v] of Object.entries(w.neuronParams ?? {})) if (keep(name)) out[`${name}:hidden`] = v
  return out
}
