import { left, right, type Either } from 'fp-ts/lib/Either.js'
import { learningRate, nonNegativeNumber, positiveFraction, positiveInteger, positiveNumber } from '../io/codecs.js'
import { configVariant, decodeVariant, type ConfigVariant } from '../io/decodeVariant.js'
import { constantRate, cosineDecay, exponentialDecay, stepDecay, type LearningRateSchedule } from './learningRateSchedule.js'

/**
 * The learning-rate schedules a configuration can name, with their fields:
 *   { kind: 'constant', lr }
 *   { kind: 'exponential', lr, rate, every }   lr · rate^(k/every)
 *   { kind: 'step', lr, factor, every }         lr · factor^⌊k/every⌋
 *   { kind: 'cosine', lr, total, floor? }       cosine from lr to floor (default 0) over total iterations
 * A new schedule is one more entry here.
 */
export const scheduleVariants: Readonly<Record<string, ConfigVariant<LearningRateSchedule>>> = {
  constant: configVariant({ lr: learningRate }, {}, (c) => right(constantRate(c.lr))),
  exponential: configVariant({ lr: learningRate, rate: positiveFraction, every: positiveNumber }, {}, (c) =>
    right(exponentialDecay(c.lr, c.rate, c.every)),
  ),
  step: configVariant({ lr: learningRate, factor: positiveFraction, every: positiveInteger }, {}, (c) =>
    right(stepDecay(c.lr, c.factor, c.every)),
  ),
  cosine: configVariant({ lr: learningRate, total: positiveInteger }, { floor: nonNegativeNumber }, (c, what) => {
    const floor = c.floor ?? 0
    return floor <= c.lr
      ? right(cosineDecay(c.lr, c.total, floor))
      : left([`${what}.floor: must not exceed lr (${c.lr}), got ${floor}`])
  }),
}

/**
 * Builds a schedule from a configuration object such as { kind: 'cosine', lr: 0.01, total: 500 },
 * or returns the problems, each naming its field (`schedule.rate: expected a number in (0, 1], got 2`).
 */
export function scheduleFromConfig(config: unknown, what = 'schedule'): Either<readonly string[], LearningRateSchedule> {
  return decodeVariant(scheduleVariants, config, what)
}
