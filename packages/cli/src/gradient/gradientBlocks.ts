import { unpackWeights, type Network } from '@spikegrad/core'

/**
 * A vector over θ (a gradient, or finite differences) by block name, in the layout of the
 * weights (see core's `unpackWeights`): `hidden<-input` as rows, a sparse projection as
 * [target, source, value] triples, `bias:hidden` as a list, `tau_s:hidden` as a number, ….
 */
export type GradientBlocks = Record<string, unknown>

/** Splits a vector over θ into its named blocks. */
export function gradientBlocks(network: Network, vector: Float64Array): GradientBlocks {
  return unpackWeights(network, vector)
}
