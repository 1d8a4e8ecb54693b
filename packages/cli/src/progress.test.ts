import { Writable } from 'node:stream'
import test from 'ava'
import { createProgress } from './progress.js'

/** A writable stream that keeps what is written; `isTTY` makes it pose as a terminal. */
function sink(isTTY: boolean) {
  let text = ''
  const stream = Object.assign(
    new Writable({
      write(chunk: Buffer, _encoding, done) {
        text += chunk.toString()
        done()
      },
    }),
    isTTY ? { isTTY: true, columns: 120, cursorTo: () => true, clearLine: () => true, moveCursor: () => true } : {},
  )
  return { stream, text: () => text }
}

test('createProgress — plain log lines when the stream is not a terminal', (t) => {
  const out = sink(false)
  const progress = createProgress({ total: 3, every: 1, stream: out.stream, env: {}, now: () => 0 })
  progress.update(1, { loss: 0.5 })
  progress.stop()
  t.is(out.text(), 'iter 1/3  loss 0.5  -- it/s  eta --\n')
})

test('createProgress — plain log lines on a terminal when CI is set', (t) => {
  const out = sink(true)
  const progress = createProgress({ total: 3, every: 1, stream: out.stream, env: { CI: 'true' }, now: () => 0 })
  progress.update(1, { loss: 0.5 })
  progress.stop()
  t.is(out.text(), 'iter 1/3  loss 0.5  -- it/s  eta --\n')
})

test('createProgress — a live bar with count, fields, rate and eta on a terminal outside CI', (t) => {
  const out = sink(true)
  let ms = 0
  const progress = createProgress({ total: 500, label: 'train', stream: out.stream, env: { CI: 'false' }, now: () => ms })
  ms = 37_500
  progress.update(120, { loss: 0.0312, accuracy: 0.91 })
  progress.stop()
  const text = out.text()
  t.regex(text, /train [█░]{24} 120\/500  loss 0\.0312  accuracy 0\.91  3\.2 it\/s  eta 1m59s/)
  t.false(text.includes('iter 120/500'), 'no plain line on a terminal')
})
