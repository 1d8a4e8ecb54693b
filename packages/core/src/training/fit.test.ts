import test from 'ava'
import { isLeft, isRight } from 'fp-ts/lib/Either.js'
import { createNetwork } from '../network/createNetwork.js'
import { initialWeights } from '../network/initialWeights.js'
import type { Network } from '../network/network.js'
import { toyGate, toyLoss, toyNeuron } from '../plugin/check/toyPlugins.fixture.js'
import type { Task, Trial } from '../plugin/task.js'
import { Rng } from '../util/rng.js'
import { fit, type FitOptions, type FitProgress } from './fit.js'
import { evaluateNetwork } from './evaluateNetwork.js'
import { inProcessGradients, type GradientSource, type TrialRef } from './gradientSource.js'
import { adamChain } from './transforms.js'

/** Trial i: a constant drive 0.5 + 0.1 i for 20 ms, target 0.02 (i % 3). */
const trialOf = (i: number): Trial => ({
  duration: 20,
  input: (_t, out) => void (out[0] = 0.5 + 0.1 * i),
  target: (_t, out) => ((out[0] = 0.02 * (i % 3)), 1),
})

/** A fixed data set of 10 training and 4 validation trials, scored by the readout's mean squared error. */
const dataset: Task = {
  kind: 'toy-data',
  inputSize: 1,
  outputSize: 1,
  trial: (rng) => trialOf(rng.int(10)),
  splits: { train: { size: 10, trial: trialOf }, validation: { size: 4, trial: (i) => trialOf(10 + i) } },
  losses: [toyLoss(0, 0)],
  score(trials, readouts) {
    let e = 0
    readouts.forEach((r, k) => {
      const target = new Float64Array(1)
      trials[k]!.target(0, target)
      for (let j = 0; j < r.values.length; j++) e += (r.values[j]! - target[0]!) ** 2 / r.values.length
    })
    return { error: e / readouts.length }
  },
  primaryScore: 'error',
  higherIsBetter: false,
}

const network = (): Network => {
  const r = createNetwork({
    inputs: [{ name: 'input', kind: 'analog', size: 1 }],
    populations: [{ name: 'hidden', size: 3, neuron: toyNeuron(), gate: { shape: toyGate, width: 0.4 }, tauS: 4, biasInit: { kind: 'uniform', min: 0.5, max: 0.9 } }],
    projections: [{ from: 'input', to: 'hidden' }, { from: 'hidden', to: 'hidden' }],
    readout: { size: 1, from: ['hidden'] },
    losses: dataset.losses,
  })
  if (!isRight(r)) throw new Error(r.left.message)
  return r.right
}

const options = (net: Network, extra: Partial<FitOptions> = {}): FitOptions => ({
  network: net,
  task: dataset,
  theta: initialWeights(net, new Rng(1)),
  optimizer: adamChain(0.02),
  batchSize: 4,
  seed: 7,
  solve: { rtol: 1e-6, atol: 1e-8 },
  ...extra,
})

/** A gradient source that records what it was asked for. */
const recording = (net: Network, asked: TrialRef[][]): GradientSource => {
  const inner = inProcessGradients(dataset, net, { rtol: 1e-6, atol: 1e-8 })
  return { gradients: (theta, trials) => (asked.push([...trials]), inner.gradients(theta, trials)), close: inner.close }
}

test('fit — a data set goes by epochs: each epoch visits every training trial once, in an order shuffled from the seed', async (t) => {
  const net = network()
  const asked: TrialRef[][] = []
  const r = await fit(options(net, { epochs: 2, gradients: recording(net, asked) }))
  if (!isRight(r)) return t.fail(r.left.message)
  t.is(r.right.iteration, 6, '2 epochs of ⌈10 / 4⌉ steps')
  t.deepEqual(asked.map((b) => b.length), [4, 4, 2, 4, 4, 2])
  const epochs = [asked.slice(0, 3).flat(), asked.slice(3).flat()].map((e) => e.map((ref) => (ref as { index: number }).index))
  for (const e of epochs) t.deepEqual([...e].sort((x, y) => x - y), [0, 1, 2, 3, 4, 5, 6, 7, 8, 9])
  t.notDeepEqual(epochs[0], epochs[1], 'each epoch has its own order')
  const again: TrialRef[][] = []
  await fit(options(net, { epochs: 1, gradients: recording(net, again) }))
  t.deepEqual(again.flat(), asked.slice(0, 3).flat(), 'the same seed gives the same order')
})

