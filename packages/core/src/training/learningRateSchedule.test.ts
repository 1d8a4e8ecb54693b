import test from 'ava'
import { formatIssue } from '../util/invalid.js'
import { constantRate, cosineDecay, exponentialDecay, stepDecay, type LearningRateSchedule } from './learningRateSchedule.js'

const close = (a: number, b: number): boolean => Math.abs(a - b) <= 1e-15 * Math.max(Math.abs(a), Math.abs(b))

test('constantRate — the same rate at every iteration', (t) => {
  const s = constantRate(0.01)
  t.is(s(0), 0.01)
  t.is(s(12345), 0.01)
})

test('exponentialDecay — multiplies by rate every `every` iterations, smoothly in between', (t) => {
  const s = exponentialDecay(0.1, 0.5, 100)
  t.is(s(0), 0.1)
  t.true(close(s(100), 0.05))
  t.true(close(s(300), 0.0125))
  t.true(close(s(50), 0.1 * Math.SQRT1_2))
})

test('stepDecay — drops by factor after each block of `every` iterations, flat within a block', (t) => {
  const s = stepDecay(0.1, 0.1, 10)
  t.is(s(0), 0.1)
  t.is(s(9), 0.1)
  t.true(close(s(10), 0.01))
  t.true(close(s(25), 0.001))
})

test('cosineDecay — from lr at 0 through the mean at total/2 to floor at total, then flat', (t) => {
  const s = cosineDecay(0.1, 100, 0.02)
  t.is(s(0), 0.1)
  t.true(close(s(50), 0.06))
  t.true(close(s(100), 0.02))
  t.is(s(500), s(100))
  for (let k = 1; k <= 100; k++) t.true(s(k) <= s(k - 1), `not decreasing at ${k}`)
  t.is(cosineDecay(1, 10)(10), 0)
})

test('schedules — invalid arguments throw nothing: the schedule carries issues naming the argument (and gives NaN)', (t) => {
  const cases: [LearningRateSchedule, string][] = [
    [constantRate(0), 'constantRate.lr: must be a finite number > 0, got 0'],
    [exponentialDecay(0.1, 1.5, 10), 'exponentialDecay.rate: must be in (0, 1], got 1.5'],
    [exponentialDecay(0.1, 0.5, 0), 'exponentialDecay.every: must be a finite number > 0, got 0'],
    [stepDecay(0.1, 0.5, 2.5), 'stepDecay.every: must be a positive integer, got 2.5'],
    [cosineDecay(0.1, 100, 0.2), 'cosineDecay.floor: must be in [0, lr] = [0, 0.1], got 0.2'],
  ]
  for (const [schedule, message] of cases) {
    t.deepEqual(schedule.issues?.map(formatIssue), [message])
    t.true(Number.isNaN(schedule(0)))
  }
  t.is(cosineDecay(0.1, 100, 0.05).issues, undefined, 'the control: a valid schedule has no issues')
})
