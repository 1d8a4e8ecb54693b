import test from 'ava'
import { Rng, type Readout, type Trial } from '@spikegrad/core'
import { xorTask } from './xorTask.js'

const task = xorTask()
const draw = (seed: number, n: number, t = task): Trial[] => {
  const rng = new Rng(seed)
  return Array.from({ length: n }, () => t.trial(rng))
}
const nums = (trial: Trial, key: string): readonly number[] => trial.meta?.[key] as readonly number[]
const num = (trial: Trial, key: string): number => trial.meta?.[key] as number
const inputAt = (trial: Trial, t: number): [number, number] => {
  const out = new Float64Array(2)
  trial.input(t, out)
  return [out[0], out[1]]
}

test('xor task — declares 2 inputs, 1 output, accuracy to maximise', (t) => {
  t.is(task.kind, 'xor')
  t.is(task.inputSize, 2)
  t.is(task.outputSize, 1)
  t.is(task.primaryScore, 'accuracy')
  t.true(task.higherIsBetter)
  t.is(task.recipe?.network.populations[0]?.size, 80)
})

test('xor task — the same seed gives the same trials, sample for sample', (t) => {
  const a = draw(3, 5)
  const b = draw(3, 5)
  const out = new Float64Array(1)
  for (let i = 0; i < 5; i++) {
    t.deepEqual(a[i].meta, b[i].meta)
    t.deepEqual(a[i].breakpoints, b[i].breakpoints)
    t.is(a[i].duration, b[i].duration)
    for (let x = 0; x <= a[i].duration; x += 0.7) {
      t.deepEqual(inputAt(a[i], x), inputAt(b[i], x))
      t.is(a[i].target(x, out), b[i].target(x, out))
    }
  }
  t.notDeepEqual(draw(4, 5).map((x) => x.meta), a.map((x) => x.meta))
})

test('xor task — pulses carry the drawn signs at the drawn times, delays within their ranges', (t) => {
  for (const trial of draw(5, 200)) {
    const [s1, s2] = nums(trial, 'signs')
    const [t1, t2] = nums(trial, 'pulseTimes')
    const tc = num(trial, 'cueTime')
    t.true(t1 >= 20 && t1 <= 40, `pulse 1 at ${t1}`)
    t.true(t2 - t1 >= 100 && t2 - t1 <= 200, `delay ${t2 - t1}`)
    t.true(tc - t2 >= 100 && tc - t2 <= 200, `cue delay ${tc - t2}`)
    t.true(Math.abs(inputAt(trial, t1 + 7.5)[0] - s1) <= 1e-12)
    t.true(Math.abs(inputAt(trial, t2 + 7.5)[0] - s2) <= 1e-12)
    const [cue0, cue1] = inputAt(trial, tc + 7.5)
    t.true(cue0 === 0 && cue1 === 1, `at the cue: ${cue0}, ${cue1}`)
    const [gap0, gap1] = inputAt(trial, (t1 + 15 + t2) / 2)
    t.true(gap0 === 0 && gap1 === 0, `between the pulses: ${gap0}, ${gap1}`)
    t.true(inputAt(trial, t1 + 7.5)[1] === 0, 'no cue during pulse 1')
  }
})

test('xor task — breakpoints are sorted, inside (0, T), and include every pulse edge and window edge', (t) => {
  for (const tail of [0, 20]) {
    for (const trial of draw(6, 200, xorTask({ tail }))) {
      const bps = trial.breakpoints ?? []
      const [t1, t2] = nums(trial, 'pulseTimes')
      const tc = num(trial, 'cueTime')
      const [w0, w1] = nums(trial, 'window')
      for (let k = 1; k < bps.length; k++) t.true(bps[k - 1] < bps[k], `unsorted: ${bps.join(', ')}`)
      t.true(bps.every((b) => b > 0 && b < trial.duration))
      const edges = [t1, t1 + 15, t2, t2 + 15, tc, tc + 15, w0, w1].filter((e) => e < trial.duration)
      for (const e of edges) t.true(bps.includes(e), `edge ${e} missing from ${bps.join(', ')}`)
      t.is(trial.duration, w1 + tail)
    }
  }
})

test('xor task — the input is continuous and C¹ across every breakpoint (one-sided differences agree)', (t) => {
  const e = 1e-3
  for (const trial of draw(7, 50)) {
    for (const b of trial.breakpoints ?? []) {
      for (const m of [0, 1]) {
        const f = (x: number): number => inputAt(trial, x)[m]
        t.true(Math.abs(f(b - 1e-9) - f(b + 1e-9)) <= 1e-12, `jump in i_${m} at ${b}`)
        // Second-order one-sided slopes; within a smooth piece their error is ≈ e²/3 |i'''| ≲ 1e-8.
        const left = (3 * f(b) - 4 * f(b - e) + f(b - 2 * e)) / (2 * e)
        const right = (-3 * f(b) + 4 * f(b + e) - f(b + 2 * e)) / (2 * e)
        t.true(Math.abs(left - right) <= 1e-7, `i_${m}' at ${b}: left ${left}, right ${right}`)
      }
    }
  }
})

