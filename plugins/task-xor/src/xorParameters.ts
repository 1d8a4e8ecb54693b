import { resolveParameters, type ParameterSpec } from '@spikegrad/core'

/** The longest time any one parameter may span, ms: 100 s of simulated time, bounding each trial's solve before it starts. */
export const maxTrialTime = 100_000

/**
 * The delayed-memory XOR protocol's parameters (times in ms). Onsets are drawn uniformly per
 * trial from [min, max]; every delay is measured onset to onset. Defaults are our own choices
 * (the paper does not publish its protocol): delays of 100–200 ms, ≥ 10 tau_s.
 */
export const xorParameters: readonly ParameterSpec[] = [
  { name: 'pulseWidth', value: 15, unit: 'ms', min: 0, max: maxTrialTime, description: 'full width of every raised-cosine pulse (> 0)' },
  { name: 'pulseAmplitude', value: 1, unit: '1', description: 'peak height of the pulses' },
  { name: 'firstPulseMin', value: 20, unit: 'ms', min: 0, max: maxTrialTime, description: 'earliest onset of pulse 1' },
  { name: 'firstPulseMax', value: 40, unit: 'ms', min: 0, max: maxTrialTime, description: 'latest onset of pulse 1' },
  { name: 'pulseDelayMin', value: 100, unit: 'ms', min: 0, max: maxTrialTime, description: 'shortest delay, pulse 1 onset to pulse 2 onset' },
  { name: 'pulseDelayMax', value: 200, unit: 'ms', min: 0, max: maxTrialTime, description: 'longest delay, pulse 1 onset to pulse 2 onset' },
  { name: 'cueDelayMin', value: 100, unit: 'ms', min: 0, max: maxTrialTime, description: 'shortest delay, pulse 2 onset to go-cue onset' },
  { name: 'cueDelayMax', value: 200, unit: 'ms', min: 0, max: maxTrialTime, description: 'longest delay, pulse 2 onset to go-cue onset' },
  { name: 'responseWindow', value: 100, unit: 'ms', min: 0, max: maxTrialTime, description: 'length of the scored window after the cue ends (> 0)' },
  { name: 'tail', value: 0, unit: 'ms', min: 0, max: maxTrialTime, description: 'unscored time after the response window' },
]

/** Resolved XOR parameters, by name (see {@link xorParameters} for meanings and units). */
export interface XorParameters {
  readonly pulseWidth: number
  readonly pulseAmplitude: number
  readonly firstPulseMin: number
  readonly firstPulseMax: number
  readonly pulseDelayMin: number
  readonly pulseDelayMax: number
  readonly cueDelayMin: number
  readonly cueDelayMax: number
  readonly responseWindow: number
  readonly tail: number
}

/**
 * Resolves user values against {@link xorParameters} and checks that they make a protocol:
 * positive pulse width and window, min ≤ max for every range, and delays of at least one pulse
 * width (so pulses do not overlap).
 * @throws RangeError listing every problem, each naming the parameter and the fix.
 */
export function resolveXorParameters(given: Readonly<Record<string, number>> = {}): XorParameters {
  const resolved = resolveParameters('xor task', xorParameters, given)
  if ('errors' in resolved) throw new RangeError(resolved.errors.join('\n'))
  const p = Object.fromEntries(xorParameters.map((s, i) => [s.name, resolved.values[i]])) as unknown as XorParameters
  const errors: string[] = []
  if (p.pulseWidth <= 0) errors.push(`xor task: pulseWidth must be > 0 ms, got ${p.pulseWidth}`)
  if (p.responseWindow <= 0) errors.push(`xor task: responseWindow must be > 0 ms, got ${p.responseWindow}`)
  for (const range of ['firstPulse', 'pulseDelay', 'cueDelay'] as const) {
    const lo = p[`${range}Min`]
    const hi = p[`${range}Max`]
    if (lo > hi) errors.push(`xor task: ${range}Min = ${lo} ms exceeds ${range}Max = ${hi} ms; raise the max or lower the min`)
  }
  for (const delay of ['pulseDelayMin', 'cueDelayMin'] as const) {
    if (p[delay] < p.pulseWidth) {
      errors.push(`xor task: ${delay} = ${p[delay]} ms is shorter than pulseWidth = ${p.pulseWidth} ms; pulses would overlap`)
    }
  }
  if (errors.length > 0) throw new RangeError(errors.join('\n'))
  return p
}
