import { usageError } from '../cliError.js'
import { cliLimits } from '../limits.js'

/**
 * The grid of a sweep: seeds (`--seeds 1..5` or `--seeds 1,4,9`) and settings
 * (`--set lr=0.01,0.003`, repeatable), every combination of them a run of its own.
 */

// -------------------------------------------------------------------------------------
// model
// -------------------------------------------------------------------------------------

/** The settings a sweep may vary, as `--set` names them, and the `train` option each stands for. */
export const sweepKeys = {
  lr: { option: 'lr', integer: false },
  batch: { option: 'batch', integer: true },
  neurons: { option: 'neurons', integer: true },
  'clip-norm': { option: 'clipNorm', integer: false },
  rtol: { option: 'rtol', integer: false },
} as const

export type SweepKey = keyof typeof sweepKeys

/** One `--set name=v1,v2,…`. */
export interface SweepSetting {
  readonly key: SweepKey
  readonly values: readonly number[]
}

/** One run of the sweep: its seed and its value of each setting, and a name for its folder. */
export interface SweepPoint {
  readonly seed: number
  readonly values: Readonly<Partial<Record<SweepKey, number>>>
  /** `lr=0.01_batch=8_seed=1`. */
  readonly name: string
  /** The same without the seed: the runs that differ only by seed share it. */
  readonly settings: string
}

// -------------------------------------------------------------------------------------
// constructors
// -------------------------------------------------------------------------------------

/** `1..5` (inclusive) or `1,4,9`: distinct seeds in [0, 2³²), at most `cliLimits.sweepRuns`. */
export function parseSeeds(raw: string): number[] {
  const range = /^(\d+)\.\.(\d+)$/.exec(raw)
  const seeds = range !== null ? span(Number(range[1]), Number(range[2])) : raw.split(',').map((s) => (/^\d+$/.test(s) ? Number(s) : NaN))
  if (seeds.length === 0 || seeds.some((s) => !(Number.isSafeInteger(s) && s <= 0xffffffff))) {
    throw usageError(`--seeds must be a range like 1..5 or a list like 1,4,9 of integers in [0, 4294967295], got "${raw}"`)
  }
  if (new Set(seeds).size !== seeds.length) throw usageError(`--seeds names a seed twice: "${raw}"`)
  return seeds
}

/** `name=v1,v2,…` for one of `sweepKeys`, each value a positive number (an integer for batch and neurons). */
export function parseSetting(raw: string, previous: readonly SweepSetting[] = []): SweepSetting[] {
  const m = /^([a-z-]+)=(.+)$/.exec(raw)
  const names = Object.keys(sweepKeys).join(', ')
  if (m === null) throw usageError(`--set must be name=value,value,… (e.g. --set lr=0.01,0.003), got "${raw}"; the names: ${names}`)
  const key = m[1]!
  if (!(key in sweepKeys)) throw usageError(`--set: a sweep cannot vary "${key}"; it varies ${names}`)
  const spec = sweepKeys[key as SweepKey]
  const values = m[2]!.split(',').map(Number)
  const bad = m[2]!.split(',').find((_, i) => !(Number.isFinite(values[i]) && values[i]! > 0 && (!spec.integer || Number.isSafeInteger(values[i]))))
  if (bad !== undefined) throw usageError(`--set ${key}: "${bad}" is not a positive ${spec.integer ? 'integer' : 'number'}`)
  if (new Set(values).size !== values.length) throw usageError(`--set ${key} names a value twice`)
  if (previous.some((s) => s.key === key)) throw usageError(`--set ${key} is given twice; list its values once: --set ${key}=a,b,c`)
  return [...previous, { key: key as SweepKey, values }]
}

/** Every combination of the settings' values, each with every seed, settings first in the order given; at most `cliLimits.sweepRuns` runs. */
export function sweepGrid(seeds: readonly number[], settings: readonly SweepSetting[]): SweepPoint[] {
  let combos: Partial<Record<SweepKey, number>>[] = [{}]
  for (const s of settings) combos = combos.flatMap((c) => s.values.map((v) => ({ ...c, [s.key]: v })))
  const points = combos.flatMap((values) => {
    const settingsName = Object.entries(values).map(([k, v]) => `${k}=${v}`).join('_')
    return seeds.map((seed) => ({ seed, values, settings: settingsName, name: settingsName === '' ? `seed=${seed}` : `${settingsName}_seed=${seed}` }))
  })
  if (points.length > cliLimits.sweepRuns) throw usageError(`the sweep would make ${points.length} runs; at most ${cliLimits.sweepRuns} at once (fewer seeds or values)`)
  return points
}

// -------------------------------------------------------------------------------------
// internals
// -------------------------------------------------------------------------------------

function span(from: number, to: number): number[] {
  if (!(to >= from) || to - from > cliLimits.sweepRuns) return []
  return Array.from({ length: to - from + 1 }, (_, i) => from + i)
}