test('xor task — target is XOR of the signs as ±1 (different → +1, equal → -1), weight 1 only in the window', (t) => {
  const out = new Float64Array(1)
  const seen = new Set<string>()
  for (const trial of draw(8, 100, xorTask({ tail: 30 }))) {
    const [s1, s2] = nums(trial, 'signs')
    const [w0, w1] = nums(trial, 'window')
    const expected = s1 === s2 ? -1 : 1
    seen.add(`${s1},${s2}`)
    t.is(num(trial, 'target'), expected)
    t.true(Math.abs(w1 - w0 - 100) <= 1e-12, `window length ${w1 - w0}`)
    for (const x of [w0, (w0 + w1) / 2, w1]) {
      t.is(trial.target(x, out), 1)
      t.is(out[0], expected)
    }
    for (const x of [0, w0 - 1e-9, w1 + 1e-9, trial.duration]) {
      t.is(trial.target(x, out), 0, `weight at ${x}`)
      t.is(out[0], 0)
    }
  }
  t.is(seen.size, 4, 'every sign combination occurs')
})

/** A readout on a 1-ms grid: `inside` in the window, `outside` elsewhere. */
const readout = (trial: Trial, inside: number, outside: number): Readout => {
  const n = Math.floor(trial.duration) + 1
  const times = Float64Array.from({ length: n }, (_, k) => k)
  const [w0, w1] = nums(trial, 'window')
  const values = times.map((x) => (x >= w0 && x <= w1 ? inside : outside))
  return { times, values }
}

test('xor score — perfect readouts score 1, inverted ones 0, whatever happens outside the window', (t) => {
  const trials = draw(9, 40)
  const y = (trial: Trial): number => num(trial, 'target')
  t.deepEqual(task.score(trials, trials.map((tr) => readout(tr, 0.3 * y(tr), -5 * y(tr)))), { accuracy: 1 })
  t.deepEqual(task.score(trials, trials.map((tr) => readout(tr, -y(tr), 5 * y(tr)))), { accuracy: 0 })
  const half = trials.map((tr, i) => readout(tr, i % 2 === 0 ? y(tr) : -y(tr), 0))
  t.deepEqual(task.score(trials, half), { accuracy: 0.5 })
})

test('xor score — mismatched or unusable readouts are reported clearly', (t) => {
  const trials = draw(10, 2)
  t.throws(() => task.score(trials, [readout(trials[0], 1, 0)]), { message: /2 trials but 1 readouts/ })
  const coarse = { times: Float64Array.of(0), values: Float64Array.of(1) }
  t.throws(() => task.score(trials.slice(0, 1), [coarse]), { message: /no sample in its response window/ })
  const foreign: Trial = { duration: 10, input: () => {}, target: () => 0 }
  t.throws(() => task.score([foreign], [coarse]), { message: /score only trials drawn from the xor task/ })
})

test('xor task — a short variant for fast tests through parameters', (t) => {
  const fast = xorTask({
    firstPulseMin: 5,
    firstPulseMax: 10,
    pulseDelayMin: 30,
    pulseDelayMax: 50,
    cueDelayMin: 30,
    cueDelayMax: 50,
    responseWindow: 30,
  })
  for (const trial of draw(11, 50, fast)) {
    t.true(trial.duration <= 10 + 50 + 50 + 15 + 30, `duration ${trial.duration}`)
    const [t1, t2] = nums(trial, 'pulseTimes')
    t.true(t2 - t1 >= 30 && t2 - t1 <= 50)
  }
})

test('xor task — bad parameters are reported by name with the fix', (t) => {
  const bad = (params: Record<string, number>, pattern: RegExp): void => {
    const error = t.throws(() => xorTask(params), { instanceOf: RangeError })
    t.regex(error?.message ?? '', pattern)
  }
  bad({ delay: 3 }, /unknown parameter "delay"/)
  bad({ pulseWidth: 0 }, /pulseWidth must be > 0 ms/)
  bad({ responseWindow: -1 }, /"responseWindow" = -1 is out of range/)
  bad({ pulseDelayMin: 300 }, /pulseDelayMin = 300 ms exceeds pulseDelayMax = 200 ms/)
  bad({ cueDelayMin: 5 }, /cueDelayMin = 5 ms is shorter than pulseWidth = 15 ms/)
  bad({ tail: NaN }, /"tail" must be a finite number/)
})
