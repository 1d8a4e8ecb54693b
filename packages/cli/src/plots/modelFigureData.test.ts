import test from 'ava'
import { evaluationTrialSeed, initialTheta, inProcessGradients, Rng } from '@spikegrad/core'
import { loadModel, saveModel, train } from '@spikegrad/node'
import { join } from 'node:path'
import { builtinPlugins } from '../model/builtinPlugins.js'
import { scratch, tinyAutoencodeSpec, tinyModel, tinyXorTask } from '../train/tinyRuns.test-kit.js'
import { figuresFromData } from './figuresFromData.js'
import { modelFigureData } from './modelFigureData.js'
import { markCount, svgTexts, xmlProblems } from './svgCheck.test-kit.js'

const bits = (x: Float64Array): string => Buffer.from(x.buffer, x.byteOffset, x.byteLength).toString('hex')

/** A tiny XOR model (6 neurons, trials of at most 50 ms). */
const tinyXor = () => tinyModel({ ...tinyAutoencodeSpec(), task: tinyXorTask, losses: [] })

test('initial weights — recomputed from a saved, trained model, they are the bits createModel drew', async (t) => {
  const fresh = await tinyModel(tinyAutoencodeSpec())
  const trained = await train(fresh, { iterations: 1 })
  if (trained._tag === 'Left') return t.fail(trained.left.message)
  const path = join(await scratch(), 'model.json')
  t.is(saveModel(path, trained.right)._tag, 'Right')
  const loaded = await loadModel(path, builtinPlugins)
  if (loaded._tag === 'Left') return t.fail(loaded.left.message)
  t.not(bits(loaded.right.theta), bits(fresh.theta), 'training changed the weights')
  t.is(bits(initialTheta(loaded.right)), bits(fresh.theta))
  t.deepEqual(loaded.right.history.iterations.map((r) => r.cpuTime), trained.right.history.iterations.map((r) => r.cpuTime), 'the steps\' CPU times survive the file')
})

test('model figure data — K held-out samples, readout and target on a 1 ms grid, spikes before and after training, the scored XOR window', async (t) => {
  const fresh = await tinyXor()
  const trained = await train(fresh, { iterations: 2, evaluateEvery: 1, evaluateTrials: 2 })
  if (trained._tag === 'Left') return t.fail(trained.left.message)
  const data = modelFigureData(trained.right, { trials: 2 })
  t.is(data.title, 'xor, 6 qif neurons, 2 iterations')
  t.is(data.samples.length, 2)
  data.samples.forEach((sample, i) => {
    const trial = fresh.task.trial(new Rng(evaluationTrialSeed(fresh.spec.seed, i)))
    t.is(sample.duration, trial.duration)
    t.is(sample.neurons, 6)
    t.is(sample.times.length, Math.floor(trial.duration) + 1)
    t.deepEqual(sample.times.slice(0, 3), [0, 1, 2])
    t.deepEqual(sample.after.readout.map((s) => s.name), ['readout'], 'a legend says what a curve is: the one readout')
    t.deepEqual(sample.targets.map((s) => s.name), ['target'])
    const [start, end] = trial.meta!.window as readonly number[]
    t.is(sample.windows?.length, 1)
    const [a, b] = sample.windows![0]!
    t.true(a >= start! && a < start! + 1 && b <= end! && b > end! - 1, `window [${a}, ${b}] vs [${start}, ${end}]`)
    const inside = sample.times.findIndex((x) => x > a)
    t.is(sample.targets[0]!.values[inside], trial.meta!.target as number)
    t.truthy(sample.before, 'a trained model is also drawn with its initial weights')
    t.true(sample.after.spikes.every((s) => s.neuron >= 0 && s.neuron < 6 && s.time >= 0 && s.time <= trial.duration))
    t.notDeepEqual(sample.before!.readout, sample.after.readout)
    t.deepEqual(sample.inputs?.map((s) => s.name), ['input 0', 'input 1'], 'the analog inputs, for the panel under the readout')
    t.is(sample.inputs![0]!.values.length, sample.times.length)
    t.is(sample.populations, undefined, 'one population: one raster panel')
  })
  t.deepEqual(data.history.iterations, [0, 1, 2])
  t.deepEqual(data.history.loss.slice(0, 2), trained.right.history.iterations.map((r) => r.loss))
  t.true(Number.isNaN(data.history.loss[2]))
  t.is(data.history.score?.name, 'accuracy')
  t.true(Number.isNaN(data.history.score!.values[0]))
  t.deepEqual(data.history.score!.values.slice(1), trained.right.history.evaluations.map((e) => e.scores.accuracy))
})

