import test from 'ava'
import { formatEta, formatRate, formatValue, progressLine } from './progressLine.js'

test('progressLine — iteration/total, fields in order, it/s and eta, two spaces apart', (t) => {
  const line = progressLine({ iteration: 120, total: 500, fields: { loss: 0.03124, accuracy: 0.91 }, rate: 3.2 })
  t.is(line, 'iter 120/500  loss 0.0312  accuracy 0.91  3.2 it/s  eta 1m59s')
})

test('progressLine — a label goes first; no fields leave no gap', (t) => {
  t.is(progressLine({ iteration: 1, total: 10, fields: {}, rate: NaN }, 'train'), 'train  iter 1/10  -- it/s  eta --')
})

test('formatValue — three significant digits, exponent notation for very small and large values', (t) => {
  t.is(formatValue(0.031249), '0.0312')
  t.is(formatValue(0.91), '0.91')
  t.is(formatValue(12.0), '12')
  t.is(formatValue(-2.5), '-2.5')
  t.is(formatValue(0), '0')
  t.is(formatValue(1.234e-7), '1.23e-7')
  t.is(formatValue(2e6), '2e+6')
  t.is(formatValue(NaN), 'nan')
  t.is(formatValue(-Infinity), '-inf')
})

test('formatRate — two significant digits below 100 it/s, whole numbers above, -- when unknown', (t) => {
  t.is(formatRate(3.24), '3.2')
  t.is(formatRate(0.456), '0.46')
  t.is(formatRate(123.4), '123')
  t.is(formatRate(0), '--')
  t.is(formatRate(Infinity), '--')
})

test('formatEta — seconds, minutes and seconds, hours and minutes', (t) => {
  t.is(formatEta(10, 2), '5s')
  t.is(formatEta(380, 3.2), '1m59s')
  t.is(formatEta(3600 * 2 + 180, 1), '2h03m')
  t.is(formatEta(0, 1), '0s')
  t.is(formatEta(5, NaN), '--')
})
