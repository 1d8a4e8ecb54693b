import test from 'ava'
import { HermiteStore } from './hermiteStore.js'
import { odexIntegrator } from './odexAdapter.js'

// A forced Van der Pol oscillator and a leaky trace driven by it: smooth, nonlinear, and
// with steps at several extrapolation columns.
const n = 3
const rhs = (t: number, y: Float64Array, out: Float64Array): void => {
  out[0] = y[1]
  out[1] = 2 * (1 - y[0] * y[0]) * y[1] - y[0] + 0.5 * Math.sin(1.3 * t)
  out[2] = (-y[2] + y[0] * y[0]) / 3
}

/**
 * Integrates the oscillator over [0, 20] at `rtol`, keeping every step in a store with
 * `samplesFor(denseDegree)` samples, and returns the largest difference, relative to
 * 1 + |y|, between the store and odex's dense output at interior points of each step.
 */
function storeError(rtol: number, samplesFor: (degree: number) => number): { worst: number; degrees: Set<number> } {
  const store = new HermiteStore(n, 16)
  const out = new Float64Array(n)
  let worst = 0
  const degrees = new Set<number>()
  const res = odexIntegrator(n).integrate(
    rhs,
    0,
    Float64Array.of(2, 0, 0),
    20,
    { rtol, atol: rtol * 1e-2, maxSteps: 1e6, initialStep: 0.01, maxStep: 0, dense: true },
    (step) => {
      const { tOld, t: tNew } = step
      const degree = step.interiorSamples - 1
      degrees.add(degree)
      store.add(tOld, tNew, step.y0, step.f0, step.y1, step.f1, samplesFor(degree), (tau, o) => step.denseInto(tau, o))
      for (const x of [0.07, 0.31, 0.5, 0.62, 0.97]) {
        const tau = tOld + x * (tNew - tOld)
        store.evaluate(tau, store.steps - 1, 1, out)
        for (let i = 0; i < n; i++) {
          const ref = step.component(i, tau)
          worst = Math.max(worst, Math.abs(out[i] - ref) / (1 + Math.abs(ref)))
        }
      }
      return true
    },
  )
  if (res.outcome !== 'done') throw new Error(`integration ended with ${res.outcome}`)
  return { worst, degrees }
}

for (const rtol of [1e-4, 1e-7, 1e-10]) {
  test(`hermite store — denseDegree + 1 samples per step reproduce odex's dense output to rounding (rtol ${rtol})`, (t) => {
    const { worst, degrees } = storeError(rtol, (d) => d + 1)
    t.log(`worst ${worst.toExponential(2)}, degree bounds ${[...degrees].sort((a, b) => a - b).join(' ')}`)
    t.true([...degrees].every((d) => Number.isFinite(d) && d >= 1 && d <= 15), [...degrees].join(' '))
    t.true(worst <= 1e-11, `worst relative difference ${worst}`)
  })
}

test('hermite store — one sample fewer than denseDegree + 1 does not reproduce the dense output (the bound is tight)', (t) => {
  const { worst } = storeError(1e-7, (d) => d)
  t.true(worst > 1e-9, `worst relative difference ${worst}`)
})

test('hermite store — steps of different sample counts are each evaluated with their own', (t) => {
  const store = new HermiteStore(1, 6)
  const cubic = (x: number): number => x * x * x - x
  // step 1: [0, 1] with 0 samples (exact for a cubic); step 2: [1, 3] with 6 samples of x⁵
  store.add(0, 1, [0], [-1], [0], [2], 0, () => t.fail('no samples wanted'))
  const quintic = (x: number): number => x ** 5
  store.add(1, 3, [1], [5], [243], [405], 6, (tau, o) => void (o[0] = quintic(tau)))
  const out = new Float64Array(1)
  for (const tau of [0.25, 0.5, 0.9]) {
    store.evaluate(tau, 0, 2, out)
    t.true(Math.abs(out[0] - cubic(tau)) < 1e-14, `cubic at ${tau}: ${out[0]}`)
  }
  for (const tau of [1.1, 2, 2.7]) {
    store.evaluate(tau, 0, 2, out)
    t.true(Math.abs(out[0] - quintic(tau)) < 1e-11 * quintic(tau), `x⁵ at ${tau}: ${out[0]}`)
  }
})

test('hermite store — stepLengthBelow: the length of the step that ends at or after t and starts before it, within a range', (t) => {
  const store = new HermiteStore(1, 0)
  const y = Float64Array.of(0)
  const none = (): void => undefined
  // steps [0, 1], [1, 3], [3, 3.5] of one component, then [0, 10] of another
  for (const [a, b] of [[0, 1], [1, 3], [3, 3.5], [0, 10]]) store.add(a, b, y, y, y, y, 0, none)
  t.is(store.stepLengthBelow(0.5, 0, 3), 1)
  t.is(store.stepLengthBelow(1, 0, 3), 1, 'at a step boundary: the step below it')
  t.is(store.stepLengthBelow(1.0000001, 0, 3), 2)
  t.is(store.stepLengthBelow(3.5, 0, 3), 0.5)
  t.is(store.stepLengthBelow(3, 0, 3), 2, 'reading backward after a later read')
  t.is(store.stepLengthBelow(2, 3, 1), 10, 'the other component’s range')
})

