/**
 * A learning-rate schedule: the rate to use at a training iteration k = 0, 1, 2, ….
 * Schedules are pure functions of k, so a resumed run needs only its iteration count.
 */
export type LearningRateSchedule = (iteration: number) => number

// constructors

/** lr(k) = lr. */
export function constantRate(lr: number): LearningRateSchedule {
  checkRate('constantRate', lr)
  return () => lr
}

/**
 * Smooth exponential decay, lr(k) = lr · rate^(k / every): the rate is multiplied by `rate`
 * every `every` iterations, continuously in between. rate in (0, 1], every > 0.
 */
export function exponentialDecay(lr: number, rate: number, every: number): LearningRateSchedule {
  checkRate('exponentialDecay', lr)
  checkFactor('exponentialDecay', 'rate', rate)
  checkPositive('exponentialDecay', 'every', every)
  return (k) => lr * Math.pow(rate, k / every)
}

/**
 * Staircase decay, lr(k) = lr · factor^⌊k / every⌋: the rate drops by `factor` after each
 * block of `every` iterations. factor in (0, 1], every a positive integer.
 */
export function stepDecay(lr: number, factor: number, every: number): LearningRateSchedule {
  checkRate('stepDecay', lr)
  checkFactor('stepDecay', 'factor', factor)
  if (!(Number.isSafeInteger(every) && every >= 1)) throw new RangeError(`stepDecay: every must be a positive integer, got ${every}`)
  return (k) => lr * Math.pow(factor, Math.floor(k / every))
}

/**
 * Cosine annealing from lr down to floor over `total` iterations, then flat:
 *   lr(k) = floor + (lr - floor) · ½ (1 + cos(π · min(k, total) / total)).
 * total a positive integer, 0 ≤ floor ≤ lr.
 */
export function cosineDecay(lr: number, total: number, floor = 0): LearningRateSchedule {
  checkRate('cosineDecay', lr)
  if (!(Number.isSafeInteger(total) && total >= 1)) throw new RangeError(`cosineDecay: total must be a positive integer, got ${total}`)
  if (!(floor >= 0 && floor <= lr)) throw new RangeError(`cosineDecay: floor must be in [0, lr] = [0, ${lr}], got ${floor}`)
  return (k) => floor + (lr - floor) * 0.5 * (1 + Math.cos((Math.PI * Math.min(k, total)) / total))
}

// internals

function checkRate(owner: string, lr: number): void {
  if (!(lr > 0 && Number.isFinite(lr))) throw new RangeError(`${owner}: lr must be a finite number > 0, got ${lr}`)
}

function checkFactor(owner: string, name: string, x: number): void {
  if (!(x > 0 && x <= 1)) throw new RangeError(`${owner}: ${name} must be in (0, 1], got ${x}`)
}

function checkPositive(owner: string, name: string, x: number): void {
  if (!(x > 0 && Number.isFinite(x))) throw new RangeError(`${owner}: ${name} must be a finite number > 0, got ${x}`)
}
