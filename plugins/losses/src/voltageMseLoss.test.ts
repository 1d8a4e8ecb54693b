import test from 'ava'
import { checkLoss, formatPluginCheck, type LossView, type Trial } from '@spikegrad/core'
import { voltageMseLoss } from './voltageMseLoss.js'

const trial: Trial = { duration: 30, input: () => undefined, target: () => 1 }
const view = (v: number[], target: number[], weight: number): LossView => ({ t: 3, traces: [], variables: [Float64Array.from(v)], target: Float64Array.from(target), weight, trial })

test('voltage-mse — l = scale · w · ½ Σ (v − v*)², v* the trial target or a constant level', (t) => {
  const running = voltageMseLoss({ scale: 2 }).populations!.running!
  t.is(running.value(view([1, 0.5], [0, 1], 0.5)), 2 * 0.5 * 0.5 * (1 + 0.25))
  t.is(running.value(view([1, 0.5], [0, 1], 0)), 0)
  t.is(voltageMseLoss({ level: 1 }).populations!.running!.value(view([1, 0.5], [9, 9], 1)), 0.5 * 0.25)
  t.deepEqual(voltageMseLoss({}, { population: 'hidden' }).populations!.reads, { variables: [{ population: 'hidden', variable: 'v' }] })
})

test('voltage-mse — passes checkLoss (∂l/∂v against central differences), with the target and with a level', (t) => {
  for (const loss of [voltageMseLoss({ scale: 0.7 }), voltageMseLoss({ level: 0.9 })]) {
    const report = checkLoss(loss, { N: 3, outputs: 3 })
    t.true(report.ok, formatPluginCheck(report))
    t.true(report.checks.some((c) => /variables/.test(c.name)))
  }
})

test('voltage-mse — a target with fewer entries than neurons is refused in words; bad parameters by name', (t) => {
  t.throws(() => voltageMseLoss().populations!.running!.value(view([1, 2, 3], [0], 1)), { message: /target has 1 entries, fewer than the neurons of population "output"/ })
  t.throws(() => voltageMseLoss({ scale: -1 }), { message: /scale/ })
  t.throws(() => voltageMseLoss({ level: Number.NaN }), { message: /level/ })
})
