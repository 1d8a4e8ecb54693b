import test from 'ava'
import { Container } from 'inversify'
import { checkLoss, formatPluginCheck, LossFactoryToken, type FinalLossView, type LossFactory, type Trial } from '@spikegrad/core'
import { LossesModule } from './lossesModule.js'
import { spikeCountLoss } from './spikeCountLoss.js'
import { spikeCountTargetLoss } from './spikeCountTargetLoss.js'

const trial: Trial = { duration: 30, input: () => undefined, target: () => 1 }
/** The final view of 3 output neurons whose synapses released the charges Q, label 1. */
const view = (Q: number[]): FinalLossView => ({
  t: 30,
  traces: [],
  variables: [],
  target: Float64Array.of(0, 1, 0),
  weight: 1,
  trial,
  events: [],
  charges: [Float64Array.from(Q)],
})

test('spike-count with a target per neuron — Ψ = scale · ½ Σ (Q_j − n_j)², n_j = low + (high − low) y_j', (t) => {
  const loss = spikeCountTargetLoss({ scale: 2, low: 1, high: 4 })
  t.is(loss.populations!.final!.value(view([0.5, 3, 2.25])), 2 * 0.5 * (0.25 + 1 + 1.5625))
  t.deepEqual(loss.populations!.reads, { charges: ['output'] })
  t.is(loss.kind, 'spike-count')
  const grad = { traces: [], variables: [], events: [], charges: [new Float64Array(3)] }
  loss.populations!.final!.gradient(view([0.5, 3, 2.25]), grad)
  t.deepEqual(Array.from(grad.charges[0]!), [2 * -0.5, 2 * -1, 2 * 1.25])
})

test('spike-count with a target per neuron — low = high is the same count for every neuron, and reads no target (a hidden population of any size)', (t) => {
  const loss = spikeCountTargetLoss({ low: 2, high: 2 }, { population: 'hidden' })
  const wide = { ...view([1, 2, 3, 4, 5]), target: Float64Array.of(1) }
  t.is(loss.populations!.final!.value(wide), 0.5 * (1 + 0 + 1 + 4 + 9))
  t.deepEqual(loss.populations!.reads, { charges: ['hidden'] })
  t.throws(() => spikeCountTargetLoss({ high: 3 }).populations!.final!.value(wide), { message: /the target has 1 entries, but population "output" has 5 neurons; give one target entry per neuron/ })
})

test('spike-count with a target per neuron — passes checkLoss (∂Ψ/∂Q against central differences)', (t) => {
  for (const params of [{}, { scale: 0.3, low: 1, high: 5 }] as Record<string, number>[]) {
    const report = checkLoss(spikeCountTargetLoss(params), { N: 3, outputs: 3 })
    t.true(report.ok, formatPluginCheck(report))
    t.true(report.checks.some((c) => c.name.includes('∂Ψ/∂(charges)')), 'the charges are checked')
  }
})

test('spike-count — with the option "population" it is the target per neuron, from code and by name in a container; without, the cost per spike', (t) => {
  t.deepEqual(spikeCountLoss({ low: 1, high: 3 }, { population: 'out' }).populations?.reads, { charges: ['out'] })
  t.is(spikeCountLoss({ weight: 1 }).populations, undefined)
  const container = new Container()
  container.load(LossesModule)
  const byName = container.get<LossFactory>(LossFactoryToken, { name: 'spike-count' })
  t.deepEqual(byName({ high: 3 }, { population: 'output' }).populations?.reads, { charges: ['output'] })
  t.throws(() => byName({ high: 3 }), { message: /unknown parameter "high"[\s\S]*give the option "population"/ })
  t.throws(() => byName({ weight: 1 }, { population: 'output' }), { message: /unknown parameter "weight"/ })
  t.throws(() => byName({}, { population: 'output', count: 3 }), { message: /unknown option "count" \(known: population\)/ })
  t.throws(() => byName({ low: -1 }, { population: 'output' }), { message: /parameter "low" = -1 is out of range/ })
})