test('fit — a run stopped at step 4 and resumed to 6 ends with the bits of one run of 6', async (t) => {
  const net = network()
  const whole = await fit(options(net, { iterations: 6 }))
  const part = await fit(options(net, { iterations: 4 }))
  if (!isRight(whole) || !isRight(part)) return t.fail('a run failed')
  const saved = JSON.parse(JSON.stringify(part.right.optimizerState))
  const rest = await fit(options(net, { iterations: 6, theta: part.right.theta, resume: { iteration: 4, optimizerState: saved, history: part.right.history } }))
  if (!isRight(rest)) return t.fail(rest.left.message)
  t.deepEqual(Array.from(rest.right.theta), Array.from(whole.right.theta))
  t.deepEqual(rest.right.optimizerState, whole.right.optimizerState)
  t.deepEqual(rest.right.history.iterations.map((i) => i.loss), whole.right.history.iterations.map((i) => i.loss))
})

test('fit — validation scored every epoch keeps the best parameters; the callbacks hear every step and evaluation', async (t) => {
  const net = network()
  const steps: number[] = []
  const evaluations: [number, boolean][] = []
  const r = await fit(
    options(net, {
      epochs: 3,
      evaluation: { every: 0, split: 'validation' },
      keepBest: true,
      onIteration: (e) => void steps.push(e.iteration),
      onEvaluation: (e) => void evaluations.push([e.iteration, e.best]),
    }),
  )
  if (!isRight(r)) return t.fail(r.left.message)
  t.deepEqual(steps, [1, 2, 3, 4, 5, 6, 7, 8, 9])
  t.deepEqual(evaluations.map(([k]) => k), [3, 6, 9])
  t.true(evaluations[0]![1], 'the first evaluation is the best so far')
  const best = r.right.best!
  const scores = r.right.history.evaluations.map((e) => e.scores.error!)
  t.is(best.score, Math.min(...scores))
  t.is(best.iteration, r.right.history.evaluations[scores.indexOf(best.score)]!.iteration)
})

test('fit — evaluation.also scores more splits at the same steps, recorded with their split, without taking part in choosing the best', async (t) => {
  const net = network()
  const heard: [number, string | undefined, boolean][] = []
  const r = await fit(
    options(net, {
      epochs: 2,
      evaluation: { every: 0, split: 'validation', also: [{ split: 'train', trials: 5 }] },
      keepBest: true,
      onEvaluation: (e) => void heard.push([e.iteration, e.split, e.best]),
    }),
  )
  if (!isRight(r)) return t.fail(r.left.message)
  const records = r.right.history.evaluations
  t.deepEqual(records.map((e) => [e.iteration, e.split]), [[3, 'validation'], [3, 'train'], [6, 'validation'], [6, 'train']])
  t.deepEqual(heard.filter(([, split]) => split === 'train').map(([, , best]) => best), [false, false])
  const validation = records.filter((e) => e.split === 'validation').map((e) => e.scores.error!)
  t.is(r.right.best!.score, Math.min(...validation))
  // the train records score the first 5 training trials, as evaluateNetwork does
  const direct = evaluateNetwork({ network: net, theta: r.right.theta, task: dataset, seed: 7, solve: { rtol: 1e-6, atol: 1e-8 } }, { split: 'train', trials: 5 })
  if (!isRight(direct)) return t.fail(direct.left.message)
  t.is(records[3]!.scores.error, direct.right.scores.error)
  const bad = await fit(options(net, { epochs: 1, evaluation: { split: 'validation', also: [{ split: 'tain' }] } }))
  t.true(isLeft(bad) && /^evaluation\.also\[0\]\.split: names the split "tain", which the task "toy-data" does not have; use one of train, validation$/.test(bad.left.message), isLeft(bad) ? bad.left.message : "accepted")
})

test('fit — stops after the current step when its signal aborts, and yields to the event loop between steps', async (t) => {
  const net = network()
  const stop = new AbortController()
  let ticks = 0
  const timer = setInterval(() => (ticks += 1), 0)
  const r = await fit(options(net, { iterations: 10, signal: stop.signal, onIteration: (e) => void (e.iteration === 3 && stop.abort()) }))
  clearInterval(timer)
  if (!isRight(r)) return t.fail(r.left.message)
  t.is(r.right.iteration, 3)
  t.true(ticks >= 2, `a timer ran ${ticks} times during training`)
})

