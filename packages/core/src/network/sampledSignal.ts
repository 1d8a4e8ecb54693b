/**
 * Sampled inputs made smooth: a natural cubic spline through samples taken every `dt` ms.
 *
 * Why a spline: an input enters the right-hand side of the network, I = W s + U i(t) + b.
 * Piecewise-linear interpolation puts a kink in i(t) — and so in the right-hand side — at every
 * sample, and an adaptive integrator then crawls from sample to sample, shrinking its step at
 * each kink. The natural cubic spline is C² (its third derivative jumps at the knots, which a
 * high-order integrator tolerates far better than a jump in the slope).
 *
 * @since 0.1.0
 */

// -------------------------------------------------------------------------------------
// model
// -------------------------------------------------------------------------------------

/** Samples of a multi-channel signal on a uniform grid. */
export interface SampleSpec {
  /** Sample spacing, ms (> 0). */
  readonly dt: number
  /** values[k * channels + m] = channel m at time t0 + k dt; at least 2 samples. */
  readonly values: ArrayLike<number>
  /** Number of channels (a positive integer). */
  readonly channels: number
  /** Time of the first sample, ms (default 0). */
  readonly t0?: number
}

/** A smooth signal of time with several channels, evaluated without allocating. */
export interface SampledSignal {
  readonly channels: number
  /** Time of the first sample, ms. */
  readonly t0: number
  /** Sample spacing, ms. */
  readonly dt: number
  /** Span covered by the samples, (n - 1) dt, ms. */
  readonly duration: number
  /** out[m] = S_m(t) for m = 0 .. channels-1 (out may be longer; other entries untouched). */
  at(t: number, out: Float64Array): void
}

// -------------------------------------------------------------------------------------
// validation
// -------------------------------------------------------------------------------------

/**
 * Checks a sample specification: dt > 0, channels a positive integer, t0 finite, the number of
 * values a multiple of `channels` with at least 2 samples, every value finite.
 * @returns the problems found, each naming the field and the fix; empty when the samples are usable.
 */
export function validateSamples(spec: SampleSpec): readonly string[] {
  const errors: string[] = []
  const { dt, values, channels, t0 = 0 } = spec
  if (!(typeof dt === 'number' && Number.isFinite(dt) && dt > 0)) {
    errors.push(`samples: dt must be a positive number of ms, got ${String(dt)}`)
  }
  if (!(Number.isInteger(channels) && channels >= 1)) {
    errors.push(`samples: channels must be a positive integer, got ${String(channels)}`)
  }
  if (!(typeof t0 === 'number' && Number.isFinite(t0))) {
    errors.push(`samples: t0 must be a finite time in ms, got ${String(t0)}`)
  }
  if (values === null || typeof values !== 'object' || typeof values.length !== 'number') {
    errors.push('samples: values must be an array of numbers')
    return errors
  }
  if (errors.length > 0) return errors
  if (values.length % channels !== 0) {
    errors.push(
      `samples: values has ${values.length} entries, not a multiple of channels = ${channels} ` +
        '(lay them out as values[k * channels + m])',
    )
  } else if (values.length / channels < 2) {
    errors.push(`samples: need at least 2 samples per channel to interpolate, got ${values.length / channels}`)
  }
  for (let i = 0; i < values.length; i++) {
    const v = values[i]
    if (typeof v !== 'number' || !Number.isFinite(v)) {
      errors.push(
        `samples: values[${i}] (sample ${Math.floor(i / channels)}, channel ${i % channels}) ` +
          `must be a finite number, got ${String(v)}`,
      )
      break
    }
  }
  return errors
}

// -------------------------------------------------------------------------------------
// constructors
// -------------------------------------------------------------------------------------

/**
 * The natural cubic spline S through the samples y_k = values[k·C + m] at t_k = t0 + k dt.
 * On [t_k, t_k+1], with u = (t - t_k)/dt,
 *
 *     S(t) = (1-u) y_k + u y_k+1 + dt²/6 [((1-u)³ - (1-u)) M_k + (u³ - u) M_k+1],
 *
 * where the second derivatives M solve M_k-1 + 4 M_k + M_k+1 = 6 (y_k+1 - 2 y_k + y_k-1)/dt²
 * with the natural end conditions M_0 = M_n-1 = 0. S is C², passes through every sample, and
 * reproduces straight lines exactly. Outside [t0, t0 + (n-1) dt] the signal is held constant at
 * the first / last sample (continuous, but with a kink there unless the end slope is zero:
 * keep integration inside the sampled span, or list its ends as breakpoints).
 *
 * Construction costs O(n·C) and allocates; `at` allocates nothing.
 * @throws RangeError listing the problems found by {@link validateSamples}.
 * @example
 * const s = sampledSignal({ dt: 1, channels: 1, values: [0, 1, 0, -1, 0] })
 * const out = new Float64Array(1)
 * s.at(1, out) // out[0] === 1
 */
export function sampledSignal(spec: SampleSpec): SampledSignal {
  const errors = validateSamples(spec)
  if (errors.length > 0) throw new RangeError(errors.join('\n'))
  const { dt, channels: C } = spec
  const t0 = spec.t0 ?? 0
  const y = Float64Array.from(spec.values)
  const n = y.length / C
  const m = secondDerivatives(y, n, C, dt)
  const last = n - 1
  return {
    channels: C,
    t0,
    dt,
    duration: last * dt,
    at(t: number, out: Float64Array): void {
      const x = (t - t0) / dt
      if (x <= 0) {
        for (let c = 0; c < C; c++) out[c] = y[c]
        return
      }
      if (x >= last) {
        const o = last * C
        for (let c = 0; c < C; c++) out[c] = y[o + c]
        return
      }
      let k = Math.floor(x)
      if (k > last - 1) k = last - 1
      const u = x - k
      const w = 1 - u
      const a = w * w * w - w
      const b = u * u * u - u
      const i0 = k * C
      const i1 = i0 + C
      for (let c = 0; c < C; c++) {
        out[c] = w * y[i0 + c] + u * y[i1 + c] + a * m[i0 + c] + b * m[i1 + c]
      }
    },
  }
}

// -------------------------------------------------------------------------------------
// internal
// -------------------------------------------------------------------------------------

/**
 * Solves the natural-spline system for every channel (Thomas algorithm; the matrix is the same
 * for all channels) and returns dt²/6 · M_k per sample and channel, laid out like the values.
 */
function secondDerivatives(y: Float64Array, n: number, C: number, dt: number): Float64Array {
  const m = new Float64Array(n * C)
  if (n < 3) return m
  // Forward elimination of M_k-1 + 4 M_k + M_k+1 = r_k, k = 1 .. n-2, M_0 = M_n-1 = 0.
  // In units of dt²/6 the right-hand side is r_k = y_k+1 - 2 y_k + y_k-1.
  const cPrime = new Float64Array(n)
  for (let k = 1; k <= n - 2; k++) {
    const denom = 4 - (k > 1 ? cPrime[k - 1] : 0)
    cPrime[k] = 1 / denom
    for (let c = 0; c < C; c++) {
      const r = y[(k + 1) * C + c] - 2 * y[k * C + c] + y[(k - 1) * C + c]
      const prev = k > 1 ? m[(k - 1) * C + c] : 0
      m[k * C + c] = (r - prev) * cPrime[k]
    }
  }
  for (let k = n - 3; k >= 1; k--) {
    for (let c = 0; c < C; c++) m[k * C + c] -= cPrime[k] * m[(k + 1) * C + c]
  }
  return m
}
