import test from 'ava'
import { Rng } from '../util/rng.js'
import { smoothRandomSignal } from './smoothRandomSignal.js'

const spec = { channels: 3, duration: 200, correlationTime: 20, amplitude: 0.7 }

/** Composite Simpson's rule on a fine grid, independent of the quadrature inside. */
const timeMoments = (at: (t: number, out: Float64Array) => void, C: number, T: number) => {
  const n = 20000
  const h = T / n
  const out = new Float64Array(C)
  const s1 = new Float64Array(C)
  const s2 = new Float64Array(C)
  for (let i = 0; i <= n; i++) {
    const w = (i === 0 || i === n ? 1 : i % 2 === 1 ? 4 : 2) * (h / 3)
    at(i * h, out)
    for (let c = 0; c < C; c++) {
      s1[c] += w * out[c]
      s2[c] += w * out[c] * out[c]
    }
  }
  return [...s1].map((v, c) => ({ mean: v / T, rms: Math.sqrt(s2[c] / T) }))
}

test('smooth random signal — the same generator state gives the same signal; another seed another', (t) => {
  const a = smoothRandomSignal(new Rng(5), spec)
  const b = smoothRandomSignal(new Rng(5), spec)
  const c = smoothRandomSignal(new Rng(6), spec)
  const oa = new Float64Array(3)
  const ob = new Float64Array(3)
  const oc = new Float64Array(3)
  let differs = false
  for (let x = 0; x <= 200; x += 1.3) {
    a.at(x, oa)
    b.at(x, ob)
    c.at(x, oc)
    t.deepEqual([...oa], [...ob])
    if (oa[0] !== oc[0]) differs = true
  }
  t.true(differs)
})

test('smooth random signal — every channel has time-mean 0 and standard deviation = amplitude over [0, duration]', (t) => {
  for (const seed of [1, 2, 3]) {
    for (const duration of [200, 137.5, 15]) {
      const s = smoothRandomSignal(new Rng(seed), { ...spec, duration })
      t.is(s.duration, duration)
      for (const [c, { mean, rms }] of timeMoments(s.at, 3, duration).entries()) {
        t.true(Math.abs(mean) <= 1e-9, `seed ${seed}, T ${duration}, channel ${c}: mean ${mean}`)
        t.true(Math.abs(rms - 0.7) <= 1e-9, `seed ${seed}, T ${duration}, channel ${c}: std ${rms}`)
      }
    }
  }
})

test('smooth random signal — correlated at short lags, decorrelated at a few correlation times', (t) => {
  // Autocorrelation averaged over many draws (fixed seeds: deterministic).
  const tau = 20
  const rng = new Rng(99)
  const out = new Float64Array(1)
  const corr = (lag: number, draws: typeof signals): number => {
    let num = 0
    let den = 0
    for (const s of draws) {
      for (let x = 0; x + lag <= 400; x += 2) {
        s.at(x, out)
        const a = out[0]
        s.at(x + lag, out)
        num += a * out[0]
        den += a * a
      }
    }
    return num / den
  }
  const signals = Array.from({ length: 200 }, () =>
    smoothRandomSignal(rng, { channels: 1, duration: 400, correlationTime: tau, amplitude: 1 }),
  )
  const short = corr(tau / 10, signals)
  const long = corr(3 * tau, signals)
  t.true(short > 0.9, `correlation at lag τ/10: ${short}`)
  t.true(Math.abs(long) < 0.1, `correlation at lag 3τ: ${long}`)
})

test('smooth random signal — amplitude 0 gives the zero signal', (t) => {
  const s = smoothRandomSignal(new Rng(1), { ...spec, amplitude: 0 })
  const out = new Float64Array(3).fill(9)
  s.at(50, out)
  t.deepEqual([...out], [0, 0, 0])
})

test('smooth random signal — bad settings are reported by field', (t) => {
  const bad = (over: Partial<typeof spec>, pattern: RegExp): void => {
    const error = t.throws(() => smoothRandomSignal(new Rng(1), { ...spec, ...over }), { instanceOf: RangeError })
    t.regex(error?.message ?? '', pattern)
  }
  bad({ channels: 0 }, /channels must be a positive integer, got 0/)
  bad({ duration: -5 }, /duration must be a positive number of ms, got -5/)
  bad({ correlationTime: NaN }, /correlationTime must be a positive number of ms, got NaN/)
  bad({ amplitude: -1 }, /amplitude must be a finite number ≥ 0, got -1/)
})
