import { issue, type Issue } from '../util/invalid.js'

/**
 * A learning-rate schedule: the rate to use at a training iteration k = 0, 1, 2, ….
 * Schedules are pure functions of k, so a resumed run needs only its iteration count. A
 * schedule built from parameters it cannot use throws nothing: it carries its `issues` (and
 * gives NaN), and `fit` refuses it with them as an `Invalid`. Any function of k is a schedule.
 */
export interface LearningRateSchedule {
  (iteration: number): number
  /** Why the schedule cannot be used (a parameter out of its range), when it cannot. */
  readonly issues?: readonly Issue[]
}

// constructors

/** lr(k) = lr. */
export function constantRate(lr: number): LearningRateSchedule {
  return checked(rateIssues('constantRate', lr), () => lr)
}

/**
 * Smooth exponential decay, lr(k) = lr · rate^(k / every): the rate is multiplied by `rate`
 * every `every` iterations, continuously in between. rate in (0, 1], every > 0.
 */
export function exponentialDecay(lr: number, rate: number, every: number): LearningRateSchedule {
  const issues = [...rateIssues('exponentialDecay', lr), ...factorIssues('exponentialDecay', 'rate', rate), ...positiveIssues('exponentialDecay', 'every', every)]
  return checked(issues, (k) => lr * Math.pow(rate, k / every))
}

/**
 * Staircase decay, lr(k) = lr · factor^⌊k / every⌋: the rate drops by `factor` after each
 * block of `every` iterations. factor in (0, 1], every a positive integer.
 */
export function stepDecay(lr: number, factor: number, every: number): LearningRateSchedule {
  const issues = [...rateIssues('stepDecay', lr), ...factorIssues('stepDecay', 'factor', factor)]
  if (!(Number.isSafeInteger(every) && every >= 1)) issues.push(issue('stepDecay.every', `must be a positive integer, got ${every}`))
  return checked(issues, (k) => lr * Math.pow(factor, Math.floor(k / every)))
}

/**
 * Cosine annealing from lr down to floor over `total` iterations, then flat:
 *   lr(k) = floor + (lr - floor) · ½ (1 + cos(π · min(k, total) / total)).
 * total a positive integer, 0 ≤ floor ≤ lr.
 */
export function cosineDecay(lr: number, total: number, floor = 0): LearningRateSchedule {
  const issues = rateIssues('cosineDecay', lr)
  if (!(Number.isSafeInteger(total) && total >= 1)) issues.push(issue('cosineDecay.total', `must be a positive integer, got ${total}`))
  if (!(floor >= 0 && floor <= lr)) issues.push(issue('cosineDecay.floor', `must be in [0, lr] = [0, ${lr}], got ${floor}`))
  return checked(issues, (k) => floor + (lr - floor) * 0.5 * (1 + Math.cos((Math.PI * Math.min(k, total)) / total)))
}

// internals

/** The schedule, or — when there are issues — one that gives NaN and carries them. */
function checked(issues: readonly Issue[], schedule: (k: number) => number): LearningRateSchedule {
  return issues.length === 0 ? schedule : Object.assign(() => Number.NaN, { issues })
}

function rateIssues(owner: string, lr: number): Issue[] {
  return lr > 0 && Number.isFinite(lr) ? [] : [issue(`${owner}.lr`, `must be a finite number > 0, got ${lr}`)]
}

function factorIssues(owner: string, name: string, x: number): Issue[] {
  return x > 0 && x <= 1 ? [] : [issue(`${owner}.${name}`, `must be in (0, 1], got ${x}`)]
}

function positiveIssues(owner: string, name: string, x: number): Issue[] {
  return x > 0 && Number.isFinite(x) ? [] : [issue(`${owner}.${name}`, `must be a finite number > 0, got ${x}`)]
}
