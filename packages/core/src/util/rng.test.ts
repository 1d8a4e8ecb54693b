import test from 'ava'
import { Rng } from './rng.js'

test('rng — the same seed gives the same sequence', (t) => {
  const a = new Rng(42)
  const b = new Rng(42)
  for (let i = 0; i < 100; i++) t.is(a.uniform(), b.uniform())
  t.not(new Rng(1).uniform(), new Rng(2).uniform())
})

test('rng — uniform lies in [0, 1) with mean ≈ 1/2, normal has mean ≈ 0 and variance ≈ 1', (t) => {
  const r = new Rng(7)
  let sum = 0
  let sumN = 0
  let sumN2 = 0
  const n = 20000
  for (let i = 0; i < n; i++) {
    const u = r.uniform()
    t.true(u >= 0 && u < 1)
    sum += u
    const z = r.normal()
    sumN += z
    sumN2 += z * z
  }
  t.true(Math.abs(sum / n - 0.5) < 0.01, `mean ${sum / n}`)
  t.true(Math.abs(sumN / n) < 0.03, `normal mean ${sumN / n}`)
  t.true(Math.abs(sumN2 / n - 1) < 0.04, `normal variance ${sumN2 / n}`)
})
