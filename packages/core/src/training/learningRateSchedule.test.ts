import test from 'ava'
import { constantRate, cosineDecay, exponentialDecay, stepDecay } from './learningRateSchedule.js'

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

test('schedules — invalid arguments are refused with the name of the argument', (t) => {
  t.throws(() => constantRate(0), { message: 'constantRate: lr must be a finite number > 0, got 0' })
  t.throws(() => exponentialDecay(0.1, 1.5, 10), { message: 'exponentialDecay: rate must be in (0, 1], got 1.5' })
  t.throws(() => exponentialDecay(0.1, 0.5, 0), { message: /every must be a finite number > 0/ })
  t.throws(() => stepDecay(0.1, 0.5, 2.5), { message: 'stepDecay: every must be a positive integer, got 2.5' })
  t.throws(() => cosineDecay(0.1, 100, 0.2), { message: 'cosineDecay: floor must be in [0, lr] = [0, 0.1], got 0.2' })
})
