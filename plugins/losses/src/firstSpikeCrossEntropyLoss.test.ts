import test from 'ava'
import { checkLoss, formatPluginCheck, type FinalLossView, type Trial } from '@spikegrad/core'
import { firstSpikeCrossEntropyLoss } from './firstSpikeCrossEntropyLoss.js'

const trial: Trial = { duration: 30, input: () => undefined, target: () => 1 }
/** The final view of 3 output neurons at T = 30 ms, label 1. */
const view = (first: number[], v: number[]): FinalLossView => ({
  t: 30,
  traces: [],
  variables: [Float64Array.from(v)],
  target: Float64Array.of(0, 1, 0),
  weight: 1,
  trial,
  events: [{ times: Float64Array.from(first), neurons: Int32Array.of(0, 1, 2) }],
  charges: [],
})

test('first-spike cross-entropy — Ψ = −log softmax(−t/tau0)[label] + alpha (exp(t_label/tau1) − 1)', (t) => {
  const loss = firstSpikeCrossEntropyLoss({ tau0: 2, tau1: 10, alpha: 0.1 })
  const psi = loss.populations!.final!.value(view([5, 3, 8], [0, 0, 0]))
  const z = [-5 / 2, -3 / 2, -8 / 2]
  const expected = -(z[1]! - Math.log(z.reduce((s, x) => s + Math.exp(x), 0))) + 0.1 * (Math.exp(3 / 10) - 1)
  t.true(Math.abs(psi - expected) < 1e-14, `${psi} vs ${expected}`)
  t.is(loss.kind, 'first-spike-cross-entropy')
  t.deepEqual(loss.populations!.reads, { events: [{ population: 'output', which: 'first' }], variables: [{ population: 'output', variable: 'v' }] })
})

test('first-spike cross-entropy — a silent neuron counts at T + silentSlope (threshold − v(T)): continuous as its spike leaves the trial at T', (t) => {
  const loss = firstSpikeCrossEntropyLoss({ silentSlope: 4, threshold: 1 })
  const final = loss.populations!.final!
  const silent = final.value(view([5, NaN, 8], [0, 0.25, 0]))
  const standIn = final.value(view([5, 30 + 4 * 0.75, 8], [0, 0, 0]))
  t.is(silent, standIn)
  // a spike at T⁻ (v(T) = threshold) and no spike give the same loss in the limit
  const atT = final.value(view([5, 30, 8], [0, 0, 0]))
  const justSilent = final.value(view([5, NaN, 8], [0, 1, 0]))
  t.true(Math.abs(atT - justSilent) < 1e-15)
  // the silent label neuron gets a gradient on its voltage: raise it
  const grad = { traces: [], variables: [new Float64Array(3)], events: [new Float64Array(3)], charges: [] }
  final.gradient(view([5, NaN, 8], [0, 0.25, 0]), grad)
  t.true(grad.variables[0]![1]! < 0, `∂Ψ/∂v_label(T) = ${grad.variables[0]![1]} (negative: a higher voltage lowers the loss)`)
  t.is(grad.events[0]![1], 0)
})

test('first-spike cross-entropy — passes checkLoss: ∂Ψ/∂t_first and ∂Ψ/∂v(T) against central differences, with silent neurons', (t) => {
  for (const params of [{}, { tau0: 2, tau1: 5, alpha: 0.05, silentSlope: 3 }] as Record<string, number>[]) {
    const report = checkLoss(firstSpikeCrossEntropyLoss(params), { outputs: 3, N: 3, samples: 30 })
    t.true(report.ok, formatPluginCheck(report))
    t.true(report.checks.some((c) => /event times/.test(c.name)), 'the event-time derivatives were checked')
  }
})

test('first-spike cross-entropy — bad parameters and options are refused by name', (t) => {
  t.throws(() => firstSpikeCrossEntropyLoss({ tau0: 0 }), { message: /tau0/ })
  t.throws(() => firstSpikeCrossEntropyLoss({}, { populaton: 'out' }), { message: /unknown option "populaton" \(known: population, variable\)/ })
  t.throws(() => firstSpikeCrossEntropyLoss({}, { population: 3 }), { message: /option "population" must be a name/ })
  const loss = firstSpikeCrossEntropyLoss({}, { population: 'readout-layer', variable: 'u' })
  t.deepEqual(loss.populations!.reads.variables, [{ population: 'readout-layer', variable: 'u' }])
})
