import { getOrThrow, networkGradient, type Network, type Trial } from '@spikegrad/core'

/** Largest |a − ref| over a block, relative to the block's largest |ref|, for every trainable block. */
export function blockErrors(net: Network, a: Float64Array, ref: Float64Array): Record<string, number> {
  const out: Record<string, number> = {}
  for (const b of net.layout.blocks) {
    if (!b.trainable) continue
    let e = 0
    let s = 0
    for (let i = b.offset; i < b.offset + b.length; i++) {
      s = Math.max(s, Math.abs(ref[i]))
      e = Math.max(e, Math.abs(a[i] - ref[i]))
    }
    out[b.name] = s > 0 ? e / s : e
  }
  return out
}

/** The tight reference gradient the structure tests compare with: monolithic odex at rtol 1e-11. */
export const referenceGradient = (net: Network, theta: Float64Array, trial: Trial) =>
  getOrThrow(networkGradient(net, theta, trial, { solver: 'odex', rtol: 1e-11, atol: 1e-13, maxSteps: 100_000_000, structure: 'monolithic' }))
