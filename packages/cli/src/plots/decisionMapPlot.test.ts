import test from 'ava'
import { Container } from 'inversify'
import { createModel, evaluate, fit, adamChain, type ModelSpec } from '@spikegrad/core'
import { GatesModule } from '@spikegrad/gates'
import { LifNeuronModule } from '@spikegrad/neuron-lif'
import { LossesModule } from '@spikegrad/losses'
import { YinYangTaskModule } from '@spikegrad/task-yinyang'
import { decisionMapPlot, decisionMapSpec } from './decisionMapPlot.js'
import type { DecisionMap } from './figureData.js'
import { decisionMap, modelFigureData } from './modelFigureData.js'
import { svgTexts, xmlProblems } from './svgCheck.test-kit.js'

const map: DecisionMap = {
  x: { name: 'x', min: 0, max: 1 },
  y: { name: 'y', min: 0, max: 1 },
  classes: ['yin', 'yang', 'dot'],
  resolution: 2,
  cells: [
    { x: 0.25, y: 0.25, predicted: 0 },
    { x: 0.75, y: 0.25, predicted: 1 },
    { x: 0.25, y: 0.75, predicted: 2 },
  ],
  points: [
    { x: 0.2, y: 0.2, label: 0, predicted: 0 },
    { x: 0.7, y: 0.3, label: 1, predicted: 1 },
    { x: 0.3, y: 0.8, label: 2, predicted: 0 },
    { x: 0.6, y: 0.6, label: 1, predicted: 1 },
  ],
  pointsFrom: 'the test split',
}

test('decisionMapPlot — a cell per grid point in its reported class, points in their true class, crosses where the report is wrong; the accuracy in the subtitle', async (t) => {
  const svg = await decisionMapPlot(map, 'yinyang: decision map')
  t.deepEqual(xmlProblems(svg), [])
  const texts = svgTexts(svg)
  t.true(texts.includes('yinyang: decision map'))
  t.true(texts.includes('4 points of the test split: 75.0 % right, 1 wrong (crosses)'), texts.join(' | '))
  for (const name of ['yin', 'yang', 'dot', 'reported class']) t.true(texts.includes(name), name)
  const spec = decisionMapSpec(map, 'm') as unknown as { layer: { data: { values: unknown[] } }[] }
  t.deepEqual(spec.layer.map((l) => l.data.values.length), [3, 3, 1])
  t.deepEqual(spec.layer[0]!.data.values[1], { x: 0.5, x2: 1, y: 0, y2: 0.5, predicted: 'yang' })
  t.throws(() => decisionMapSpec({ ...map, classes: [] }, 'm'), { message: /no classes/ })
})

async function tinyYinYang() {
  const container = new Container()
  for (const m of [GatesModule, LifNeuronModule, LossesModule, YinYangTaskModule]) container.load(m)
  const spec: ModelSpec = {
    format: 'spikegrad-spec/2',
    plugins: [],
    task: { name: 'yinyang', params: { trainSize: 12, validationSize: 6, testSize: 9 } },
    network: {
      inputs: [{ name: 'input', kind: 'spikes', size: 5, tauS: 5 }],
      populations: [{ name: 'hidden', size: 8, neuron: { name: 'lif', params: { tau_m: 20 } }, gate: { name: 'poly-bump', width: 0.2 }, tauS: 5, biasInit: { kind: 'uniform', min: 0.5, max: 0.9 } }],
      projections: [{ from: 'input', to: 'hidden', init: { kind: 'normal', gain: 40 } }],
      readout: { from: ['hidden'], init: { kind: 'normal', gain: 1 } },
    },
    seed: 3,
    solver: { solver: 'bs3', rtol: 1e-3, atol: 1e-5 },
    training: { batchSize: 6 },
    run: { epochs: 1, evaluateSplit: 'validation', evaluateAlso: [{ split: 'train', trials: 6 }], keepBest: true },
  }
  const model = createModel(container, spec)
  if (model._tag === 'Left') throw new Error(model.left.message)
  return model.right
}

test('decision map of a model — the cells inside the disc, the test points predicted as evaluate predicts them', async (t) => {
  const model = await tinyYinYang()
  const G = 6
  const m = decisionMap(model, { mapResolution: G })!
  const inside: number[][] = []
  for (let i = 0; i < G; i++) for (let j = 0; j < G; j++) if (Math.hypot((j + 0.5) / G - 0.5, (i + 0.5) / G - 0.5) <= 0.5) inside.push([(j + 0.5) / G, (i + 0.5) / G])
  t.deepEqual(m.cells.map((c) => [c.x, c.y]), inside)
  t.is(m.points.length, 9)
  t.is(m.pointsFrom, 'the test split')
  const scored = evaluate(model, { split: 'test' })
  if (scored._tag === 'Left') return t.fail(scored.left.message)
  const right = m.points.filter((p) => p.label === p.predicted).length
  t.is(right / 9, scored.right.scores.accuracy)
  const counts = scored.right.confusion!.counts
  for (let label = 0; label < 3; label++) for (let predicted = 0; predicted < 3; predicted++) {
    t.is(m.points.filter((p) => p.label === label && p.predicted === predicted).length, counts[label]![predicted]!)
  }
  t.is(decisionMap(model, { mapResolution: 2, mapPoints: false })!.points.length, 0)
  t.throws(() => decisionMap(model, { mapResolution: 2, mapPoints: 'tset' }), { message: /decision map: the task "yinyang" has no split "tset" \(it has train, validation, test\)/ })
})

test('model figure data of a data set — one score series per evaluated split, and the decision map', async (t) => {
  const model = await tinyYinYang()
  const trained = await fit({
    network: model.network,
    task: model.task,
    theta: model.theta,
    optimizer: adamChain(0.01),
    batchSize: 6,
    seed: 3,
    epochs: 2,
    solve: { solver: 'bs3', rtol: 1e-3, atol: 1e-5 },
    evaluation: { every: 0, split: 'validation', also: [{ split: 'train', trials: 6 }] },
  })
  if (trained._tag === 'Left') return t.fail(trained.left.message)
  const data = modelFigureData({ ...model, theta: trained.right.theta, iteration: 4, history: trained.right.history }, { trials: 1, mapResolution: 3 })
  t.deepEqual(data.history.iterations, [0, 1, 2, 3, 4])
  t.is(data.history.score, undefined)
  t.deepEqual(data.history.scores!.map((s) => s.name), ['accuracy (validation)', 'accuracy (train)'])
  const [validation, train] = data.history.scores!
  const records = trained.right.history.evaluations
  t.deepEqual(validation!.values.map((v) => (Number.isNaN(v) ? null : v)), [null, null, records[0]!.scores.accuracy, null, records[2]!.scores.accuracy])
  t.deepEqual(train!.values.map((v) => (Number.isNaN(v) ? null : v)), [null, null, records[1]!.scores.accuracy, null, records[3]!.scores.accuracy])
  t.is(data.decisionMap?.resolution, 3)
})
