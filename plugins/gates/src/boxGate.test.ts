import test from 'ava'
import { checkGate, formatPluginCheck } from '@spikegrad/core'
import { boxGate } from './index.js'
import { testZones } from './gateZones.fixture.js'

test('box gate — passes checkGate (sign, unit integral, zero outside, derivative) on every test zone', (t) => {
  for (const zone of testZones) {
    const report = checkGate(boxGate(zone))
    t.true(report.ok, `${JSON.stringify(zone)}\n${formatPluginCheck(report)}`)
  }
})

test('box gate — is 1/width on the zone, 0 beyond, with derivative 0', (t) => {
  const gate = boxGate({ width: 0.25, center: 1 })
  t.is(gate.value(1), 4)
  t.is(gate.value(1.12), 4)
  t.is(gate.value(0.88), 4)
  t.is(gate.value(1.13), 0)
  t.is(gate.value(-5), 0)
  t.is(gate.derivative(1.1), 0)
  t.is(gate.period, undefined)
})

test('box gate — declares its two jumps as edges, wrapped into [0, period) when periodic', (t) => {
  t.deepEqual(boxGate({ width: 0.5, center: 1 }).edges, [0.75, 1.25])
  const theta = boxGate({ width: 1, center: Math.PI, period: 2 * Math.PI })
  t.deepEqual(theta.edges, [Math.PI - 0.5, Math.PI + 0.5])
  const atZero = boxGate({ width: 1, center: 0, period: 2 * Math.PI })
  t.deepEqual(atZero.edges, [2 * Math.PI - 0.5, 0.5])
  t.is(atZero.value(2 * Math.PI - 0.4), 1)
  t.is(atZero.value(-6 * Math.PI + 0.4), 1)
})
