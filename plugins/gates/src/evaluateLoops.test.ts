import test from 'ava'
import { boxGate } from './boxGate.js'
import { polyBumpGate } from './polyBumpGate.js'
import { raisedCosineGate } from './raisedCosineGate.js'

// The vectorised `evaluate` of each gate writes its zone offset out (no call in the loop): it must
// give value(v) and derivative(v) exactly (=== : outside the zone one may write −0, the other 0),
// periodic zones (wrapped several periods away) included.
for (const [name, make] of [
  ['poly-bump', polyBumpGate],
  ['raised-cosine', raisedCosineGate],
  ['box', boxGate],
] as const) {
  for (const zone of [
    { width: 0.2, center: 0.9 },
    { width: 1.5, center: Math.PI, period: 2 * Math.PI },
  ]) {
    test(`${name} ${zone.period === undefined ? '' : 'periodic '}gate — evaluate over many voltages is value and derivative, bit for bit`, (t) => {
      const gate = make(zone)
      const n = 2001
      const v = Float64Array.from({ length: n + 3 }, (_, i) => -20 + (40 * i) / n)
      const g = new Float64Array(n)
      const dg = new Float64Array(n)
      gate.evaluate!(v, 3, n, g, dg)
      let inside = 0
      for (let j = 0; j < n; j++) {
        t.true(g[j] === gate.value(v[3 + j]), `g at ${v[3 + j]}: ${g[j]} against ${gate.value(v[3 + j])}`)
        t.true(dg[j] === gate.derivative(v[3 + j]), `g′ at ${v[3 + j]}: ${dg[j]} against ${gate.derivative(v[3 + j])}`)
        if (g[j] > 0) inside++
      }
      t.true(inside > 5, `${inside} voltages inside the zone`)
    })
  }
}
