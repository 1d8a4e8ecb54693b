import test from 'ava'
import { isLeft } from 'fp-ts/lib/Either.js'
import { scheduleFromConfig } from './scheduleFromConfig.js'
import { cosineDecay, exponentialDecay, stepDecay } from './learningRateSchedule.js'

const problems = (config: unknown): readonly string[] => {
  const result = scheduleFromConfig(config)
  return isLeft(result) ? result.left : []
}

test('scheduleFromConfig — builds each kind of schedule with the values of its constructor', (t) => {
  const cases = [
    [{ kind: 'constant', lr: 0.3 }, () => 0.3],
    [{ kind: 'exponential', lr: 0.1, rate: 0.5, every: 20 }, exponentialDecay(0.1, 0.5, 20)],
    [{ kind: 'step', lr: 0.1, factor: 0.5, every: 20 }, stepDecay(0.1, 0.5, 20)],
    [{ kind: 'cosine', lr: 0.1, total: 50, floor: 0.01 }, cosineDecay(0.1, 50, 0.01)],
    [{ kind: 'cosine', lr: 0.1, total: 50 }, cosineDecay(0.1, 50, 0)],
  ] as const
  for (const [config, expected] of cases) {
    const result = scheduleFromConfig(config)
    if (isLeft(result)) return t.fail(result.left.join('\n'))
    for (const k of [0, 7, 20, 33, 50, 80]) t.is(result.right(k), expected(k), `${config.kind} at ${k}`)
  }
})

test('scheduleFromConfig — each problem is reported with its field', (t) => {
  t.deepEqual(problems({ kind: 'exponential', lr: 0.1, rate: 2, every: 10 }), [
    'schedule.rate: expected a number in (0, 1], got 2',
  ])
  t.deepEqual(problems({ kind: 'step', lr: -1, factor: 0.5 }), [
    'schedule.lr: expected a learning rate in [1e-12, 10], got -1',
    'schedule.every: expected a positive integer, got nothing (the field is missing)',
  ])
  t.deepEqual(problems({ kind: 'cosine', lr: 0.1, total: 10, floor: 0.5 }), ['schedule.floor: must not exceed lr (0.1), got 0.5'])
  t.deepEqual(problems({ kind: 'cosine', lr: 0.1, totl: 10 }), [
    'schedule.totl: unknown field for kind "cosine" (its fields: kind, lr, total, floor)',
  ])
  t.deepEqual(problems({ kind: 'linear', lr: 0.1 }), [
    'schedule.kind: expected one of "constant", "exponential", "step", "cosine", got "linear"',
  ])
  t.deepEqual(problems(0.1), [
    'schedule: expected an object with a "kind" field (one of constant, exponential, step, cosine), got 0.1',
  ])
  t.is(problems({ kind: 'toString', lr: 0.1 }).length, 1)
})
