import test from 'ava'
import { Rng, type Readout, type Trial } from '@spikegrad/core'
import { autoencodeTask } from './autoencodeTask.js'

const task = autoencodeTask()
const draw = (seed: number, n: number, t = task): Trial[] => {
  const rng = new Rng(seed)
  return Array.from({ length: n }, () => t.trial(rng))
}
const read = (f: (t: number, out: Float64Array) => unknown, C: number, t: number): number[] => {
  const out = new Float64Array(C)
  f(t, out)
  return [...out]
}

test('autoencode task — as many outputs as inputs (2 by default), nmse to minimise', (t) => {
  t.is(task.kind, 'autoencode')
  t.is(task.inputSize, 2)
  t.is(task.outputSize, 2)
  t.is(task.primaryScore, 'nmse')
  t.false(task.higherIsBetter)
  const three = autoencodeTask({ channels: 3 })
  t.is(three.inputSize, 3)
  t.is(three.outputSize, 3)
})

test('autoencode task — the same seed gives the same trials, another seed other ones', (t) => {
  const a = draw(1, 4)
  const b = draw(1, 4)
  const c = draw(2, 4)
  for (let i = 0; i < 4; i++) {
    t.is(a[i].duration, 200)
    for (let x = 0; x <= 200; x += 3.1) t.deepEqual(read(a[i].input, 2, x), read(b[i].input, 2, x))
  }
  t.notDeepEqual(read(a[0].input, 2, 77), read(c[0].input, 2, 77))
})

test('autoencode task — each input channel has time-mean 0 and standard deviation = amplitude', (t) => {
  for (const trial of draw(3, 5, autoencodeTask({ amplitude: 0.5 }))) {
    const n = 4000
    const h = trial.duration / n
    const s1 = [0, 0]
    const s2 = [0, 0]
    for (let i = 0; i <= n; i++) {
      const w = (i === 0 || i === n ? 1 : i % 2 === 1 ? 4 : 2) * (h / 3) // Simpson
      read(trial.input, 2, i * h).forEach((v, m) => {
        s1[m] += w * v
        s2[m] += w * v * v
      })
    }
    for (const m of [0, 1]) {
      t.true(Math.abs(s1[m] / trial.duration) <= 1e-8, `mean ${s1[m] / trial.duration}`)
      t.true(Math.abs(Math.sqrt(s2[m] / trial.duration) - 0.5) <= 1e-8, `std ${Math.sqrt(s2[m] / trial.duration)}`)
    }
  }
})

test('autoencode task — the target is the input, weight 1 throughout, no breakpoints', (t) => {
  for (const trial of draw(4, 5)) {
    t.deepEqual(trial.breakpoints, [])
    const out = new Float64Array(2)
    for (let x = 0; x <= trial.duration; x += 1.7) {
      t.is(trial.target(x, out), 1)
      t.deepEqual([...out], read(trial.input, 2, x))
    }
    t.is(trial.target(trial.duration, out), 1)
  }
})

test('autoencode task — with a delay d the target is i(t - d) from d on, unscored before, d a breakpoint', (t) => {
  for (const trial of draw(5, 5, autoencodeTask({ delay: 12.5 }))) {
    t.deepEqual(trial.breakpoints, [12.5])
    const out = new Float64Array(2)
    for (let x = 0; x < 12.5; x += 1.1) {
      t.is(trial.target(x, out), 0)
      t.deepEqual([...out], [0, 0])
    }
    for (let x = 12.5; x <= 200; x += 1.3) {
      t.is(trial.target(x, out), 1)
      t.deepEqual([...out], read(trial.input, 2, x - 12.5))
    }
  }
})

test('autoencode task — the input is C¹ at every knot of its spline (one-sided differences agree)', (t) => {
  const e = 1e-3
  for (const trial of draw(6, 5)) {
    const h = trial.meta?.knotSpacing as number
    for (let x = h; x < trial.duration - h / 2; x += h) {
      for (const m of [0, 1]) {
        const f = (y: number): number => read(trial.input, 2, y)[m]
        const left = (3 * f(x) - 4 * f(x - e) + f(x - 2 * e)) / (2 * e)
        const right = (-3 * f(x) + 4 * f(x + e) - f(x + 2 * e)) / (2 * e)
        t.true(Math.abs(left - right) <= 1e-7, `i_${m}' at knot ${x}: left ${left}, right ${right}`)
      }
    }
  }
})

