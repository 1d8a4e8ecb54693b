import test from 'ava'
import { checkGate, formatPluginCheck } from '@spikegrad/core'
import { polyBumpGate } from './index.js'
import { testZones } from './gateZones.fixture.js'

test('poly-bump gate — passes checkGate (sign, unit integral, zero outside, derivative) on every test zone', (t) => {
  for (const zone of testZones) {
    const report = checkGate(polyBumpGate(zone))
    t.true(report.ok, `${JSON.stringify(zone)}\n${formatPluginCheck(report)}`)
    t.true(report.checks.find((c) => c.name.includes('integrates to 1'))!.maxError < 1e-12)
  }
})

test('poly-bump gate — its constant is c = 35/(16 width): the peak value, found by a Simpson sum as well', (t) => {
  const width = 0.8
  const gate = polyBumpGate({ width, center: 0.5 })
  t.is(gate.value(0.5), 35 / (16 * width))
  t.true(gate.derivative(0.5) === 0)
  // composite Simpson (error O(h⁴)): 2000 intervals bring it within 1e-12 of 1
  const n = 2000
  const a = 0.5 - width / 2
  const h = width / n
  let sum = gate.value(a) + gate.value(a + width)
  for (let i = 1; i < n; i++) sum += (i % 2 === 1 ? 4 : 2) * gate.value(a + i * h)
  t.true(Math.abs((sum * h) / 3 - 1) < 1e-12, String((sum * h) / 3))
})

test('poly-bump gate — is C² at the ends of its zone: g ∝ ε³ and g′ ∝ ε² at distance ε inside', (t) => {
  const width = 2
  const gate = polyBumpGate({ width, center: 0, period: 10 })
  for (const end of [-1, 1]) {
    const inside = (eps: number): number => end - Math.sign(end) * eps
    const gRatio = gate.value(inside(1e-3)) / gate.value(inside(1e-4))
    const dRatio = gate.derivative(inside(1e-3)) / gate.derivative(inside(1e-4))
    // order 3 and 2 (up to the factor ((2 - 1e-3)/(2 - 1e-4))^k of 1 - u² = ε(2 - ε))
    t.true(Math.abs(gRatio / 1000 - 1) < 5e-3, `g ratio ${gRatio}`)
    t.true(Math.abs(dRatio / 100 - 1) < 5e-3, `g′ ratio ${dRatio}`)
    t.true(gate.value(end) === 0 && gate.derivative(end) === 0)
  }
})
