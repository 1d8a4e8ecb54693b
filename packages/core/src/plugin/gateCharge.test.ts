import test from 'ava'
import { gateCharge } from './gateCharge.js'
import type { SynapseGate } from './synapseGate.js'

/** A raised-cosine gate on [center − w/2, center + w/2], periodic when `period` is given. */
function cosineGate(center: number, width: number, period?: number): SynapseGate {
  const wrap = (v: number) => (period === undefined ? v - center : v - center - period * Math.round((v - center) / period))
  return {
    kind: 'raised-cosine',
    center,
    width,
    ...(period !== undefined && { period }),
    edges: [],
    value: (v) => (Math.abs(wrap(v)) < width / 2 ? (1 + Math.cos((2 * Math.PI * wrap(v)) / width)) / width : 0),
    derivative: () => 0,
  }
}

test('gateCharge — G(v) = ∫ g up to v: 0 below the zone, 1 above, the closed form of the raised cosine inside, and dG/dv = g', (t) => {
  const gate = cosineGate(0.9, 0.2)
  t.is(gateCharge(gate, 0.5), 0)
  t.is(gateCharge(gate, 1.2), 1)
  for (const v of [0.81, 0.85, 0.9, 0.93, 0.999]) {
    const x = v - 0.8
    // g = (1 + cos(2π(x − w/2)/w))/w = (1 − cos(2πx/w))/w with x = v − lo, so G = (x − (w/2π) sin(2πx/w))/w
    const closed = (x - (0.2 / (2 * Math.PI)) * Math.sin((2 * Math.PI * x) / 0.2)) / 0.2
    t.true(Math.abs(gateCharge(gate, v) - closed) < 1e-14, `G(${v}) = ${gateCharge(gate, v)}, closed form ${closed}`)
    const h = 1e-6
    const fd = (gateCharge(gate, v + h) - gateCharge(gate, v - h)) / (2 * h)
    t.true(Math.abs(fd - gate.value(v)) < 1e-7 * gate.value(v) + 1e-9, `dG/dv at ${v}: ${fd} vs g = ${gate.value(v)}`)
  }
})

test('gateCharge — a periodic zone counts the zones passed: G(v + 2π) = G(v) + 1 for a theta neuron\'s gate around π', (t) => {
  const gate = cosineGate(Math.PI, 1, 2 * Math.PI)
  t.is(gateCharge(gate, 0), 0)
  t.is(gateCharge(gate, 2 * Math.PI), 1)
  t.true(Math.abs(gateCharge(gate, Math.PI) - 0.5) < 1e-15)
  t.true(Math.abs(gateCharge(gate, 5 * Math.PI) - 2.5) < 1e-14)
  t.is(gateCharge(gate, -0.5), 0) // no zone between −0.5 and 0
  t.true(Math.abs(gateCharge(gate, -Math.PI) + 0.5) < 1e-15) // half-way through the zone one period below
  t.true(Math.abs(gateCharge(gate, Math.PI + 0.2 + 6 * Math.PI) - gateCharge(gate, Math.PI + 0.2) - 3) < 1e-14)
})
