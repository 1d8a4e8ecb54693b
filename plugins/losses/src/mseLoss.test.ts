import test from 'ava'
import { checkLoss, formatPluginCheck } from '@spikegrad/core'
import { mseLoss } from './mseLoss.js'
import { checkAccumulates, checkLossGradients } from './_lossGradients.test.js'

const o = Float64Array.of(1, -2, 0.5)
const target = Float64Array.of(0, 1, 0.5)
const s = Float64Array.of(0.2, 0.4)

test('mse loss — l = scale · ½ Σ (o - o*)², whatever the trial weight', (t) => {
  t.is(mseLoss().value(0, o, s, target, 1), 0.5 * (1 + 9))
  t.is(mseLoss().value(0, o, s, target, 0), 5)
  t.is(mseLoss({ scale: 0.5 }).value(0, o, s, target, 0.3), 2.5)
  t.is(mseLoss().kind, 'mse')
  t.is(mseLoss().terminal, undefined)
})

test('mse loss — gradO and gradS agree with central differences', (t) => {
  checkLossGradients(t, mseLoss({ scale: 0.7 }))
})

test('mse loss — gradient accumulates into gradO and leaves gradS alone', (t) => {
  checkAccumulates(t, mseLoss())
  const gradS = Float64Array.of(3, 4)
  mseLoss().gradient(0, o, s, target, 1, new Float64Array(3), gradS)
  t.deepEqual(Array.from(gradS), [3, 4])
})

test('mse loss — passes core checkLoss', (t) => {
  const report = checkLoss(mseLoss({ scale: 2 }))
  t.true(report.ok, formatPluginCheck(report))
})

test('mse loss — bad parameters are refused with the parameter named', (t) => {
  t.throws(() => mseLoss({ scale: -1 }), { message: /mse loss: parameter "scale" = -1 is out of range/ })
  t.throws(() => mseLoss({ scale: NaN }), { message: /parameter "scale" must be a finite number, got NaN/ })
  t.throws(() => mseLoss({ scael: 1 }), { message: /unknown parameter "scael" \(known: scale\)/ })
})
