import test from 'ava'
import { SampledTrack } from './sampledTrack.js'
import { Slots } from './slots.js'

const cubic = (t: number, i: number): number => (i + 1) * (0.3 - 1.2 * t + 0.5 * t * t - 0.07 * t * t * t)

test('SampledTrack — reads a cubic exactly from its four samples a step, forward and backward, with a cursor per reader', (t) => {
  for (const ascending of [true, false]) {
    const track = new SampledTrack(2, 1)
    const edges = [0, 0.7, 1.9, 2.4, 4]
    const order = ascending ? [0, 1, 2, 3] : [3, 2, 1, 0]
    for (const s of order) {
      const a = edges[s]
      const b = edges[s + 1]
      const off = track.add(a, b)
      for (let q = 0; q < 4; q++) for (let i = 0; i < 2; i++) track.values()[off + q * 2 + i] = cubic(a + SampledTrack.nodes[q] * (b - a), i)
    }
    t.is(track.steps, 4)
    const cursors = new Int32Array(2)
    let worst = 0
    const times = Array.from({ length: 41 }, (_, k) => (4 * k) / 40)
    for (const time of ascending ? times : [...times].reverse()) {
      for (let i = 0; i < 2; i++) worst = Math.max(worst, Math.abs(track.value(time, 0, 4, ascending, i, cursors, i) - cubic(time, i)))
    }
    t.true(worst < 1e-13, `ascending ${ascending}: ${worst}`)
    // a read far from the cursor finds its step too
    t.true(Math.abs(track.value(0.1, 0, 4, ascending, 0, cursors, 0) - cubic(0.1, 0)) < 1e-13)
  }
})

test('Slots — packing the active slots keeps each one\'s values and components, and the stride follows', (t) => {
  const slots = new Slots(6, 2, 1)
  const x = slots.array(2)
  const s = slots.array(1)
  for (let i = 0; i < 6; i++) {
    slots.comp[i] = 10 + i
    x[i] = i
    x[6 + i] = 100 + i
    s[i] = -i
  }
  slots.finish(0)
  slots.finish(2)
  slots.compact()
  t.is(slots.n, 6, 'no packing while at least half are active')
  slots.finish(3)
  slots.finish(3)
  t.is(slots.active, 3)
  slots.compact()
  t.is(slots.n, 3)
  t.deepEqual(Array.from(slots.comp.subarray(0, 3)), [11, 14, 15])
  t.deepEqual(Array.from(x.subarray(0, 6)), [1, 4, 5, 101, 104, 105])
  t.deepEqual(Array.from(s.subarray(0, 3)), [-1, -4, -5])
  const out = new Float64Array(2)
  slots.gather(x, 1, out)
  t.deepEqual(Array.from(out), [4, 104])
})
