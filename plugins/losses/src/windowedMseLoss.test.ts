import test from 'ava'
import { checkLoss, formatPluginCheck } from '@spikegrad/core'
import { windowedMseLoss } from './windowedMseLoss.js'
import { checkAccumulates, checkLossGradients } from './_lossGradients.test.js'

const o = Float64Array.of(1, -2, 0.5)
const target = Float64Array.of(0, 1, 0.5)
const s = Float64Array.of(0.2, 0.4)

test('windowed-mse loss — l = scale · weight(t) · ½ Σ (o - o*)², zero outside the window', (t) => {
  t.is(windowedMseLoss().value(0, o, s, target, 1), 5)
  t.is(windowedMseLoss().value(0, o, s, target, 0.25), 1.25)
  t.is(windowedMseLoss({ scale: 2 }).value(0, o, s, target, 0.25), 2.5)
  t.is(windowedMseLoss().value(0, o, s, target, 0), 0)
  const gradO = Float64Array.of(1, 2, 3)
  windowedMseLoss().gradient(0, o, s, target, 0, gradO, new Float64Array(2))
  t.deepEqual(Array.from(gradO), [1, 2, 3])
  t.is(windowedMseLoss().kind, 'windowed-mse')
})

test('windowed-mse loss — gradO and gradS agree with central differences', (t) => {
  checkLossGradients(t, windowedMseLoss({ scale: 1.5 }))
})

test('windowed-mse loss — gradient accumulates', (t) => {
  checkAccumulates(t, windowedMseLoss())
})

test('windowed-mse loss — passes core checkLoss', (t) => {
  const report = checkLoss(windowedMseLoss({ scale: 0.5 }))
  t.true(report.ok, formatPluginCheck(report))
})

test('windowed-mse loss — bad parameters are refused with the parameter named', (t) => {
  t.throws(() => windowedMseLoss({ scale: -0.1 }), { message: /windowed-mse loss: parameter "scale" = -0.1 is out of range/ })
  t.throws(() => windowedMseLoss({ scale: Infinity }), { message: /parameter "scale" must be a finite number/ })
})
