import type { Network } from './network.js'

/** The smallest synaptic time constant training keeps, ms (tau_s must stay positive). */
export const minTauS = 1e-3

/**
 * Puts θ back into the set the network allows, in place: every weight of a projection under
 * Dale's law takes the sign of its source neuron or becomes 0 (w ← max(w, 0) from an
 * excitatory neuron, min(w, 0) from an inhibitory one) — the Euclidean projection onto the
 * allowed set; every trained delay is clipped to [0, max], every trained tau_s entry kept
 * ≥ `minTauS`, and every trained neuron parameter entry within its plugin's [min, max] (per
 * neuron for a per-neuron one). Masked and sparse projections hold only their pattern's entries,
 * and frozen blocks receive no gradient, so neither can leave its set. Training applies this
 * after every optimiser step. Allocates nothing.
 */
export function projectConstraints(network: Network, theta: Float64Array): void {
  for (const pop of network.populations) {
    if (pop.tauSOffset >= 0) {
      const end = pop.tauSOffset + (pop.tauSValues === undefined ? 1 : pop.size)
      for (let i = pop.tauSOffset; i < end; i++) if (theta[i] < minTauS) theta[i] = minTauS
    }
    for (let k = 0; k < pop.paramOffsets.length; k++) {
      const off = pop.paramOffsets[k]
      if (off < 0) continue
      const { min, max } = pop.neuron.parameters[k]
      if (min === undefined && max === undefined) continue
      const end = off + (pop.perNeuronParams[k] ? pop.size : 1)
      for (let i = off; i < end; i++) {
        if (min !== undefined && theta[i] < min) theta[i] = min
        if (max !== undefined && theta[i] > max) theta[i] = max
      }
    }
  }
  for (const pr of network.projections) {
    const d = pr.delay
    if (d !== undefined && d.trainable) {
      for (let i = d.offset; i < d.offset + d.length; i++) theta[i] = Math.min(d.max, Math.max(0, theta[i]))
    }
  }
  for (const pr of network.projections) {
    if (!pr.dale || pr.sourceSigns === undefined) continue
    const signs = pr.sourceSigns
    const p = pr.pattern
    for (let j = 0; j < p.rows; j++) {
      const start = p.kind === 'dense' ? j * p.cols : p.rowStart[j]
      const end = p.kind === 'dense' ? start + p.cols : p.rowStart[j + 1]
      for (let e = start; e < end; e++) {
        const k = p.kind === 'dense' ? e - start : p.col[e]
        const w = theta[pr.offset + e]
        if (signs[k] * w < 0) theta[pr.offset + e] = 0
      }
    }
  }
}

/** True when some block is constrained (Dale's law, trained delays, a trained tau_s or bounded neuron parameter), so that `projectConstraints` has work to do. */
export const hasConstraints = (network: Network): boolean =>
  network.projections.some((p) => p.dale || p.delay?.trainable === true) ||
  network.populations.some(
    (pop) => pop.tauSOffset >= 0 || pop.paramOffsets.some((off, k) => off >= 0 && (pop.neuron.parameters[k].min !== undefined || pop.neuron.parameters[k].max !== undefined)),
  )

/** The largest violation of the constraints in θ (0 when θ is in its allowed set). */
export function constraintViolation(network: Network, theta: Float64Array): number {
  let worst = 0
  for (const pop of network.populations) {
    if (pop.tauSOffset >= 0) {
      const end = pop.tauSOffset + (pop.tauSValues === undefined ? 1 : pop.size)
      for (let i = pop.tauSOffset; i < end; i++) worst = Math.max(worst, minTauS - theta[i])
    }
    pop.paramOffsets.forEach((off, k) => {
      if (off < 0) return
      const { min, max } = pop.neuron.parameters[k]
      const end = off + (pop.perNeuronParams[k] ? pop.size : 1)
      for (let i = off; i < end; i++) {
        if (min !== undefined) worst = Math.max(worst, min - theta[i])
        if (max !== undefined) worst = Math.max(worst, theta[i] - max)
      }
    })
  }
  for (const pr of network.projections) {
    const d = pr.delay
    if (d === undefined) continue
    for (let i = d.offset; i < d.offset + d.length; i++) worst = Math.max(worst, -theta[i], theta[i] - d.max)
  }
  for (const pr of network.projections) {
    if (!pr.dale || pr.sourceSigns === undefined) continue
    const p = pr.pattern
    for (let e = 0; e < p.entries; e++) {
      const k = p.kind === 'dense' ? e % p.cols : p.col[e]
      worst = Math.max(worst, -pr.sourceSigns[k] * theta[pr.offset + e])
    }
  }
  return worst
}
