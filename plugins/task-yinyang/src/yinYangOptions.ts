import { resolveParameters, type ParameterSpec } from '@spikegrad/core'

/** How many samples one call may generate at most (a guard against typos such as 5e9). */
export const maxYinYangSize = 1e7

/**
 * The generator's parameters (lengths in the units of x and y). `size` and `seed` have no
 * default: a data set is named by them. The radii default to the published 0.1 and 0.5.
 */
export const yinYangParameters: readonly ParameterSpec[] = [
  { name: 'size', value: NaN, unit: '1', min: 0, max: maxYinYangSize, description: 'number of samples (required)' },
  { name: 'seed', value: NaN, unit: '1', min: 0, max: 0xffffffff, description: 'legacy numpy seed (required)' },
  { name: 'rSmall', value: 0.1, unit: '1', min: 0, description: 'radius of the two dots, 0 < rSmall < rBig/2' },
  { name: 'rBig', value: 0.5, unit: '1', min: 0, description: 'radius of the big disc, > 0' },
]

/** What {@link yinYangDataset} takes: the sample count, the seed and optionally the radii. */
export interface YinYangOptions {
  readonly size: number
  readonly seed: number
  readonly rSmall?: number
  readonly rBig?: number
}

/** Resolved generator options, every field present. */
export type YinYangResolvedOptions = Required<YinYangOptions>

/**
 * Resolves options against {@link yinYangParameters} and checks that they name a data set:
 * size a non-negative integer ≤ 1e7, seed an integer in [0, 2³² − 1], 0 < rSmall < rBig/2.
 * @throws RangeError listing every problem, each naming the field and what it must be.
 */
export function resolveYinYangOptions(options: YinYangOptions): YinYangResolvedOptions {
  const owner = 'yin-yang data'
  const given = Object.fromEntries(Object.entries(options).filter(([, v]) => v !== undefined)) as Record<string, number>
  // a missing required field is reported once, as missing, not again as "not a finite number"
  const required = { size: 0, seed: 0 }
  const errors = Object.keys(required)
    .filter((name) => !(name in given))
    .map((name) => `${owner}: parameter "${name}" is required (the published train split has size 5000, seed 42)`)
  const resolved = resolveParameters(owner, yinYangParameters, { ...required, ...given })
  if ('errors' in resolved) throw new RangeError([...errors, ...resolved.errors].join('\n'))
  const [size, seed, rSmall, rBig] = resolved.values
  if (!Number.isInteger(size)) errors.push(`${owner}: parameter "size" must be a whole number of samples, got ${size}`)
  if (!Number.isInteger(seed)) errors.push(`${owner}: parameter "seed" must be an integer, got ${seed}`)
  if (rBig <= 0) errors.push(`${owner}: parameter "rBig" must be > 0, got ${rBig}`)
  if (rSmall <= 0) errors.push(`${owner}: parameter "rSmall" must be > 0, got ${rSmall}`)
  if (rBig > 0 && rSmall >= rBig / 2) {
    errors.push(`${owner}: parameter "rSmall" = ${rSmall} must be below rBig/2 = ${rBig / 2} (the dots sit inside the lobes); lower rSmall or raise rBig`)
  }
  if (errors.length > 0) throw new RangeError(errors.join('\n'))
  return { size, seed, rSmall, rBig }
}
