import test from 'ava'
import { Rng } from '../util/rng.js'
import { sampledSignal, validateSamples } from './sampledSignal.js'

const randomSamples = (seed: number, n: number, channels: number): Float64Array => {
  const rng = new Rng(seed)
  return Float64Array.from({ length: n * channels }, () => rng.normal())
}

test('sampled signal — passes through every sample of every channel', (t) => {
  const C = 3
  const values = randomSamples(1, 40, C)
  const s = sampledSignal({ dt: 0.1, t0: 2.5, channels: C, values })
  const out = new Float64Array(C)
  for (let k = 0; k < 40; k++) {
    s.at(2.5 + k * 0.1, out)
    for (let c = 0; c < C; c++) {
      const expected = values[k * C + c]
      t.true(Math.abs(out[c] - expected) <= 1e-12, `sample ${k} channel ${c}: ${out[c]} vs ${expected}`)
    }
  }
  t.is(s.duration, 39 * 0.1)
})

test('sampled signal — reproduces a straight line exactly between samples', (t) => {
  const values = Float64Array.from({ length: 11 }, (_, k) => 3 - 0.7 * (2 * k))
  const s = sampledSignal({ dt: 2, channels: 1, values })
  const out = new Float64Array(1)
  for (let x = 0; x <= 20; x += 0.37) {
    s.at(x, out)
    t.true(Math.abs(out[0] - (3 - 0.7 * x)) <= 1e-12, `t = ${x}: ${out[0]}`)
  }
})

test('sampled signal — a sampled sine is matched within the cubic-spline bound (5/384) h⁴ max|f⁗| away from the ends', (t) => {
  const omega = (2 * Math.PI) / 50 // period 50 ms
  const f = (x: number): number => Math.sin(omega * x + 0.3)
  const dt = 1
  const values = Float64Array.from({ length: 201 }, (_, k) => f(k * dt))
  const s = sampledSignal({ dt, channels: 1, values })
  const bound = (5 / 384) * dt ** 4 * omega ** 4 // ≈ 3.2e-6
  const out = new Float64Array(1)
  let worst = 0
  for (let x = 20; x <= 180; x += 0.13) {
    s.at(x, out)
    worst = Math.max(worst, Math.abs(out[0] - f(x)))
  }
  t.true(worst <= bound, `worst error ${worst} exceeds bound ${bound}`)
  t.true(worst > 0, 'the test points fall between samples')
})

test('sampled signal — slope and curvature are continuous at every knot (one-sided finite differences agree)', (t) => {
  const values = randomSamples(7, 30, 1)
  const s = sampledSignal({ dt: 5, channels: 1, values })
  const out = new Float64Array(1)
  const S = (x: number): number => (s.at(x, out), out[0])
  const e = 1e-3
  for (let k = 1; k < 29; k++) {
    const x = k * 5
    // Second-order one-sided formulas; within one cubic piece their errors are ≈ e² |S'''| ≲ 1e-7.
    const left1 = (3 * S(x) - 4 * S(x - e) + S(x - 2 * e)) / (2 * e)
    const right1 = (-3 * S(x) + 4 * S(x + e) - S(x + 2 * e)) / (2 * e)
    t.true(Math.abs(left1 - right1) <= 1e-6, `knot ${k}: S' left ${left1} vs right ${right1}`)
    const left2 = (2 * S(x) - 5 * S(x - e) + 4 * S(x - 2 * e) - S(x - 3 * e)) / (e * e)
    const right2 = (2 * S(x) - 5 * S(x + e) + 4 * S(x + 2 * e) - S(x + 3 * e)) / (e * e)
    t.true(Math.abs(left2 - right2) <= 1e-5, `knot ${k}: S'' left ${left2} vs right ${right2}`)
  }
})

test('sampled signal — natural end conditions: zero curvature at the first and last sample', (t) => {
  const s = sampledSignal({ dt: 1, channels: 1, values: randomSamples(3, 12, 1) })
  const out = new Float64Array(1)
  const S = (x: number): number => (s.at(x, out), out[0])
  const e = 1e-3
  const atStart = (2 * S(0) - 5 * S(e) + 4 * S(2 * e) - S(3 * e)) / (e * e)
  const atEnd = (2 * S(11) - 5 * S(11 - e) + 4 * S(11 - 2 * e) - S(11 - 3 * e)) / (e * e)
  t.true(Math.abs(atStart) <= 1e-3, `S''(0) = ${atStart}`)
  t.true(Math.abs(atEnd) <= 1e-3, `S''(T) = ${atEnd}`)
})

test('sampled signal — channels are interpolated independently', (t) => {
  const C = 2
  const values = randomSamples(11, 9, C)
  const both = sampledSignal({ dt: 3, channels: C, values })
  const one = sampledSignal({ dt: 3, channels: 1, values: values.filter((_, i) => i % C === 1) })
  const a = new Float64Array(C)
  const b = new Float64Array(1)
  for (let x = 0; x <= 24; x += 0.7) {
    both.at(x, a)
    one.at(x, b)
    t.true(Math.abs(a[1] - b[0]) <= 1e-14, `t = ${x}: ${a[1]} vs ${b[0]}`)
  }
})

test('sampled signal — held constant at the first / last sample outside the sampled span', (t) => {
  const s = sampledSignal({ dt: 1, t0: 10, channels: 2, values: [1, -1, 2, 5, 3, 4] })
  const out = new Float64Array(2)
  s.at(-100, out)
  t.deepEqual([...out], [1, -1])
  s.at(12.0001, out)
  t.deepEqual([...out], [3, 4])
})

test('sampled signal — two samples give the straight line between them', (t) => {
  const s = sampledSignal({ dt: 4, channels: 1, values: [1, 3] })
  const out = new Float64Array(1)
  s.at(1, out)
  t.true(Math.abs(out[0] - 1.5) <= 1e-15)
})

test('sampled signal — bad samples are reported by field, naming the fix', (t) => {
  t.regex(validateSamples({ dt: 0, channels: 1, values: [1, 2] }).join(), /dt must be a positive number/)
  t.regex(validateSamples({ dt: 1, channels: 1.5, values: [1, 2] }).join(), /channels must be a positive integer/)
  t.regex(validateSamples({ dt: 1, channels: 2, values: [1, 2, 3] }).join(), /not a multiple of channels = 2/)
  t.regex(validateSamples({ dt: 1, channels: 2, values: [1, 2] }).join(), /at least 2 samples/)
  t.regex(
    validateSamples({ dt: 1, channels: 2, values: [1, 2, 3, NaN, 5, 6] }).join(),
    /values\[3\] \(sample 1, channel 1\) must be a finite number, got NaN/,
  )
  t.deepEqual(validateSamples({ dt: 1, channels: 2, values: [1, 2, 3, 4] }), [])
  const error = t.throws(() => sampledSignal({ dt: -1, channels: 1, values: [1, 2] }), { instanceOf: RangeError })
  t.regex(error?.message ?? '', /dt must be a positive number of ms, got -1/)
})
