import test from 'ava'
import { historyPlot, historySpec } from './historyPlot.js'
import { markCount, svgTexts, xmlProblems } from './svgCheck.test-kit.js'

const iterations = [1, 2, 3, 4, 5, 6, 7, 8]
const loss = [1, 0.5, 0.2, 0.1, 0.05, 0.03, 0.02, 0.01]
const accuracy = { name: 'accuracy', values: [0.5, 0.5, 0.6, 0.7, 0.8, 0.9, 0.95, 1] }

test('historyPlot — two panels: loss on a log axis and the score, in a well-formed SVG', async (t) => {
  const svg = await historyPlot({ iterations, loss, score: accuracy, title: 'xor: training history' })
  t.deepEqual(xmlProblems(svg), [])
  t.is(svg.match(/<g class="mark-line role-mark/g)?.length, 2)
  const texts = svgTexts(svg)
  for (const text of ['xor: training history', 'loss', 'loss (log scale)', 'accuracy', 'iteration']) {
    t.true(texts.includes(text), `missing text "${text}"`)
  }
  t.true(texts.includes('0.01') && texts.includes('1'), 'log axis labels at powers of ten')
})

test('historyPlot — one panel when there is no score', async (t) => {
  const svg = await historyPlot({ iterations, loss, title: 'h' })
  t.deepEqual(xmlProblems(svg), [])
  t.is(svg.match(/<g class="mark-line role-mark/g)?.length, 1)
  t.false(svgTexts(svg).includes('accuracy'))
})

test('historyPlot — points are marked on short histories only', async (t) => {
  const short = await historyPlot({ iterations, loss, title: 'h' })
  t.is(markCount(short, 'mark-symbol role-mark'), iterations.length)
  const n = 200
  const long = await historyPlot({
    iterations: Array.from({ length: n }, (_, k) => k),
    loss: Array.from({ length: n }, (_, k) => 1 / (k + 1)),
    title: 'h',
  })
  t.is(markCount(long, 'mark-symbol role-mark'), 0)
})

test('historyPlot — a non-positive or non-finite loss is left out of the log panel', (t) => {
  const spec = historySpec({ iterations: [1, 2, 3], loss: [1, 0, NaN], title: '' })
  const rows = (spec as { data: { values: { loss: number | null }[] } }).data.values
  t.deepEqual(rows.map((r) => r.loss), [1, null, null])
})

test('historyPlot — rejects mismatched lengths and an empty history, naming the field', (t) => {
  t.throws(() => historySpec({ iterations, loss: [1], title: '' }), { message: 'historyPlot: loss has 1 values for 8 iterations' })
  t.throws(() => historySpec({ iterations, loss, score: { name: 'nmse', values: [] }, title: '' }), {
    message: 'historyPlot: score "nmse" has 0 values for 8 iterations',
  })
  t.throws(() => historySpec({ iterations: [], loss: [], title: '' }), { message: /iterations is empty/ })
})

test('historyPlot — several scores share one panel with a legend naming each', async (t) => {
  const train = { name: 'accuracy (train)', values: accuracy.values.map((v) => Math.min(1, v + 0.02)) }
  const validation = { name: 'accuracy (validation)', values: accuracy.values.map((v, k) => (k % 2 === 1 ? v : NaN)) }
  const svg = await historyPlot({ iterations, loss, scores: [validation, train], title: 'yinyang: training history' })
  t.deepEqual(xmlProblems(svg), [])
  const texts = svgTexts(svg)
  for (const text of ['scores', 'accuracy (validation)', 'accuracy (train)', 'loss (log scale)']) t.true(texts.includes(text), `missing text "${text}"`)
  t.throws(() => historySpec({ iterations, loss, scores: [{ name: 'x', values: [1] }], title: 't' }), { message: /score "x" has 1 values for 8 iterations/ })
})

test('historyPlot — the iteration axis ticks whole iterations only, without decimals', async (t) => {
  const svg = await historyPlot({ iterations: [0, 1, 2], loss: [49.2, 49.3, 49.9], title: 'h' })
  const texts = svgTexts(svg)
  for (const label of ['0', '1', '2']) t.true(texts.includes(label), `missing tick "${label}"`)
  for (const label of ['0.0', '0.5', '1.0', '1.5', '0.2']) t.false(texts.includes(label), `a tick between iterations: "${label}"`)
})

test('historyPlot — the loss panel spans the losses, not the whole decades around them (no empty third)', async (t) => {
  const n = 50
  const svg = await historyPlot({ iterations: Array.from({ length: n }, (_, k) => k), loss: Array.from({ length: n }, (_, k) => 0.9 - (0.7 * k) / n), title: 'h' })
  const texts = svgTexts(svg)
  // losses 0.2 … 0.9: a domain made nice would run from 0.1 to 1
  t.false(texts.includes('0.1') || texts.includes('1') || texts.includes('0.01'), `the axis reaches decades without data: ${texts.join(' ')}`)
  t.true(texts.includes('0.3') || texts.includes('0.5'), 'ticks inside the losses')
})
