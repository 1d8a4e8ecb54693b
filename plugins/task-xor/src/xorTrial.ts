import type { Rng, Trial } from '@spikegrad/core'
import { raisedCosinePulse } from './raisedCosinePulse.js'
import type { XorParameters } from './xorParameters.js'

/**
 * Draws one delayed-memory XOR trial. From `rng`, in this order: the signs σ1, σ2 ∈ {-1, +1},
 * the onset t1 of pulse 1, the delay to pulse 2 (t2 = t1 + d12) and the delay to the go-cue
 * (tc = t2 + d2c), each uniform on its [min, max]. With b the unit raised-cosine pulse of width
 * w and amplitude A (all times in ms):
 *
 *     i_0(t) = A [σ1 b(t; t1) + σ2 b(t; t2)]          the two signed pulses
 *     i_1(t) = A b(t; tc)                               the go-cue
 *     o*(t)  = -σ1 σ2  (+1 if the signs differ, -1 if equal),  weight 1 on [tc + w, tc + w + R]
 *
 * with weight 0 (and o* = 0) elsewhere; T = tc + w + R + tail. The input is C¹; its pulse
 * edges and the window edges are the trial's breakpoints. `input` and `target` allocate nothing.
 */
export function xorTrial(rng: Rng, p: XorParameters): Trial {
  const sign1 = rng.sign()
  const sign2 = rng.sign()
  const t1 = rng.between(p.firstPulseMin, p.firstPulseMax)
  const t2 = t1 + rng.between(p.pulseDelayMin, p.pulseDelayMax)
  const tc = t2 + rng.between(p.cueDelayMin, p.cueDelayMax)
  const w = p.pulseWidth
  const A = p.pulseAmplitude
  const windowStart = tc + w
  const windowEnd = windowStart + p.responseWindow
  const duration = windowEnd + p.tail
  const xor = -sign1 * sign2
  const edges = [t1, t1 + w, t2, t2 + w, tc, windowStart, windowEnd]
  const breakpoints = [...new Set(edges)].filter((b) => b > 0 && b < duration).sort((a, b) => a - b)
  return {
    duration,
    input(t, out) {
      out[0] = A * (sign1 * raisedCosinePulse(t, t1, w) + sign2 * raisedCosinePulse(t, t2, w))
      out[1] = A * raisedCosinePulse(t, tc, w)
    },
    target(t, out) {
      const inWindow = t >= windowStart && t <= windowEnd
      out[0] = inWindow ? xor : 0
      return inWindow ? 1 : 0
    },
    breakpoints,
    meta: {
      signs: [sign1, sign2],
      pulseTimes: [t1, t2],
      cueTime: tc,
      window: [windowStart, windowEnd],
      target: xor,
    },
  }
}
