import test from 'ava'
import { checkGate, formatPluginCheck } from '@spikegrad/core'
import { raisedCosineGate } from './index.js'
import { testZones } from './gateZones.fixture.js'

test('raised-cosine gate — passes checkGate (sign, unit integral, zero outside, derivative) on every test zone', (t) => {
  for (const zone of testZones) {
    const report = checkGate(raisedCosineGate(zone))
    t.true(report.ok, `${JSON.stringify(zone)}\n${formatPluginCheck(report)}`)
    t.true(report.checks.find((c) => c.name.includes('integrates to 1'))!.maxError < 1e-12)
  }
})

test('raised-cosine gate — peaks at 2/width in the centre with zero slope, and has no edges', (t) => {
  const gate = raisedCosineGate({ width: 0.5, center: 2 })
  t.is(gate.value(2), 4)
  t.true(gate.derivative(2) === 0)
  t.deepEqual(gate.edges, [])
  t.is(gate.value(2.25), 0)
})

test('raised-cosine gate — is the gate of the independent reference network, x = v - π wrapped to (-π, π]', (t) => {
  // The reference states: g = (1 + cos(2π x / D)) / D for |x| < D/2, else 0, x = v - π wrapped to (-π, π], D = 0.6π.
  const D = 1.8849555921538759
  const gate = raisedCosineGate({ width: D, center: Math.PI, period: 2 * Math.PI })
  const reference = (v: number): number => {
    let x = v - Math.PI
    while (x > Math.PI) x -= 2 * Math.PI
    while (x <= -Math.PI) x += 2 * Math.PI
    return Math.abs(x) < D / 2 ? (1 + Math.cos((2 * Math.PI * x) / D)) / D : 0
  }
  for (const v of [Math.PI, 3, 3.5, 2.3, 4, 0, 1, 6, -3, 3 + 2 * Math.PI, 3.9 - 8 * Math.PI, 40.1]) {
    t.true(Math.abs(gate.value(v) - reference(v)) <= 1e-14, `v = ${v}: ${gate.value(v)} vs ${reference(v)}`)
  }
})
