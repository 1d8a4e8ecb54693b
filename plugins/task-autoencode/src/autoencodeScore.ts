import type { Readout, Trial } from '@spikegrad/core'

/**
 * The normalised mean-squared error of `channels` readouts against the trials' targets, over
 * every readout sample where the target's weight is positive, pooled over all trials:
 *
 *     nmse = Σ_k Σ_m (o_m(t_k) - o*_m(t_k))² / Σ_k Σ_m (o*_m(t_k) - ō*_m)²,
 *
 * with ō*_m the mean of target channel m over those same samples. With delay 0, o* = i: 0 is a
 * perfect copy, 1 is no better than the constant mean. Sums over samples: on a uniform readout
 * grid this is the ratio of the time integrals.
 * @throws Error when trials and readouts do not match, or the targets have no variance.
 */
export function autoencodeScore(channels: number) {
  return (trials: readonly Trial[], readouts: readonly Readout[]): { readonly nmse: number } => {
    if (trials.length !== readouts.length) {
      throw new Error(`autoencode score: got ${trials.length} trials but ${readouts.length} readouts; pass one readout per trial`)
    }
    const target = new Float64Array(channels)
    const mean = new Float64Array(channels)
    let count = 0
    let error = 0
    const visit = (each: (o: Float64Array, k: number) => void): void => {
      trials.forEach((trial, i) => {
        const { times, values } = readouts[i]
        if (values.length !== times.length * channels) {
          throw new Error(
            `autoencode score: readout ${i} has ${values.length} values for ${times.length} times; ` +
              `expected ${channels} per time (values[k * ${channels} + m])`,
          )
        }
        for (let k = 0; k < times.length; k++) {
          if (trial.target(times[k], target) > 0) each(values, k)
        }
      })
    }
    visit((o, k) => {
      count++
      for (let m = 0; m < channels; m++) {
        mean[m] += target[m]
        const d = o[k * channels + m] - target[m]
        error += d * d
      }
    })
    for (let m = 0; m < channels; m++) mean[m] /= count
    let variance = 0
    visit(() => {
      for (let m = 0; m < channels; m++) variance += (target[m] - mean[m]) ** 2
    })
    if (count === 0 || !(variance > 0)) {
      throw new Error('autoencode score: the targets have no variance on the readout samples; sample the trials inside their scored span')
    }
    return { nmse: error / variance }
  }
}
