import test from 'ava'
import type { GateZone, SynapseGate } from '../synapseGate.js'
import { checkGate } from './checkGate.js'
import { formatPluginCheck } from './pluginCheckReport.js'
import { toyGate } from './toyPlugins.fixture.js'

const zones: readonly GateZone[] = [
  { width: 0.4, center: 1 },
  { width: 1.5, center: Math.PI, period: 2 * Math.PI },
  { width: 1, center: 0.2, period: 2 * Math.PI },
]

function failing(gate: SynapseGate): string[] {
  return checkGate(gate)
    .checks.filter((c) => !c.ok)
    .map((c) => c.name)
}

test('checkGate — a correct parabolic gate passes, periodic or not, centred anywhere', (t) => {
  for (const zone of zones) {
    const report = checkGate(toyGate(zone))
    t.true(report.ok, formatPluginCheck(report))
    t.true(report.checks.find((c) => c.name.includes('integrates'))!.maxError < 1e-13)
  }
})

test('checkGate — catches a derivative off by 10%', (t) => {
  const good = toyGate(zones[1]!)
  const bad = { ...good, derivative: (v: number) => 1.1 * good.derivative(v) }
  t.deepEqual(failing(bad), ['derivative — g′ against central differences of g, away from edges'])
})

test('checkGate — catches a gate whose integral is 1.1', (t) => {
  const good = toyGate(zones[0]!)
  const bad = { ...good, value: (v: number) => 1.1 * good.value(v), derivative: (v: number) => 1.1 * good.derivative(v) }
  const report = checkGate(bad)
  t.deepEqual(failing(bad), ['value — integrates to 1 over its zone'])
  t.true(Math.abs(report.checks.find((c) => !c.ok)!.maxError - 0.1) < 1e-12)
})

test('checkGate — catches a negative value, a leak outside the zone and a gate that is not periodic', (t) => {
  const good = toyGate(zones[1]!)
  const dips = { ...good, value: (v: number) => good.value(v) - 1e-3 * Math.exp(-((v - 3) ** 2)) }
  t.true(failing(dips).includes('value — g ≥ 0 and finite everywhere sampled'))
  const leaks = { ...good, value: (v: number) => (Math.abs(v - Math.PI) < 1.5 ? good.value(v) + 1e-6 : good.value(v)) }
  t.true(failing(leaks).includes('value — g = 0 outside its zone (modulo the period)'))
  const unwrapped = toyGate({ width: 1.5, center: Math.PI })
  const notPeriodic = { ...unwrapped, period: 2 * Math.PI }
  t.true(failing(notPeriodic).includes('value — periodic: g(v + kP) = g(v)'))
})

test('checkGate — splits its quadrature at declared edges, so a box gate integrates exactly', (t) => {
  const w = 0.3
  const box: SynapseGate = {
    kind: 'toy-box',
    center: 2,
    width: w,
    edges: [2 - w / 2, 2 + w / 2],
    value: (v) => (Math.abs(v - 2) <= w / 2 ? 1 / w : 0),
    derivative: () => 0,
  }
  const report = checkGate(box)
  t.true(report.ok, formatPluginCheck(report))
})

test('checkGate — reports an invalid zone instead of throwing', (t) => {
  const report = checkGate({ ...toyGate(zones[0]!), width: -1 })
  t.false(report.ok)
  t.regex(report.checks[0]!.worst ?? '', /width = -1 must be positive/)
})
