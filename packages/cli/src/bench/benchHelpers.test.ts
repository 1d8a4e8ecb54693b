import test from 'ava'
import { benchPlan } from './benchPlan.js'
import { matvecTime } from './matvecTime.js'
import { median } from './median.js'

test('median — middle value, or the mean of the two middle values', (t) => {
  t.is(median([3, 1, 2]), 2)
  t.is(median([4, 1, 3, 2]), 2.5)
  t.is(median([7]), 7)
  t.throws(() => median([]), { instanceOf: RangeError })
})

test('benchPlan — the 3 × 3 grid by default, ordered by N then T; --n and --t select', (t) => {
  t.deepEqual(
    benchPlan().map((c) => `${c.n}/${c.tMs}`),
    ['20/250', '20/1000', '20/4000', '80/250', '80/1000', '80/4000', '200/250', '200/1000', '200/4000'],
  )
  t.deepEqual(benchPlan({ n: 80, tMs: 1000 }), [{ n: 80, tMs: 1000 }])
  t.deepEqual(benchPlan({ n: 5 }).map((c) => c.tMs), [250, 1000, 4000])
  t.deepEqual(benchPlan({ tMs: 20 }).map((c) => c.n), [20, 80, 200])
})

test('matvecTime — a positive, finite time per product', (t) => {
  const ms = matvecTime(8, 2)
  t.true(Number.isFinite(ms) && ms > 0)
})
