import test from 'ava'
import fc from 'fast-check'
import { UserError } from './cliError.js'
import {
  parseFiniteNumber,
  parseNonNegativeInt,
  parseNumberInRange,
  parsePositiveInt,
  parsePositiveNumber,
} from './optionParsers.js'

/** Asserts that parsing `raw` fails with a usage error whose message names the option and the value. */
function rejects(t: import('ava').ExecutionContext, parse: (raw: string) => number, option: string, raw: string) {
  const error = t.throws(() => parse(raw), { instanceOf: UserError }, `${option} accepted ${JSON.stringify(raw)}`)
  t.is(error?.exitCode, 2)
  t.true(error?.message.startsWith(`${option} must be `), error?.message)
  t.true(error?.message.includes(JSON.stringify(raw)), error?.message)
  t.true(error?.message.includes(`(e.g. ${option} `), error?.message)
}

test('parsePositiveInt — accepts every safe integer n ≥ 1 written in decimal', (t) => {
  const parse = parsePositiveInt('--iterations')
  fc.assert(fc.property(fc.integer({ min: 1, max: Number.MAX_SAFE_INTEGER }), (n) => parse(String(n)) === n))
  t.is(parse(' 500 '), 500)
  t.is(parse('+7'), 7)
})

test('parsePositiveInt — rejects zero, negatives, fractions, exponents, hex and words, naming the option', (t) => {
  const parse = parsePositiveInt('--iterations')
  for (const raw of ['0', '-3', '2.5', '1e3', '0x10', 'ten', '', '9007199254740993']) rejects(t, parse, '--iterations', raw)
  t.is(t.throws(() => parse('ten'))?.message, '--iterations must be a positive integer, got "ten" (e.g. --iterations 500)')
})

test('parseNonNegativeInt — accepts 0 and rejects -1', (t) => {
  const parse = parseNonNegativeInt('--seed')
  t.is(parse('0'), 0)
  t.is(parse('42'), 42)
  rejects(t, parse, '--seed', '-1')
})

test('parseFiniteNumber — reads decimal and exponent notation, rejects NaN, Infinity, hex and empty', (t) => {
  const parse = parseFiniteNumber('--bias')
  fc.assert(fc.property(fc.double({ noNaN: true, noDefaultInfinity: true }), (x) => parse(String(x)) === x))
  t.is(parse('-1.5e-3'), -1.5e-3)
  t.is(parse('.5'), 0.5)
  for (const raw of ['NaN', 'Infinity', '-Infinity', '0x1', '', '1e999', '1,5']) rejects(t, parse, '--bias', raw)
})

test('parsePositiveNumber — accepts x > 0 only', (t) => {
  const parse = parsePositiveNumber('--learning-rate')
  t.is(parse('1e-3'), 0.001)
  for (const raw of ['0', '-0.1', 'fast']) rejects(t, parse, '--learning-rate', raw)
})

test('parseNumberInRange — accepts the closed interval and states it when rejecting', (t) => {
  const parse = parseNumberInRange('--dropout', 0, 1)
  t.is(parse('0'), 0)
  t.is(parse('1'), 1)
  rejects(t, parse, '--dropout', '1.01')
  t.is(t.throws(() => parse('-1'))?.message, '--dropout must be a number in [0, 1], got "-1" (e.g. --dropout 0.5)')
})
