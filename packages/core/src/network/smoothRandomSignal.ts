/**
 * Smooth random inputs, e.g. for the auto-encoding task.
 *
 * @since 0.1.0
 */

import type { Rng } from '../util/rng.js'
import { sampledSignal, type SampledSignal } from './sampledSignal.js'

// -------------------------------------------------------------------------------------
// model
// -------------------------------------------------------------------------------------

/** The shape of a `smoothRandomSignal`: its channels, length, correlation time and amplitude. */
export interface SmoothRandomSignalSpec {
  /** Number of independent channels (a positive integer). */
  readonly channels: number
  /** Length of the signal, ms (> 0). */
  readonly duration: number
  /** Spacing of the random knots, ms (> 0); the signal decorrelates over about this lag. */
  readonly correlationTime: number
  /** Standard deviation over time of every channel (≥ 0, same unit as the signal). */
  readonly amplitude: number
}

// -------------------------------------------------------------------------------------
// constructors
// -------------------------------------------------------------------------------------

/**
 * A smooth random signal on [0, duration] ms: a natural cubic spline ({@link sampledSignal})
 * through independent standard-normal knots z_k,m placed every h ms, h = duration / round(duration
 * / correlationTime) (so that the knots end exactly at `duration`; h ≤ 1.5 correlationTime), then
 * shifted and scaled channel by channel so that, over [0, duration],
 *
 *     (1/T) ∫ i_m dt = 0   and   (1/T) ∫ i_m² dt = amplitude²   (exactly, up to rounding).
 *
 * The normalisation uses exact quadrature (4-point Gauss–Legendre on each cubic piece); it is
 * exact because a spline reproduces constants, so shifting and scaling the knots shifts and
 * scales the signal. Draws channels · (n knots) normals from `rng`, knot-major: the same
 * generator state gives the same signal. Outside [0, duration] the signal is held constant.
 * @throws RangeError naming a bad field.
 */
export function smoothRandomSignal(rng: Rng, spec: SmoothRandomSignalSpec): SampledSignal {
  const { channels: C, duration: T, correlationTime, amplitude } = spec
  const errors = validateSpec(spec)
  if (errors.length > 0) throw new RangeError(errors.join('\n'))
  const intervals = Math.max(1, Math.round(T / correlationTime))
  const dt = T / intervals
  const knots = new Float64Array((intervals + 1) * C)
  for (let i = 0; i < knots.length; i++) knots[i] = rng.normal()

  const raw = sampledSignal({ dt, channels: C, values: knots })
  const mean = new Float64Array(C)
  const sq = new Float64Array(C)
  integrate(raw, intervals, undefined, mean)
  for (let c = 0; c < C; c++) mean[c] /= T
  integrate(raw, intervals, mean, sq)
  for (let c = 0; c < C; c++) {
    const std = Math.sqrt(sq[c] / T)
    const scale = std > 0 ? amplitude / std : 0
    for (let k = 0; k <= intervals; k++) knots[k * C + c] = (knots[k * C + c] - mean[c]) * scale
  }
  const signal = sampledSignal({ dt, channels: C, values: knots })
  return { channels: C, t0: 0, dt, duration: T, at: signal.at }
}

// -------------------------------------------------------------------------------------
// internal
// -------------------------------------------------------------------------------------

const GAUSS_NODES = [-0.8611363115940526, -0.3399810435848563, 0.3399810435848563, 0.8611363115940526]
const GAUSS_WEIGHTS = [0.3478548451374538, 0.6521451548625461, 0.6521451548625461, 0.3478548451374538]

/**
 * Over every spline piece: acc[c] += ∫ S_c dt, or acc[c] += ∫ (S_c - center_c)² dt when
 * `center` is given. Exact for cubic pieces (degree 6 ≤ 7).
 */
function integrate(s: SampledSignal, intervals: number, center: Float64Array | undefined, acc: Float64Array): void {
  const out = new Float64Array(s.channels)
  const half = s.dt / 2
  for (let k = 0; k < intervals; k++) {
    const mid = (k + 0.5) * s.dt
    for (let q = 0; q < 4; q++) {
      s.at(mid + half * GAUSS_NODES[q], out)
      const w = half * GAUSS_WEIGHTS[q]
      for (let c = 0; c < s.channels; c++) {
        const d = center ? out[c] - center[c] : out[c]
        acc[c] += center ? w * d * d : w * d
      }
    }
  }
}

function validateSpec(spec: SmoothRandomSignalSpec): string[] {
  const errors: string[] = []
  const positive = (name: keyof SmoothRandomSignalSpec, unit: string): void => {
    const v = spec[name]
    if (!(typeof v === 'number' && Number.isFinite(v) && v > 0)) {
      errors.push(`smoothRandomSignal: ${name} must be a positive number${unit}, got ${String(v)}`)
    }
  }
  if (!(Number.isInteger(spec.channels) && spec.channels >= 1)) {
    errors.push(`smoothRandomSignal: channels must be a positive integer, got ${String(spec.channels)}`)
  }
  positive('duration', ' of ms')
  positive('correlationTime', ' of ms')
  if (!(typeof spec.amplitude === 'number' && Number.isFinite(spec.amplitude) && spec.amplitude >= 0)) {
    errors.push(`smoothRandomSignal: amplitude must be a finite number ≥ 0, got ${String(spec.amplitude)}`)
  }
  return errors
}
