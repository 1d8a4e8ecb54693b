import { unpackWeights, type Network } from '@spikegrad/core'

/**
 * A vector over θ (a gradient, or finite differences) in the nested layout of the weights:
 * U[j][m], W[j][k], b[j], O[r][j] (see core's unpackWeights), plus `tauS` and
 * `neuronParams.<name>` only for the parameters the network trains.
 */
export interface GradientBlocks {
  readonly U: number[][]
  readonly W: number[][]
  readonly b: number[]
  readonly O: number[][]
  readonly tauS?: number
  readonly neuronParams?: Readonly<Record<string, number>>
}

/** Splits a vector over θ into the nested blocks of {@link GradientBlocks}. */
export function gradientBlocks(network: Network, vector: Float64Array): GradientBlocks {
  const { U, W, b, O } = unpackWeights(network, vector) as unknown as GradientBlocks
  const { layout } = network
  const trained: Record<string, number> = {}
  network.neuron.parameters.forEach((p, k) => {
    const offset = layout.neuronParams[k]
    if (offset >= 0) trained[p.name] = vector[offset]
  })
  return {
    U,
    W,
    b,
    O,
    ...(layout.tauS >= 0 && { tauS: vector[layout.tauS] }),
    ...(Object.keys(trained).length > 0 && { neuronParams: trained }),
  }
}
