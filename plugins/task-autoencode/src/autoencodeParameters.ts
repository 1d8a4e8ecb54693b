import { resolveParameters, type ParameterSpec } from '@spikegrad/core'

/** The longest time any one parameter may span, ms: 100 s of simulated time, bounding each trial's solve before it starts. */
export const maxTrialTime = 100_000

/**
 * The auto-encoding protocol's parameters (times in ms). Defaults are our own choices: the
 * paper does not publish its input statistics.
 */
export const autoencodeParameters: readonly ParameterSpec[] = [
  { name: 'channels', value: 2, unit: '1', min: 1, max: 1000, description: 'number of input (= output) channels, an integer' },
  { name: 'duration', value: 200, unit: 'ms', min: 0, max: maxTrialTime, description: 'trial length (> 0)' },
  { name: 'correlationTime', value: 50, unit: 'ms', min: 0, max: maxTrialTime, description: 'spacing of the random knots of the input (> 0)' },
  { name: 'amplitude', value: 1, unit: '1', min: 0, description: 'standard deviation over time of each input channel (> 0)' },
  { name: 'delay', value: 0, unit: 'ms', min: 0, max: maxTrialTime, description: 'lag of the target behind the input, o*(t) = i(t - delay)' },
]

/** Resolved auto-encoding parameters, by name (see {@link autoencodeParameters}). */
export interface AutoencodeParameters {
  readonly channels: number
  readonly duration: number
  readonly correlationTime: number
  readonly amplitude: number
  readonly delay: number
}

/**
 * Resolves user values against {@link autoencodeParameters} and checks that they make a
 * protocol: an integer channel count, positive duration, correlation time and amplitude, and a
 * delay shorter than the trial.
 * @throws RangeError listing every problem, each naming the parameter and the fix.
 */
export function resolveAutoencodeParameters(given: Readonly<Record<string, number>> = {}): AutoencodeParameters {
  const resolved = resolveParameters('autoencode task', autoencodeParameters, given)
  if ('errors' in resolved) throw new RangeError(resolved.errors.join('\n'))
  const [channels, duration, correlationTime, amplitude, delay] = resolved.values
  const errors: string[] = []
  if (!Number.isInteger(channels)) errors.push(`autoencode task: channels must be an integer, got ${channels}`)
  if (duration <= 0) errors.push(`autoencode task: duration must be > 0 ms, got ${duration}`)
  if (correlationTime <= 0) errors.push(`autoencode task: correlationTime must be > 0 ms, got ${correlationTime}`)
  if (amplitude <= 0) errors.push(`autoencode task: amplitude must be > 0, got ${amplitude}`)
  if (duration > 0 && delay >= duration) {
    errors.push(`autoencode task: delay = ${delay} ms leaves nothing to score in a trial of ${duration} ms; make it shorter than duration`)
  }
  if (errors.length > 0) throw new RangeError(errors.join('\n'))
  return { channels, duration, correlationTime, amplitude, delay }
}
