import test from 'ava'
import { rasterPlot, rasterSpec } from './rasterPlot.js'
import { markCount, svgTexts, xmlProblems } from './svgCheck.test-kit.js'

const spikes = [
  { neuron: 0, time: 5 },
  { neuron: 0, time: 40.5 },
  { neuron: 2, time: 12 },
  { neuron: 4, time: 99 },
]

test('rasterPlot — a well-formed SVG with one tick per spike, the title and the axis titles', async (t) => {
  const svg = await rasterPlot({ spikes, neurons: 5, duration: 100, title: 'Spikes <after> training & co' })
  t.deepEqual(xmlProblems(svg), [])
  t.is(markCount(svg, 'mark-rect role-mark'), spikes.length)
  const texts = svgTexts(svg)
  t.true(texts.includes('Spikes <after> training & co'))
  t.true(texts.includes('4 spikes, 5 neurons, 100 ms (mean 8.00 Hz)'))
  t.true(texts.includes('time (ms)'))
  t.true(texts.includes('neuron'))
})

test('rasterPlot — every neuron keeps its row, silent ones too', (t) => {
  const spec = rasterSpec({ spikes, neurons: 5, duration: 100, title: 'r' }) as { encoding: { y: { scale: { domain: number[] } } } }
  t.deepEqual(spec.encoding.y.scale.domain, [0, 1, 2, 3, 4])
})

test('rasterPlot — no spikes still gives axes and a title', async (t) => {
  const svg = await rasterPlot({ spikes: [], neurons: 3, duration: 50, title: 'silent' })
  t.deepEqual(xmlProblems(svg), [])
  t.is(markCount(svg, 'mark-rect role-mark'), 0)
  t.true(svgTexts(svg).includes('silent'))
})

test('rasterPlot — rejects a non-positive neuron count or duration, naming the field', (t) => {
  t.throws(() => rasterSpec({ spikes, neurons: 0, duration: 100, title: '' }), { message: /neurons must be a positive integer/ })
  t.throws(() => rasterSpec({ spikes, neurons: 5, duration: 0, title: '' }), { message: /duration must be > 0 ms/ })
})

test('rasterPlot — several populations: one panel each, titled by name, rows numbered within it, its own rate', async (t) => {
  const populations = [
    { name: 'exc', offset: 0, size: 3 },
    { name: 'inh', offset: 3, size: 2 },
  ]
  const svg = await rasterPlot({ spikes, neurons: 5, populations, duration: 100, title: 'two populations' })
  t.deepEqual(xmlProblems(svg), [])
  t.is(markCount(svg, 'mark-rect role-mark'), spikes.length)
  const texts = svgTexts(svg)
  for (const text of ['two populations', 'exc', 'inh', '3 spikes, 3 neurons, 100 ms (mean 10.0 Hz)', '1 spikes, 2 neurons, 100 ms (mean 5.00 Hz)']) {
    t.true(texts.includes(text), `missing "${text}"`)
  }
  const spec = rasterSpec({ spikes, neurons: 5, populations, duration: 100, title: 'r' }) as { vconcat: { data: { values: { neuron: number }[] } }[] }
  t.deepEqual(spec.vconcat[1]!.data.values.map((s) => s.neuron), [1], 'neuron 4 is row 1 of inh')
})

test('rasterPlot — a trial\'s input spikes are marked in a panel of their own above the neurons', async (t) => {
  const inputSpikes = [{ channel: 0, time: 3 }, { channel: 2, time: 20 }, { channel: 2, time: 150 }]
  const svg = await rasterPlot({ spikes, neurons: 5, duration: 100, inputSpikes, title: 'with inputs' })
  t.deepEqual(xmlProblems(svg), [])
  t.is(markCount(svg, 'mark-rect role-mark'), spikes.length + 2, 'a tick per spike and per input spike in the trial')
  const texts = svgTexts(svg)
  for (const text of ['with inputs', 'input spikes', '2 spikes on 3 channels', 'neurons', 'channel']) t.true(texts.includes(text), `missing "${text}"`)
  const none = await rasterPlot({ spikes, neurons: 5, duration: 100, title: 'r' })
  t.false(svgTexts(none).includes('input spikes'), 'the control: no panel without input spikes')
})

test('rasterPlot — a long title does not widen the figure far beyond its plot (no empty third)', async (t) => {
  const title = 'xor, 80 qif neurons, 300 iterations: sample 1 (held-out seed 955114258), after training: spikes'
  const svg = await rasterPlot({ spikes, neurons: 5, duration: 100, title })
  const width = Number(/<svg[^>]* width="([\d.]+)"/.exec(svg)?.[1])
  t.true(width < 760, `the figure is ${width} px wide for a plot of 600`)
})