/** A readout of every trial on a 1-ms grid, o(t) = g(i(t), channel). */
const readouts = (trials: Trial[], g: (i: number, m: number) => number): Readout[] =>
  trials.map((trial) => {
    const times = Float64Array.from({ length: Math.floor(trial.duration) + 1 }, (_, k) => k)
    const values = new Float64Array(times.length * 2)
    times.forEach((x, k) => read(trial.input, 2, x).forEach((v, m) => (values[k * 2 + m] = g(v, m))))
    return { times, values }
  })

test('autoencode score — a perfect copy scores 0, the constant mean 1, a 10% gain error 0.01 Σi²/Σ(i-ī)²', (t) => {
  const trials = draw(7, 6)
  t.deepEqual(task.score(trials, readouts(trials, (v) => v)), { nmse: 0 })
  // The mean of each target channel over the scored samples (pooled over trials).
  const sums = [0, 0]
  const sq = [0, 0]
  let n = 0
  for (const r of readouts(trials, (v) => v)) {
    for (let k = 0; k < r.times.length; k++, n++) {
      for (const m of [0, 1]) {
        sums[m] += r.values[k * 2 + m]
        sq[m] += r.values[k * 2 + m] ** 2
      }
    }
  }
  const mean = sums.map((s) => s / n)
  const constant = task.score(trials, readouts(trials, (_, m) => mean[m])).nmse
  t.true(Math.abs(constant - 1) <= 1e-12, `nmse of the mean ${constant}`)
  const variance = sq[0] + sq[1] - n * (mean[0] ** 2 + mean[1] ** 2)
  const expected = (0.01 * (sq[0] + sq[1])) / variance
  const gain = task.score(trials, readouts(trials, (v) => 1.1 * v)).nmse
  t.true(Math.abs(gain - expected) <= 1e-12 * expected, `nmse ${gain} vs ${expected}`)
})

test('autoencode score — only scored samples count when the target is delayed', (t) => {
  const delayed = autoencodeTask({ delay: 20 })
  const trials = draw(8, 3, delayed)
  // A readout that copies the delayed target after 20 ms and is wildly wrong before.
  const copy = trials.map((trial) => {
    const times = Float64Array.from({ length: 201 }, (_, k) => k)
    const values = new Float64Array(times.length * 2)
    const out = new Float64Array(2)
    times.forEach((x, k) => {
      const w = trial.target(x, out)
      values[k * 2] = w > 0 ? out[0] : 1e6
      values[k * 2 + 1] = w > 0 ? out[1] : -1e6
    })
    return { times, values }
  })
  t.deepEqual(delayed.score(trials, copy), { nmse: 0 })
})

test('autoencode score — mismatched readouts are reported clearly', (t) => {
  const trials = draw(9, 2)
  const good = readouts(trials, (v) => v)
  t.throws(() => task.score(trials, good.slice(0, 1)), { message: /2 trials but 1 readouts/ })
  const narrow = { times: good[0].times, values: good[0].values.subarray(0, good[0].times.length) }
  t.throws(() => task.score(trials.slice(0, 1), [narrow]), { message: /expected 2 per time/ })
  const empty = { times: new Float64Array(0), values: new Float64Array(0) }
  t.throws(() => task.score(trials.slice(0, 1), [empty]), { message: /no variance/ })
})

test('autoencode task — bad parameters are reported by name with the fix', (t) => {
  const bad = (params: Record<string, number>, pattern: RegExp): void => {
    const error = t.throws(() => autoencodeTask(params), { instanceOf: RangeError })
    t.regex(error?.message ?? '', pattern)
  }
  bad({ channel: 2 }, /unknown parameter "channel"/)
  bad({ channels: 1.5 }, /channels must be an integer, got 1.5/)
  bad({ channels: 0 }, /"channels" = 0 is out of range/)
  bad({ duration: 0 }, /duration must be > 0 ms/)
  bad({ amplitude: 0 }, /amplitude must be > 0/)
  bad({ delay: 200 }, /delay = 200 ms leaves nothing to score in a trial of 200 ms/)
})