test('fit — bad setups are refused as Invalid, each issue naming the field and the fix', async (t) => {
  const net = network()
  const generator: Task = { ...dataset, splits: undefined as never }
  const cases: [Partial<FitOptions>, RegExp][] = [
    [{ task: { ...generator, kind: 'gen' }, epochs: 1 }, /^epochs: needs a data set, and the task "gen" draws its trials from a seed; give iterations instead$/],
    [{ iterations: 2, epochs: 1 }, /^epochs: is given beside iterations; give iterations or epochs, not both$/],
    [{ batchSize: 0, iterations: 1 }, /^batchSize: must be a positive integer, got 0$/],
    [{ theta: new Float64Array(2), iterations: 1 }, /^theta: has 2 entries, but the network has \d+ parameters; /],
    [{ iterations: 1, evaluation: { every: 1, split: 'test' } }, /^evaluation\.split: names the split "test", which the task "toy-data" does not have; use one of train, validation$/],
    [{ iterations: 1, optimizer: adamChain(-1) }, /^optimizer\.constantRate\.lr: must be a finite number > 0, got -1$/],
    [{ iterations: 1, resume: { iteration: 0, optimizerState: { kind: 'sgd', step: 0, buffers: {} } } }, /^resume\.optimizerState\.kind: is "sgd", a state of another optimiser than this one \("adam>lr"\)/],
  ]
  for (const [extra, message] of cases) {
    const r = await fit(options(net, extra))
    t.true(isLeft(r) && r.left._tag === 'Invalid' && message.test(r.left.message), isLeft(r) ? r.left.message : 'accepted')
  }
})

test('fit — with a CPU clock each step records the CPU time it took and the progress its running total in minutes, a resumed run counting on from its history', async (t) => {
  const net = network()
  // a clock that advances 1500 ms between each reading and the next
  let now = 0
  const cpuClock = (): number => (now += 1500)
  const heard: FitProgress['trainingMinutes'][] = []
  const first = await fit(options(net, { iterations: 2, cpuClock, onIteration: (e) => void heard.push(e.trainingMinutes) }))
  if (!isRight(first)) return t.fail(first.left.message)
  t.deepEqual(first.right.history.iterations.map((r) => r.cpuTime), [1500, 1500], 'each step: its end reading minus its start reading')
  t.deepEqual(heard, [{ clock: 'cpu', minutes: 0.025 }, { clock: 'cpu', minutes: 0.05 }])
  // resumed with a CPU clock: the steps so far count
  const more = await fit(options(net, { iterations: 3, theta: first.right.theta, cpuClock, resume: { iteration: 2, optimizerState: first.right.optimizerState!, history: first.right.history } }))
  if (!isRight(more)) return t.fail(more.left.message)
  t.deepEqual(more.right.history.iterations.map((r) => r.cpuTime), [1500, 1500, 1500])
  // resumed from a history with a step recorded without a CPU time: wall clock throughout, as the figures draw it
  const { cpuTime: _dropped, ...second } = first.right.history.iterations[1]!
  const history = { ...first.right.history, iterations: [first.right.history.iterations[0]!, { ...second, wallTime: 600 }] }
  const rest = await fit(options(net, { iterations: 3, theta: first.right.theta, cpuClock, resume: { iteration: 2, optimizerState: first.right.optimizerState!, history }, onIteration: (e) => void heard.push(e.trainingMinutes) }))
  if (!isRight(rest)) return t.fail(rest.left.message)
  const walls = rest.right.history.iterations.reduce((sum, r) => sum + r.wallTime, 0)
  t.deepEqual(heard[2], { clock: 'wall', minutes: walls / 60_000 })
  // without a clock (a browser): no CPU times at all, the wall clock
  const plain = await fit(options(net, { iterations: 1, onIteration: (e) => void t.is(e.trainingMinutes.clock, 'wall') }))
  if (!isRight(plain)) return t.fail(plain.left.message)
  t.false('cpuTime' in plain.right.history.iterations[0]!)
})
