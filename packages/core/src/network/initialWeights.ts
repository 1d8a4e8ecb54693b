import type { Rng } from '../util/rng.js'
import { drawInit } from './initRule.js'
import type { Network } from './network.js'

/**
 * Random initial parameters θ for `network`, drawn from `rng` block by block in θ order with
 * each block's rule (`ProjectionSpec.init`, `PopulationSpec.biasInit`, `ReadoutSpec.init`):
 * a projection entry by entry (row-major; a sparse one in its pattern's order), a fixed
 * diagonal taking no draw; under Dale's law each draw w becomes sign · |w|; then the delays of
 * each projection that has them (`DelaySpec.init`, in [0, max]). Trained tau_s and neuron
 * parameters start at the population's values (per neuron: the values drawn when the network was
 * made, so they take no draw from `rng`). The same generator state gives the same θ.
 */
export function initialWeights(network: Network, rng: Rng): Float64Array {
  const theta = new Float64Array(network.layout.size)
  for (const pr of network.projections) {
    const { pattern, init } = pr
    const fanIn = pattern.entries / Math.max(pattern.rows, 1)
    const diagonal = pr.recurrent ? init.diagonal : undefined
    const signs = pr.dale ? pr.sourceSigns : undefined
    for (let j = 0; j < pattern.rows; j++) {
      const start = pattern.kind === 'dense' ? j * pattern.cols : pattern.rowStart[j]
      const end = pattern.kind === 'dense' ? start + pattern.cols : pattern.rowStart[j + 1]
      for (let e = start; e < end; e++) {
        const k = pattern.kind === 'dense' ? e - start : pattern.col[e]
        const w = diagonal !== undefined && j === k ? diagonal : drawInit(init, fanIn, rng)
        theta[pr.offset + e] = signs === undefined ? w : signs[k] * Math.abs(w)
      }
    }
  }
  for (const pop of network.populations) {
    if (pop.biasOffset < 0) continue
    for (let j = 0; j < pop.size; j++) theta[pop.biasOffset + j] = drawInit(pop.biasInit, 1, rng)
  }
  const { readout } = network
  for (const term of readout.terms) {
    const N = network.populations[term.population].size
    for (let i = 0; i < readout.size * N; i++) theta[term.offset + i] = drawInit(readout.init, N, rng)
  }
  // delays last (θ's last blocks), so that a network without them draws what it always drew
  for (const pr of network.projections) {
    const d = pr.delay
    if (d === undefined) continue
    for (let i = 0; i < d.length; i++) theta[d.offset + i] = Math.min(d.max, Math.max(0, drawInit(d.init, 1, rng)))
  }
  for (const pop of network.populations) {
    if (pop.tauSOffset >= 0) {
      if (pop.tauSValues !== undefined) theta.set(pop.tauSValues, pop.tauSOffset)
      else theta[pop.tauSOffset] = pop.tauS
    }
    pop.paramOffsets.forEach((off, k) => {
      if (off < 0) return
      if (pop.perNeuronParams[k]) theta.set(pop.paramTable!.subarray(k * pop.size, (k + 1) * pop.size), off)
      else theta[off] = pop.params[k]
    })
  }
  return theta
}
