import { Rng } from '../util/rng.js'

// model

/**
 * How the per-neuron values of a neuron parameter or of tau_s are drawn, once, when the network
 * is made (each neuron j gets its own value θ_j):
 * - `constant`: θ_j = value (every neuron alike at first, but each trained on its own);
 * - `uniform`: θ_j uniform on [min, max);
 * - `normal`: θ_j ~ N(mean, std²);
 * - `log-normal`: θ_j = median · exp(sigma · z), z ~ N(0, 1) (positive; for time constants).
 * `seed` (default 1) seeds the draw, together with the population's and the parameter's names,
 * so that two parameters drawn with the same seed are still independent.
 */
export type ParameterInit =
  | { readonly kind: 'constant'; readonly value: number; readonly seed?: number }
  | { readonly kind: 'uniform'; readonly min: number; readonly max: number; readonly seed?: number }
  | { readonly kind: 'normal'; readonly mean: number; readonly std: number; readonly seed?: number }
  | { readonly kind: 'log-normal'; readonly median: number; readonly sigma: number; readonly seed?: number }

/** One value per neuron: listed (in neuron order) or drawn by a rule. */
export type PerNeuronValue = readonly number[] | ParameterInit

/** A neuron parameter's or tau_s's value: one for the population, or one per neuron. */
export type ParameterValue = number | PerNeuronValue

// utils

const finite = (x: unknown): x is number => typeof x === 'number' && Number.isFinite(x)

/** True for a list or a rule (one value per neuron), false for a plain number. */
export const isPerNeuron = (v: unknown): v is PerNeuronValue => Array.isArray(v) || (typeof v === 'object' && v !== null)

/**
 * The problems with a per-neuron value (a list of finite numbers, or a rule with finite fields),
 * each a sentence naming the field; empty when it is valid. Ranges are checked on the values
 * themselves, once drawn.
 */
export function perNeuronValueProblems(v: PerNeuronValue): string[] {
  if (Array.isArray(v)) {
    const list = v as readonly unknown[]
    if (list.length === 0) return ['must list one value per neuron, got an empty list']
    const bad = list.findIndex((x) => !finite(x))
    return bad >= 0 ? [`entry [${bad}] must be a finite number, got ${typeof list[bad] === 'number' ? String(list[bad]) : JSON.stringify(list[bad])}`] : []
  }
  const r = v as Record<string, unknown>
  const need = (fields: readonly string[]): string[] =>
    fields.filter((f) => !finite(r[f])).map((f) => `the ${String(r.kind)} rule needs a finite "${f}", got ${JSON.stringify(r[f])}`)
  const problems: string[] = []
  switch (r.kind) {
    case 'constant':
      problems.push(...need(['value']))
      break
    case 'uniform':
      problems.push(...need(['min', 'max']))
      if (problems.length === 0 && (r.min as number) > (r.max as number)) problems.push(`the uniform rule's min (${r.min as number}) must not exceed its max (${r.max as number})`)
      break
    case 'normal':
      problems.push(...need(['mean', 'std']))
      if (problems.length === 0 && (r.std as number) < 0) problems.push(`the normal rule's std must be ≥ 0, got ${r.std as number}`)
      break
    case 'log-normal':
      problems.push(...need(['median', 'sigma']))
      if (problems.length === 0 && !((r.median as number) > 0 && (r.sigma as number) >= 0)) {
        problems.push(`the log-normal rule needs median > 0 and sigma ≥ 0, got ${r.median as number} and ${r.sigma as number}`)
      }
      break
    default:
      return [`must be a number, a list of one number per neuron, or a rule { "kind": "constant" | "uniform" | "normal" | "log-normal", … }, got ${JSON.stringify(v)}`]
  }
  if (r.seed !== undefined && !(Number.isInteger(r.seed) && (r.seed as number) >= 0 && (r.seed as number) <= 0xffffffff)) {
    problems.push(`seed must be an integer in [0, 4294967295], got ${JSON.stringify(r.seed)}`)
  }
  return problems
}

/**
 * The value that stands for a per-neuron one where a single number is wanted (a factory's
 * `defaults`): a list's mean, a constant's value, a uniform rule's midpoint, a normal rule's
 * mean, a log-normal rule's median.
 */
export function centreOf(v: PerNeuronValue): number {
  if (Array.isArray(v)) return (v as readonly number[]).reduce((a, x) => a + x, 0) / Math.max(v.length, 1)
  const r = v as ParameterInit
  switch (r.kind) {
    case 'constant':
      return r.value
    case 'uniform':
      return (r.min + r.max) / 2
    case 'normal':
      return r.mean
    case 'log-normal':
      return r.median
  }
}

/**
 * The N values of a per-neuron value (a valid one, see `perNeuronValueProblems`): a list as
 * given (its length must be N: the caller checks it), a rule drawn with `Rng(seed ⊕ hash(stream))`,
 * where `stream` names the population and parameter (`hidden/tau_m`). The same arguments give
 * the same values.
 */
export function perNeuronValues(v: PerNeuronValue, N: number, stream: string): Float64Array {
  if (Array.isArray(v)) return Float64Array.from(v as readonly number[])
  const r = v as ParameterInit
  const rng = new Rng(((r.seed ?? 1) ^ hash32(stream)) >>> 0)
  const out = new Float64Array(N)
  for (let j = 0; j < N; j++) {
    switch (r.kind) {
      case 'constant':
        out[j] = r.value
        break
      case 'uniform':
        out[j] = rng.between(r.min, r.max)
        break
      case 'normal':
        out[j] = r.mean + r.std * rng.normal()
        break
      case 'log-normal':
        out[j] = r.median * Math.exp(r.sigma * rng.normal())
        break
    }
  }
  return out
}

/** FNV-1a of a string, 32 bits. */
function hash32(s: string): number {
  let h = 0x811c9dc5
  for (let i = 0; i < s.length; i++) h = Math.imul(h ^ s.charCodeAt(i), 0x01000193) >>> 0
  return h
}