test('model figure data — the training minutes before each point of the history (CPU when every step recorded it, else wall clock), and the score drawn against them beside a reference', async (t) => {
  const trained = await train(await tinyXor(), { iterations: 2, evaluateEvery: 1, evaluateTrials: 2 })
  if (trained._tag === 'Left') return t.fail(trained.left.message)
  const steps = trained.right.history.iterations
  t.true(steps.every((r) => r.cpuTime !== undefined && r.cpuTime > 0), 'a run trained in Node records the CPU time of every step')
  const data = modelFigureData(trained.right, { trials: 1 })
  t.deepEqual(data.history.minutes, { clock: 'cpu', values: [0, steps[0]!.cpuTime! / 60_000, (steps[0]!.cpuTime! + steps[1]!.cpuTime!) / 60_000] })
  // a history written without CPU times (an older file) falls back to the wall clock
  const older = { ...trained.right, history: { ...trained.right.history, iterations: steps.map(({ cpuTime: _c, ...r }) => r) } }
  const wall = modelFigureData(older, { trials: 1 })
  t.deepEqual(wall.history.minutes, { clock: 'wall', values: [0, steps[0]!.wallTime / 60_000, (steps[0]!.wallTime + steps[1]!.wallTime) / 60_000] })
  const figures = await figuresFromData({ ...data, history: { ...data.history, references: [{ name: 'another method', minutes: 0.5, value: 0.75 }] } })
  const svg = figures['score-vs-time.svg']
  if (svg === undefined) return t.fail(`no score-vs-time.svg among ${Object.keys(figures).join(', ')}`)
  t.deepEqual(xmlProblems(svg), [])
  const texts = svgTexts(svg)
  for (const text of ['xor, 6 qif neurons, 2 iterations: score against training time', 'CPU minutes of training (every thread of the process)', 'another method: 0.75 after 0.5 min']) {
    t.true(texts.includes(text), `missing text "${text}" among ${texts.join(' | ')}`)
  }
  t.is(markCount(svg, 'mark-symbol role-mark'), trained.right.history.evaluations.length + 1, 'a point per evaluation on the line, and the reference')
  // an untrained model has no score to draw against time
  t.false('score-vs-time.svg' in (await figuresFromData(modelFigureData(await tinyXor(), { trials: 1 }))))
})

test('model figure data — an untrained model is drawn once (no "before"), an auto-encoding trial scored throughout has no windows', async (t) => {
  const data = modelFigureData(await tinyModel(tinyAutoencodeSpec()), { trials: 1 })
  t.is(data.samples[0]!.before, undefined)
  t.is(data.samples[0]!.windows, undefined)
  t.deepEqual(data.history.iterations, [0])
  t.true(Number.isNaN(data.history.loss[0]))
  t.is(data.history.score, undefined)
})

test('model figure data — a trained per-neuron parameter: its values before (as drawn) and after training, and its figure', async (t) => {
  const fresh = await tinyModel(tinyAutoencodeSpec({ neuron: { name: 'qif', params: { tau_v: { kind: 'uniform', min: 1.5, max: 2.5 } } }, train: { neuronParams: ['tau_v'] } }))
  const trained = await train(fresh, { iterations: 2 })
  if (trained._tag === 'Left') return t.fail(trained.left.message)
  const data = modelFigureData(trained.right, { trials: 1 })
  t.is(data.parameters?.length, 1)
  const tauV = data.parameters![0]!
  t.is(tauV.name, 'tau_v:hidden')
  t.is(tauV.unit, 'ms')
  t.deepEqual(tauV.before, [...trained.right.network.populations[0]!.paramTable!.subarray(0, 6)], 'before: the values the rule drew')
  t.is(tauV.after.length, 6)
  t.true(tauV.after.every((x, j) => x !== tauV.before[j]), 'every neuron moved')
  const figures = await figuresFromData(data)
  const svg = figures['parameter-tau_v-hidden.svg']
  if (svg === undefined) return t.fail(`no parameter figure among ${Object.keys(figures).join(', ')}`)
  t.deepEqual(xmlProblems(svg), [])
  const texts = svgTexts(svg)
  for (const text of ['tau_v:hidden (ms)', 'neurons', 'before training', 'after training']) t.true(texts.includes(text), `missing "${text}"`)
  t.true(markCount(svg, 'mark-rect role-mark') >= 2, 'bars of both phases')
})

test('training time — CPU times only when the gradients are computed in the trainer\'s process: none with gradients from elsewhere (a queue\'s workers), none when turned off', async (t) => {
  const fresh = await tinyXor()
  const elsewhere = inProcessGradients(fresh.task, fresh.network, fresh.spec.solver ?? {})
  const fromSource = await train(fresh, { iterations: 1, gradients: elsewhere })
  if (fromSource._tag === 'Left') return t.fail(fromSource.left.message)
  t.false('cpuTime' in fromSource.right.history.iterations[0]!, 'gradients from a source: the process\'s CPU would miss them')
  const off = await train(fresh, { iterations: 1, cpuTime: false })
  if (off._tag === 'Left') return t.fail(off.left.message)
  t.false('cpuTime' in off.right.history.iterations[0]!)
  t.is(modelFigureData(off.right, { trials: 1 }).history.minutes?.clock, 'wall')
})
