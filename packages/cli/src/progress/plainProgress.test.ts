import { Writable } from 'node:stream'
import test from 'ava'
import { plainProgress } from './plainProgress.js'

/** A writable stream that keeps what is written, and a clock the test advances by hand. */
function harness() {
  const chunks: string[] = []
  const stream = new Writable({
    write(chunk: Buffer, _encoding, done) {
      chunks.push(chunk.toString())
      done()
    },
  })
  let ms = 0
  return { stream, lines: () => chunks.join('').split('\n').filter(Boolean), tick: (dt: number) => (ms += dt), now: () => ms }
}

test('plainProgress — prints the first update, every k-th, and the last, one line each', (t) => {
  const h = harness()
  const progress = plainProgress({ total: 10, every: 4, stream: h.stream, now: h.now })
  for (let i = 1; i <= 10; i++) {
    h.tick(500) // 2 it/s
    progress.update(i, { loss: 1 / i })
  }
  progress.stop()
  t.deepEqual(h.lines(), [
    'iter 1/10  loss 1  2 it/s  eta 5s',
    'iter 4/10  loss 0.25  2 it/s  eta 3s',
    'iter 8/10  loss 0.125  2 it/s  eta 1s',
    'iter 10/10  loss 0.1  2 it/s  eta 0s',
  ])
})

test('plainProgress — stop() prints the latest update if it was not printed, and nothing after', (t) => {
  const h = harness()
  const progress = plainProgress({ total: 500, every: 100, label: 'train', stream: h.stream, now: h.now })
  h.tick(1000)
  progress.update(1, { loss: 0.5, accuracy: 0.5 })
  h.tick(36500)
  progress.update(120, { loss: 0.0312, accuracy: 0.91 })
  progress.stop()
  progress.update(121, { loss: 0.03 })
  progress.stop()
  t.deepEqual(h.lines(), [
    'train  iter 1/500  loss 0.5  accuracy 0.5  1 it/s  eta 8m19s',
    'train  iter 120/500  loss 0.0312  accuracy 0.91  3.2 it/s  eta 1m59s',
  ])
})

test('plainProgress — rates count from `start` for a resumed job', (t) => {
  const h = harness()
  const progress = plainProgress({ total: 300, every: 50, start: 200, stream: h.stream, now: h.now })
  h.tick(10_000)
  progress.update(250, {})
  t.deepEqual(h.lines(), ['iter 250/300  5 it/s  eta 10s'])
})

test('plainProgress — about 20 lines for a long job by default', (t) => {
  const h = harness()
  const progress = plainProgress({ total: 1000, stream: h.stream, now: h.now })
  for (let i = 1; i <= 1000; i++) progress.update(i, { loss: 1 })
  progress.stop()
  t.is(h.lines().length, 21) // the first update, then every 50th
})

test('plainProgress — a rate is unknown until time has passed', (t) => {
  const h = harness()
  plainProgress({ total: 5, stream: h.stream, now: h.now }).update(1, { loss: 2 })
  t.deepEqual(h.lines(), ['iter 1/5  loss 2  -- it/s  eta --'])
})
