import { issue, type Issue } from '../util/invalid.js'
import type { Rng } from '../util/rng.js'
import type { InitRule } from './networkSpec.js'

/** Projections and readouts: N(0, 1/fan-in). */
export const defaultWeightInit: InitRule = { kind: 'normal', gain: 1 }
/**
 * Biases: uniform on [−0.2, 0.05), chosen for theta neurons (rheobase I = 0): most neurons
 * rest just below threshold, a few fire slowly, so every neuron is sensitive to its input.
 */
export const defaultBiasInit: InitRule = { kind: 'uniform', min: -0.2, max: 0.05 }
/** Delays: 1 ms each (`DelaySpec.init`). */
export const defaultDelayInit: InitRule = { kind: 'constant', value: 1 }
/** The largest delay training allows by default, ms (`DelaySpec.max`). */
export const defaultMaxDelay = 100

/** The issues with an init rule at `at`; `diagonal` is allowed only where `square` (a population onto itself). */
export function checkInitRule(rule: InitRule, at: string, square: boolean): Issue[] {
  const issues: Issue[] = []
  const finite = (x: unknown): boolean => typeof x === 'number' && Number.isFinite(x)
  if (typeof rule !== 'object' || rule === null) return [issue(at, 'must be { kind: "normal" | "uniform" | "constant", … }')]
  const r = rule as Record<string, unknown>
  switch (r.kind) {
    case 'normal':
      if (r.std !== undefined && r.gain !== undefined) issues.push(issue(at, 'give std or gain, not both'))
      for (const k of ['std', 'gain'] as const) {
        if (r[k] !== undefined && !(finite(r[k]) && (r[k] as number) >= 0)) issues.push(issue(`${at}.${k}`, `must be a number ≥ 0, got ${JSON.stringify(r[k])}`))
      }
      break
    case 'uniform':
      if (!finite(r.min) || !finite(r.max)) issues.push(issue(at, `give finite min and max, got ${JSON.stringify(r.min)} and ${JSON.stringify(r.max)}`))
      else if ((r.min as number) > (r.max as number)) issues.push(issue(`${at}.min`, `(${r.min as number}) must not exceed max (${r.max as number})`))
      break
    case 'constant':
      if (!finite(r.value)) issues.push(issue(`${at}.value`, `must be a finite number, got ${JSON.stringify(r.value)}`))
      break
    default:
      return [issue(`${at}.kind`, `must be "normal", "uniform" or "constant", got ${JSON.stringify(r.kind)}`)]
  }
  if (r.diagonal !== undefined) {
    if (!square) issues.push(issue(`${at}.diagonal`, 'only a projection from a population to itself has a diagonal'))
    else if (!finite(r.diagonal)) issues.push(issue(`${at}.diagonal`, `must be a finite number, got ${JSON.stringify(r.diagonal)}`))
  }
  return issues
}

/**
 * One draw of a rule for a block whose rows have `fanIn` entries (a normal rule with a gain
 * has std = gain/√fanIn). Normal rules always consume a draw, also with std 0, so that the
 * stream of the other blocks does not depend on a scale.
 */
export function drawInit(rule: InitRule, fanIn: number, rng: Rng): number {
  switch (rule.kind) {
    case 'normal': {
      const std = rule.std ?? (rule.gain ?? 1) / Math.sqrt(Math.max(fanIn, 1))
      return std * rng.normal()
    }
    case 'uniform':
      return rng.between(rule.min, rule.max)
    case 'constant':
      return rule.value
  }
}
