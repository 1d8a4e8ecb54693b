import test from 'ava'
import { checkLoss, formatPluginCheck } from '@spikegrad/core'
import { crossEntropyLoss } from './crossEntropyLoss.js'
import { checkAccumulates, checkLossGradients } from './_lossGradients.test.js'

const none = new Float64Array(0)

test('cross-entropy loss — −log softmax of the target class, times the weight; log 3 for an undecided readout of 3 classes', (t) => {
  const loss = crossEntropyLoss()
  t.true(Math.abs(loss.value(0, Float64Array.of(0, 0, 0), none, Float64Array.of(0, 1, 0), 1) - Math.log(3)) < 1e-15)
  const o = Float64Array.of(2, -1, 0.5)
  const p1 = Math.exp(-1) / (Math.exp(2) + Math.exp(-1) + Math.exp(0.5))
  t.true(Math.abs(loss.value(0, o, none, Float64Array.of(0, 1, 0), 0.25) - 0.25 * -Math.log(p1)) < 1e-14)
  t.is(loss.value(0, o, none, Float64Array.of(0, 1, 0), 0), 0)
  t.is(loss.kind, 'cross-entropy')
})

test('cross-entropy loss — huge readouts do not overflow (log-sum-exp with the largest taken out)', (t) => {
  const v = crossEntropyLoss().value(0, Float64Array.of(1000, 999, -5), none, Float64Array.of(0, 1, 0), 1)
  t.true(Math.abs(v - (1 + Math.log(1 + Math.exp(-1) + Math.exp(-1005)))) < 1e-12, `${v}`)
})

test('cross-entropy loss — gradO agrees with central differences (also with a temperature and a scale), and accumulates', (t) => {
  checkLossGradients(t, crossEntropyLoss(), 3)
  checkLossGradients(t, crossEntropyLoss({ temperature: 0.3, scale: 2 }), 4)
  checkAccumulates(t, crossEntropyLoss())
})

test('cross-entropy loss — passes core checkLoss; bad parameters are refused with the parameter named', (t) => {
  const report = checkLoss(crossEntropyLoss({ temperature: 0.5 }))
  t.true(report.ok, formatPluginCheck(report))
  t.throws(() => crossEntropyLoss({ temperature: 0 }), { message: /temperature/ })
  t.throws(() => crossEntropyLoss({ tempreature: 1 }), { message: /unknown parameter "tempreature"/ })
})
