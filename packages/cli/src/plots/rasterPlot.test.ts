import test from 'ava'
import { rasterPlot, rasterSpec, targetColor } from './rasterPlot.js'
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

test('rasterPlot — the targets of a loss on spike times are red marks in their population\'s panel: a diamond per target spike, a triangle on the row that should fire first, named in the subtitle', async (t) => {
  const populations = [
    { name: 'hidden', offset: 0, size: 3 },
    { name: 'output', offset: 3, size: 2 },
  ]
  const trains = { population: 'output', spikes: [{ neuron: 3, time: 20 }, { neuron: 4, time: 60 }, { neuron: 4, time: 150 }], label: 'target spikes (2)' }
  const svg = await rasterPlot({ spikes, neurons: 5, populations, duration: 100, targets: trains, title: 'trains' })
  t.deepEqual(xmlProblems(svg), [])
  t.is(markCount(svg, 'mark-symbol role-mark'), 2, 'a diamond per target spike in the trial')
  t.is((svg.match(new RegExp(`fill="${targetColor}"`, 'g')) ?? []).length, 2)
  t.true(svgTexts(svg).includes('1 spikes, 2 neurons, 100 ms (mean 5.00 Hz); red: target spikes (2)'), svgTexts(svg).join(' | '))
  const spec = rasterSpec({ spikes, neurons: 5, populations, duration: 100, targets: trains, title: 'r' }) as { vconcat: { layer?: { data: { values: { neuron: number; time: number }[] } }[] }[] }
  t.is(spec.vconcat[0]!.layer, undefined, 'no marks in the hidden panel')
  t.deepEqual(spec.vconcat[1]!.layer![1]!.data.values.map((m) => [m.neuron, m.time]), [[0, 20], [1, 60]], 'rows within the panel')
  const first = await rasterPlot({ spikes, neurons: 5, populations, duration: 100, targets: { population: 'output', first: 4, label: 'target: yang (neuron 1 fires first)' }, title: 'class' })
  t.deepEqual(xmlProblems(first), [])
  t.is(markCount(first, 'mark-symbol role-mark'), 1)
  t.true(svgTexts(first).some((x) => x.endsWith('; red: target: yang (neuron 1 fires first)')))
  const none = await rasterPlot({ spikes, neurons: 5, populations, duration: 100, title: 'none' })
  t.is(markCount(none, 'mark-symbol role-mark'), 0, 'the control: no marks without targets')
  t.false(none.includes(targetColor))
})
