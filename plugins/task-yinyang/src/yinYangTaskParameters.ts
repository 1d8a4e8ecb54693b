import { resolveParameters, type ParameterSpec } from '@spikegrad/core'
import { yinYangSplits } from './yinYangData.js'

/**
 * The task's protocol (times in ms): the encoding of EventProp (Wunderlich & Pehle 2021) — each
 * feature f of (x, y, 1 − x, 1 − y) an input spike at t = f · `encoding` ms, a bias spike at
 * t = 0 — the trial length, the response window over which the cross-entropy is averaged and
 * the class is read, the softmax temperature of the loss, and the sizes and seeds of the three splits (the published ones by default).
 */
export const yinYangTaskParameters: readonly ParameterSpec[] = [
  { name: 'encoding', value: 30, unit: 'ms', min: 1e-3, description: 'a feature f spikes at f · encoding ms' },
  { name: 'duration', value: 60, unit: 'ms', min: 1e-3, description: 'trial length' },
  { name: 'windowStart', value: 30, unit: 'ms', min: 0, description: 'start of the response window (the readout is scored and the loss taken over [windowStart, duration])' },
  { name: 'temperature', value: 0.05, unit: '1', min: 1e-6, description: 'the readout is divided by it before the softmax of the cross-entropy loss' },
  { name: 'trainSize', value: yinYangSplits.train.size, unit: '1', min: 1, max: 1e6, description: 'samples in the training split' },
  { name: 'trainSeed', value: yinYangSplits.train.seed, unit: '1', min: 0, max: 0xffffffff, description: 'seed of the training split' },
  { name: 'validationSize', value: yinYangSplits.validation.size, unit: '1', min: 1, max: 1e6, description: 'samples in the validation split' },
  { name: 'validationSeed', value: yinYangSplits.validation.seed, unit: '1', min: 0, max: 0xffffffff, description: 'seed of the validation split' },
  { name: 'testSize', value: yinYangSplits.test.size, unit: '1', min: 1, max: 1e6, description: 'samples in the test split' },
  { name: 'testSeed', value: yinYangSplits.test.seed, unit: '1', min: 0, max: 0xffffffff, description: 'seed of the test split' },
]

export interface YinYangTaskParameters {
  readonly encoding: number
  readonly duration: number
  readonly windowStart: number
  readonly temperature: number
  readonly splits: Readonly<Record<'train' | 'validation' | 'test', { readonly size: number; readonly seed: number }>>
}

/** The protocol from named values (missing ones take their defaults). @throws RangeError naming every bad parameter. */
export function resolveYinYangTaskParameters(params: Readonly<Record<string, number>> = {}): YinYangTaskParameters {
  const r = resolveParameters('yinyang task', yinYangTaskParameters, params)
  if ('errors' in r) throw new RangeError(r.errors.join('\n'))
  const [encoding, duration, windowStart, temperature, trainSize, trainSeed, validationSize, validationSeed, testSize, testSeed] = r.values as unknown as number[]
  const errors: string[] = []
  for (const [name, v] of [['trainSize', trainSize], ['trainSeed', trainSeed], ['validationSize', validationSize], ['validationSeed', validationSeed], ['testSize', testSize], ['testSeed', testSeed]] as const) {
    if (!Number.isInteger(v)) errors.push(`yinyang task: parameter "${name}" must be an integer, got ${v}`)
  }
  if (!(windowStart! < duration!)) errors.push(`yinyang task: windowStart = ${windowStart} must come before the end of the trial (duration = ${duration})`)
  if (!(encoding! < duration!)) errors.push(`yinyang task: the last input spike comes at encoding = ${encoding} ms, after the trial's end (duration = ${duration}); lengthen the trial`)
  if (errors.length > 0) throw new RangeError(errors.join('\n'))
  return {
    encoding: encoding!,
    duration: duration!,
    windowStart: windowStart!,
    temperature: temperature!,
    splits: {
      train: { size: trainSize!, seed: trainSeed! },
      validation: { size: validationSize!, seed: validationSeed! },
      test: { size: testSize!, seed: testSeed! },
    },
  }
}