test('hermite store — rateAt is the derivative in time of what valueAt reads: exact for a cubic and for x⁵ with samples, at nodes too, and against a central difference', (t) => {
  const store = new HermiteStore(1, 6)
  // [0, 1]: the cubic x³ − x from its ends alone; [1, 3]: x⁵ with 6 samples (the bubble term)
  store.add(0, 1, [0], [-1], [0], [2], 0, () => t.fail('no samples wanted'))
  store.add(1, 3, [1], [5], [243], [405], 6, (tau, o) => void (o[0] = tau ** 5))
  const cursors = new Int32Array(1)
  for (const tau of [0, 0.25, 0.5, 0.9, 1]) {
    const r = store.rateAt(tau, 0, 2, 0, cursors, 0)
    t.true(Math.abs(r - (3 * tau * tau - 1)) < 1e-13, `cubic′ at ${tau}: ${r}`)
  }
  // the first sample node of the second step: x = (1 − cos(π/12))/2, τ = 1 + 2x
  const node = 1 + (1 - Math.cos(Math.PI / 12))
  for (const tau of [1.1, node, 2, 2.7, 3]) {
    const r = store.rateAt(tau, 0, 2, 0, cursors, 0)
    t.true(Math.abs(r - 5 * tau ** 4) < 1e-10 * 5 * tau ** 4, `(x⁵)′ at ${tau}: ${r}`)
    const h = 1e-6
    const fd = (store.valueAt(tau + h, 1, 1, 0, cursors, 0) - store.valueAt(tau - h, 1, 1, 0, cursors, 0)) / (2 * h)
    if (tau < 3) t.true(Math.abs(r - fd) < 1e-6 * Math.abs(fd), `central difference at ${tau}: ${fd} against ${r}`)
  }
})

test('hermite store — reads far from the cursor land on the step that holds t, whatever the cursor: a walk nearby, bisection beyond (reads in random order equal reads in order)', (t) => {
  // 2000 steps of x² over [0, 200] (contiguous, uneven lengths), and two pieces' worth: a gap at [100, 100.5]
  const store = new HermiteStore(1, 6)
  const ends: number[] = []
  let a = 0
  for (let k = 0; k < 2000; k++) {
    const b = k === 999 ? 100 : k === 1000 ? 100.5 + 0.05 : Math.min(200, a + 0.05 + 0.1 * ((k * 37) % 7) / 7)
    const start = k === 1000 ? 100.5 : a
    store.add(start, b, [start * start], [2 * start], [b * b], [2 * b], 0, () => t.fail('no samples wanted'))
    ends.push(b)
    a = b
    if (a >= 200) break
  }
  const steps = store.steps
  const ordered = new Int32Array(1)
  const shared = new Int32Array(1)
  const rng = (i: number): number => ((i * 2654435761) % 4294967296) / 4294967296
  const last = ends[ends.length - 1]
  const times = Array.from({ length: 500 }, (_, i) => (i / 500) * last).filter((x) => !(x > 100 && x < 100.5))
  const inOrder = times.map((x) => store.valueAt(x, 0, steps, 0, ordered, 0))
  // the same reads in a scrambled order through one cursor: far jumps back and forth
  const order = times.map((_, i) => i).sort((i, j) => rng(i + 1) - rng(j + 1))
  for (const i of order) {
    const v = store.valueAt(times[i], 0, steps, 0, shared, 0)
    t.is(v, inOrder[i], `t = ${times[i]}`)
    t.true(Math.abs(v - times[i] * times[i]) < 1e-9 * (1 + times[i] * times[i]), `x² at ${times[i]}: ${v}`)
  }
})

test('hermite store — valuesAt reads many components at one time with one search: the bits of valueAt for each, on steps with and without samples, at their ends and inside', (t) => {
  // three components: the leaky oscillator of the tests above, stored with samples on some steps
  const store = new HermiteStore(n, 16)
  const res = odexIntegrator(n).integrate(
    rhs,
    0,
    Float64Array.of(2, 0, 0),
    10,
    { rtol: 1e-6, atol: 1e-8, maxSteps: 1e6, initialStep: 0.01, maxStep: 0, dense: true },
    (step) => {
      store.add(step.tOld, step.t, step.y0, step.f0, step.y1, step.f1, store.steps % 2 === 0 ? step.interiorSamples : 0, (tau, o) => step.denseInto(tau, o))
      return true
    },
  )
  t.is(res.outcome, 'done')
  const idx = Int32Array.of(2, 0, 1, 2)
  const one = new Int32Array(1)
  const many = new Int32Array(1)
  const out = new Float64Array(6)
  let reads = 0
  for (let k = 0; k < store.steps; k++) {
    const t0 = store.stepStart(k)
    const h = store.stepEnd(k) - t0
    for (const x of [0, 0.13, 0.5, (1 - Math.cos(Math.PI / 32)) / 2, 1]) {
      const tau = t0 + x * h
      store.valuesAt(tau, 0, store.steps, idx, 1, 3, out, 2, many, 0)
      for (let e = 0; e < 3; e++) t.is(out[2 + e], store.valueAt(tau, 0, store.steps, idx[1 + e], one, 0), `step ${k}, x ${x}, component ${idx[1 + e]}`)
      reads++
    }
  }
  t.true(reads > 100, `${reads} reads`)
})
