import test from 'ava'
import { readoutPlot, readoutSpec } from './readoutPlot.js'
import { markCount, svgTexts, xmlProblems } from './svgCheck.test-kit.js'

const times = [0, 10, 20, 30, 40, 50]
const series = [
  { name: 'readout', values: [0, 0.1, 0.4, 0.8, 0.9, 1] },
  { name: 'target', values: [0, 0, 1, 1, 1, 1], role: 'target' as const },
]

test('readoutPlot — a well-formed SVG with one line per series, a shaded rect per window, and a legend', async (t) => {
  const svg = await readoutPlot({ times, series, windows: [[20, 50], [0, 5]], title: 'XOR trial: readout' })
  t.deepEqual(xmlProblems(svg), [])
  t.is(markCount(svg, 'mark-line role-mark'), 2)
  t.is(markCount(svg, 'mark-rect role-mark'), 2)
  const texts = svgTexts(svg)
  for (const text of ['XOR trial: readout', 'shaded: scored windows', 'time (ms)', 'readout', 'target']) {
    t.true(texts.includes(text), `missing text "${text}"`)
  }
})

test('readoutPlot — without windows there is no shading and no subtitle', async (t) => {
  const svg = await readoutPlot({ times, series, title: 'no windows' })
  t.deepEqual(xmlProblems(svg), [])
  t.is(markCount(svg, 'mark-rect role-mark'), 0)
  t.false(svgTexts(svg).includes('shaded: scored windows'))
})

test('readoutPlot — NaN values become gaps (null), not zeros', (t) => {
  const spec = readoutSpec({ times: [0, 1, 2], series: [{ name: 'o', values: [1, NaN, 3] }], title: '' })
  const rows = (spec as { layer: { data: { values: { value: number | null }[] } }[] }).layer[1]!.data.values
  t.deepEqual(rows.map((r) => r.value), [1, null, 3])
})

test('readoutPlot — rejects a series whose length differs from times, naming it', (t) => {
  t.throws(() => readoutSpec({ times, series: [{ name: 'o1', values: [1, 2] }], title: '' }), {
    message: 'readoutPlot: series "o1" has 2 values for 6 times',
  })
  t.throws(() => readoutSpec({ times, series: [], title: '' }), { message: /series is empty/ })
})

test('readoutPlot — the inputs in a panel under the readout: analog channels as lines, spikes as ticks per channel', async (t) => {
  const svg = await readoutPlot({
    times,
    series,
    inputs: [{ name: 'i0', values: [1, 0.5, 0, -0.5, -1, 0] }],
    inputSpikes: [
      { channel: 0, time: 12 },
      { channel: 2, time: 31 },
    ],
    title: 'with inputs',
  })
  t.deepEqual(xmlProblems(svg), [])
  t.is(markCount(svg, 'mark-line role-mark'), 3)
  t.is(markCount(svg, 'mark-rect role-mark'), 2, 'one tick per input spike')
  const texts = svgTexts(svg)
  for (const text of ['inputs', 'input spikes', 'i0']) t.true(texts.includes(text), `missing "${text}"`)
})

test('readoutPlot — with several channels a readout and its target share a colour, and a second legend tells solid from dashed', async (t) => {
  const two = [0, 1].flatMap((channel) => [
    { name: `readout ${channel}`, values: times.map((x) => channel + x / 100), channel },
    { name: `target ${channel}`, values: times.map(() => channel), role: 'target' as const, channel },
  ])
  const svg = await readoutPlot({ times, series: two, title: 'two channels' })
  t.deepEqual(xmlProblems(svg), [])
  const texts = svgTexts(svg)
  for (const text of ['channel 0', 'channel 1', 'readout', 'target']) t.true(texts.includes(text), `missing legend entry "${text}"`)
  t.false(texts.includes('target 0'), 'the colour legend names channels, not series')
  const colours = (spec: ReturnType<typeof readoutSpec>) => (spec as { layer: { encoding?: { color?: { field: string } } }[] }).layer[1]!.encoding!.color!.field
  t.is(colours(readoutSpec({ times, series: two, title: '' })), 'channel')
  t.is(colours(readoutSpec({ times, series, title: '' })), 'series', 'the control: one channel keeps a colour per series')
})
