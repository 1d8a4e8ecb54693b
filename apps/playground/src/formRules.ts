import type { ParameterSpec } from '@spikegrad/core'

/**
 * What each number field of the page's form accepts, and the sentence that says so when a
 * value does not fit: the page checks every field against these before it sends anything to
 * the training worker, so that a refusal names the field as the form labels it.
 */

// -------------------------------------------------------------------------------------
// model
// -------------------------------------------------------------------------------------

/** A number field: its label on the page, whole numbers or any, and its inclusive bounds. */
export interface FieldRule {
  readonly label: string
  readonly integer: boolean
  readonly min: number
  readonly max: number
  /** The lower bound is excluded (a time constant > 0). */
  readonly above?: boolean
  /** Why the bounds are what they are, when the label alone does not say. */
  readonly why?: string
}

/** A field's raw text as the page reads it, and whether the browser could parse it. */
export interface RawField {
  readonly value: string
  /** `valueAsNumber` of the input (NaN when empty or not a number). */
  readonly number: number
}

/** A value, or the sentence that refuses it. */
export type FieldResult = { readonly ok: true; readonly value: number } | { readonly ok: false; readonly message: string }

// -------------------------------------------------------------------------------------
// constants
// -------------------------------------------------------------------------------------

/** Most training steps one press of Train asks for (about half an hour of the reduced XOR). */
export const maxIterations = 5000
/** Most gradient workers (Web Workers) a run may start. */
export const maxWorkers = 16

/** The rules of the form's fields, by the id of their input. */
export const fieldRules: Readonly<Record<string, FieldRule>> = {
  neurons: { label: 'hidden neurons', integer: true, min: 1, max: 200, why: 'a browser trains a few tens of neurons in minutes' },
  'gate-width': { label: 'gate width', integer: false, min: 0, max: 1e6, above: true },
  'tau-s': { label: 'tau_s (ms)', integer: false, min: 0, max: 1e6, above: true },
  lr: { label: 'learning rate', integer: false, min: 0, max: 1, above: true, why: "Adam's step; 0.001–0.05 is the useful range" },
  batch: { label: 'batch', integer: true, min: 1, max: 256 },
  iterations: { label: 'iterations', integer: true, min: 1, max: maxIterations },
  seed: { label: 'seed', integer: true, min: 0, max: 4294967295 },
  workers: {
    label: 'gradient workers',
    integer: true,
    min: 1,
    max: maxWorkers,
    why: '1 computes every gradient in the training worker itself; more share each minibatch over that many Web Workers, with the same bits',
  },
}

// -------------------------------------------------------------------------------------
// utils
// -------------------------------------------------------------------------------------

/** The rule of a neuron model's parameter: any finite number within the plugin's own bounds. */
export function parameterRule(p: ParameterSpec): FieldRule {
  return { label: `${p.name} (${p.unit})`, integer: false, min: p.min ?? -1e6, max: p.max ?? 1e6 }
}

/** What `rule` accepts, as a phrase: "a whole number from 1 to 200", "a number above 0 up to 1". */
export function accepted(rule: FieldRule): string {
  const kind = rule.integer ? 'a whole number' : 'a number'
  const lower = rule.above === true ? `above ${rule.min}` : `from ${rule.min}`
  return `${kind} ${lower} ${rule.above === true ? 'up to' : 'to'} ${rule.max}`
}

/**
 * The value of a field, or a sentence naming the field, what it got and what it takes:
 * `hidden neurons must be a whole number from 1 to 200, got "0"`.
 */
export function checkField(rule: FieldRule, raw: RawField): FieldResult {
  const v = raw.number
  const fits = Number.isFinite(v) && (rule.above === true ? v > rule.min : v >= rule.min) && v <= rule.max && (!rule.integer || Number.isInteger(v))
  if (fits) return { ok: true, value: v }
  const got = raw.value.trim() === '' ? (Number.isFinite(v) ? `${v}` : 'nothing (the field is empty or not a number)') : `"${raw.value}"`
  return { ok: false, message: `${rule.label} must be ${accepted(rule)}, got ${got}${rule.why !== undefined ? ` (${rule.why})` : ''}` }
}

/**
 * The form field a path of the model specification comes from, by its label on the page
 * (`model.network.populations[0].size` → "hidden neurons"), or undefined for a part of the
 * specification the form does not set.
 */
export function fieldOfPath(at: string): string | undefined {
  const rules: readonly (readonly [RegExp, string])[] = [
    [/\.populations\[\d+\]\.size$/, 'hidden neurons'],
    [/\.populations\[\d+\]\.gate\.width/, 'gate width'],
    [/\.populations\[\d+\]\.gate/, 'gate'],
    [/\.populations\[\d+\]\.tauS/, 'tau_s (ms)'],
    [/\.populations\[\d+\]\.neuron\.options/, "the neuron's equations"],
    [/\.populations\[\d+\]\.neuron/, 'neuron model and its parameters'],
    [/\.training\.schedule\.lr/, 'learning rate'],
    [/\.training\.schedule\.total|\.run\.iterations/, 'iterations'],
    [/\.training\.batchSize/, 'batch'],
    [/^model\.seed/, 'seed'],
  ]
  return rules.find(([pattern]) => pattern.test(at))?.[1]
}
