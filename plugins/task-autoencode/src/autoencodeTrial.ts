import { smoothRandomSignal, type Rng, type Trial } from '@spikegrad/core'
import type { AutoencodeParameters } from './autoencodeParameters.js'

/**
 * Draws one auto-encoding trial on [0, T] ms: the input is a smooth random signal (core's
 * `smoothRandomSignal`: a natural cubic spline through Gaussian knots every ≈ correlationTime ms,
 * each channel with time-mean 0 and standard deviation `amplitude` over the trial), and the
 * target is the input itself, delayed by d = `delay`:
 *
 *     o*(t) = i(t - d), weight 1   for t ≥ d;     o*(t) = 0, weight 0   for t < d.
 *
 * The input is C² (no breakpoints); with d > 0 the weight jumps at d, its only breakpoint.
 * `input` and `target` allocate nothing.
 */
export function autoencodeTrial(rng: Rng, p: AutoencodeParameters): Trial {
  const signal = smoothRandomSignal(rng, {
    channels: p.channels,
    duration: p.duration,
    correlationTime: p.correlationTime,
    amplitude: p.amplitude,
  })
  const { delay, channels } = p
  return {
    duration: p.duration,
    input: signal.at,
    target(t, out) {
      if (t < delay) {
        for (let m = 0; m < channels; m++) out[m] = 0
        return 0
      }
      signal.at(t - delay, out)
      return 1
    },
    breakpoints: delay > 0 ? [delay] : [],
    meta: { delay, knotSpacing: signal.dt },
  }
}
