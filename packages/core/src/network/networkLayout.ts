import type { ParameterBlock } from '../ode/problem.js'

/** Sizes of a network: N_in inputs, N neurons, N_out readouts. */
export interface NetworkSizes {
  readonly inputs: number
  readonly neurons: number
  readonly outputs: number
}

/**
 * Where each parameter lives in θ. Always U (N×N_in), W (N×N), b (N), O (N_out×N), row-major
 * with W[j][k] from neuron k to neuron j, U[j][m] from input m to neuron j, O[r][j] from
 * neuron j to readout r; then tau_s and the trainable neuron parameters, if trained.
 */
export interface NetworkLayout {
  readonly sizes: NetworkSizes
  readonly blocks: readonly ParameterBlock[]
  readonly U: number
  readonly W: number
  readonly b: number
  readonly O: number
  /** Offset of tau_s in θ, or -1 when tau_s is fixed. */
  readonly tauS: number
  /** For each neuron parameter (in the neuron's order), its offset in θ, or -1 when fixed. */
  readonly neuronParams: readonly number[]
  readonly size: number
}

/** Lays out θ for the given sizes and trainable extras. */
export function networkLayout(
  sizes: NetworkSizes,
  trainTauS: boolean,
  neuronParamNames: readonly string[],
  trainedNeuronParams: readonly string[],
): NetworkLayout {
  const { inputs: Nin, neurons: N, outputs: Nout } = sizes
  const blocks: ParameterBlock[] = []
  let offset = 0
  const add = (name: string, length: number): number => {
    blocks.push({ name, offset, length })
    offset += length
    return offset - length
  }
  const U = add('U', N * Nin)
  const W = add('W', N * N)
  const b = add('b', N)
  const O = add('O', Nout * N)
  const tauS = trainTauS ? add('tauS', 1) : -1
  const neuronParams = neuronParamNames.map((name) => (trainedNeuronParams.includes(name) ? add(`neuron.${name}`, 1) : -1))
  return { sizes, blocks, U, W, b, O, tauS, neuronParams, size: offset }
}
