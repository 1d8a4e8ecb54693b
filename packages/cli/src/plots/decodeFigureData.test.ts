import test from 'ava'
import { UserError } from '../cliError.js'
import { decodeFigureData } from './decodeFigureData.js'
import { sampleFigureData } from './figureData.test-kit.js'

/** The sample data as parsed JSON, edited by `edit`. */
function json(edit: (d: any) => void = () => {}): unknown {
  const d = JSON.parse(JSON.stringify(sampleFigureData()))
  edit(d)
  return d
}

function message(t: import('ava').ExecutionContext, input: unknown): string {
  return t.throws(() => decodeFigureData(input, 'run.json'), { instanceOf: UserError })?.message ?? ''
}

test('decodeFigureData — returns FigureData that round-trips through JSON unchanged', (t) => {
  t.deepEqual(decodeFigureData(json(), 'run.json'), sampleFigureData())
})

test('decodeFigureData — before, windows, label, title and score are optional', (t) => {
  const data = decodeFigureData(
    json((d) => {
      delete d.title
      delete d.history.score
      for (const key of ['before', 'windows', 'label']) delete d.samples[0][key]
    }),
    'run.json',
  )
  t.is(data.samples[0]!.before, undefined)
  t.is(data.history.score, undefined)
  t.false('title' in data)
})

test('decodeFigureData — a file without history and samples is told so, with the fix', (t) => {
  t.is(
    message(t, { format: 'spikegrad-model', weights: {} }),
    'run.json has no "history" or "samples" field: spikegrad plot draws a model\'s training history and ' +
      'sample trials, and this file does not record them. Give a file that does.',
  )
  t.regex(message(t, json((d) => delete d.samples)), /^run\.json has no "samples" field/)
  t.is(message(t, [1, 2]), 'run.json: expected a JSON object, got an array of 2')
})

test('decodeFigureData — names the first malformed field by its path', (t) => {
  const cases: [(d: any) => void, string][] = [
    [(d) => (d.history.loss = d.history.loss.slice(1)), 'field "history.loss" must be an array of 20 numbers, got an array of 19'],
    [(d) => (d.history.iterations[3] = 'x'), 'field "history.iterations[3]" must be a finite number, got "x"'],
    [(d) => (d.samples = []), 'field "samples" must be at least one sample trial, got an array of 0'],
    [(d) => (d.samples[0].neurons = 2.5), 'field "samples[0].neurons" must be a positive integer, got 2.5'],
    [(d) => (d.samples[0].duration = -1), 'field "samples[0].duration" must be a positive trial length in ms, got -1'],
    [(d) => (d.samples[0].after.spikes[3].neuron = 6), 'field "samples[0].after.spikes[3].neuron" must be an integer in [0, 6), got 6'],
    [(d) => delete d.samples[0].after, 'field "samples[0].after" must be an object, got nothing (missing)'],
    [(d) => (d.samples[0].before.readout[0].values.length = 3), 'field "samples[0].before.readout[0].values" must be an array of 21 numbers, got an array of 3'],
    [(d) => (d.samples[0].windows[0] = [90, 60]), 'field "samples[0].windows[0]" must be [start, end] with start < end (ms), got an array of 2'],
    [(d) => (d.samples[0].targets[0].name = 7), 'field "samples[0].targets[0].name" must be a string, got 7'],
  ]
  for (const [edit, expected] of cases) t.is(message(t, json(edit)), `run.json: ${expected}`)
})

test('decodeFigureData — null in a series is a gap (NaN); null elsewhere is an error', (t) => {
  const data = decodeFigureData(json((d) => (d.samples[0].after.readout[0].values[2] = null)), 'run.json')
  t.true(Number.isNaN(data.samples[0]!.after.readout[0]!.values[2]))
  t.regex(message(t, json((d) => (d.samples[0].times[2] = null))), /"samples\[0\]\.times\[2\]" must be a finite number, got null/)
})

test('decodeFigureData — several score series and a decision map round-trip; a bad class index is named by its path', (t) => {
  const extra = (d: any) => {
    d.history.scores = [{ name: 'accuracy (validation)', values: d.history.loss.map(() => 0.5) }]
    d.decisionMap = {
      x: { name: 'x', min: 0, max: 1 },
      y: { name: 'y', min: 0, max: 1 },
      classes: ['a', 'b'],
      resolution: 2,
      cells: [{ x: 0.25, y: 0.25, predicted: 1 }],
      points: [{ x: 0.1, y: 0.2, label: 0, predicted: 1 }],
      pointsFrom: 'the test split',
    }
  }
  const input = json(extra)
  t.deepEqual(decodeFigureData(input, 'run.json'), JSON.parse(JSON.stringify(input)))
  t.regex(message(t, json((d) => (extra(d), (d.decisionMap.points[0].label = 2)))), /^run\.json: field "decisionMap\.points\[0\]\.label" must be a class index in \[0, 2\), got 2/)
  t.regex(message(t, json((d) => (extra(d), (d.decisionMap.x.max = -1)))), /field "decisionMap\.x" must be an axis with min < max/)
})

test('decodeFigureData — the spike targets of a sample round-trip (target spikes, or the neuron that should fire first); a row outside the raster is named by its path', (t) => {
  const targets = { population: 'output', spikes: [{ neuron: 4, time: 12 }], first: 5, label: 'target: yang (neuron 1 fires first)' }
  const decoded = decodeFigureData(json((d) => (d.samples[0].spikeTargets = targets)), 'run.json')
  t.deepEqual(decoded.samples[0]!.spikeTargets, targets)
  t.is(message(t, json((d) => (d.samples[0].spikeTargets = { ...targets, first: 6 }))), 'run.json: field "samples[0].spikeTargets.first" must be an integer in [0, 6), got 6')
  t.is(message(t, json((d) => (d.samples[0].spikeTargets = { population: 'output' }))), 'run.json: field "samples[0].spikeTargets.label" must be a string, got nothing (missing)')
})

test('decodeFigureData — a parameter distribution keeps what a value belongs to, and an unknown kind is named with the choices', (t) => {
  const delays = { name: 'delay:hidden<-input', unit: 'ms', per: 'synapse', before: [1, 2], after: [1.5, 2.5] }
  t.deepEqual(decodeFigureData(json((d) => (d.parameters = [delays])), 'run.json').parameters, [delays])
  const text = message(t, json((d) => (d.parameters = [{ ...delays, per: 'dendrite' }])))
  t.regex(text, /parameters\[0\]\.per/)
  t.regex(text, /"neuron", "synapse", "source neuron", "target neuron"/)
})
