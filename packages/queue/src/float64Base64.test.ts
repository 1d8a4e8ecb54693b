import test from 'ava'
import { decodeFloat64, encodeFloat64 } from './float64Base64.js'

test('float64 base64 — every bit pattern survives the round trip: -0, ±Infinity, NaN payloads, subnormals', (t) => {
  const bytes = new Uint8Array(8 * 7)
  const view = new DataView(bytes.buffer)
  view.setFloat64(0, -0)
  view.setFloat64(8, Infinity)
  view.setFloat64(16, -Infinity)
  view.setBigUint64(24, 0x7ff8_0000_dead_beefn) // a NaN with a payload
  view.setFloat64(32, 5e-324)
  view.setFloat64(40, Math.PI)
  view.setFloat64(48, -1.2345678901234567e300)
  const values = new Float64Array(bytes.buffer)
  const back = decodeFloat64(encodeFloat64(values), 'x')
  if (typeof back === 'string') return t.fail(back)
  t.deepEqual(new Uint8Array(back.buffer), new Uint8Array(values.buffer))
  t.is(encodeFloat64(new Float64Array(0)), '')
})

test('float64 base64 — the bytes are little-endian whatever the machine (1.0 is 00 00 00 00 00 00 f0 3f)', (t) => {
  t.is(Buffer.from(encodeFloat64(Float64Array.of(1)), 'base64').toString('hex'), '000000000000f03f')
})

test('float64 base64 — text that is not such an encoding is named', (t) => {
  t.is(decodeFloat64(42, 'job.theta'), 'job.theta must be a base64 string of float64 bytes, got number')
  t.is(decodeFloat64('not base64!', 'job.theta'), 'job.theta is not base64 text')
  t.is(decodeFloat64('AAAA', 'job.theta'), 'job.theta holds 3 bytes, not a whole number of float64 values (8 bytes each)')
})
