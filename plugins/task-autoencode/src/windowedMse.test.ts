import test from 'ava'
import { Rng } from '@spikegrad/core'
import { windowedMse } from './windowedMse.js'

test('windowed MSE — value is w · ½ Σ (o - o*)², zero outside the window', (t) => {
  const loss = windowedMse(2)
  const s = new Float64Array(3)
  const o = Float64Array.of(1, -2)
  const target = Float64Array.of(0.5, 1)
  t.is(loss.value(0, o, s, target, 1), 0.5 * (0.25 + 9))
  t.is(loss.value(0, o, s, target, 0.5), 0.25 * (0.25 + 9))
  t.is(loss.value(0, o, s, target, 0), 0)
})

test('windowed MSE — ∂l/∂o matches central differences and is accumulated, ∂l/∂s is zero', (t) => {
  const rng = new Rng(1)
  const R = 3
  const loss = windowedMse(R)
  const s = Float64Array.of(0.2, 0.4)
  for (let trial = 0; trial < 20; trial++) {
    const o = Float64Array.from({ length: R }, () => rng.normal())
    const target = Float64Array.from({ length: R }, () => rng.normal())
    const weight = trial % 4 === 0 ? 0 : rng.uniform()
    const gradO = Float64Array.of(10, 20, 30)
    const gradS = new Float64Array(2)
    loss.gradient(0, o, s, target, weight, gradO, gradS)
    for (let r = 0; r < R; r++) {
      const h = 1e-5
      const plus = Float64Array.from(o)
      const minus = Float64Array.from(o)
      plus[r] += h
      minus[r] -= h
      const fd = (loss.value(0, plus, s, target, weight) - loss.value(0, minus, s, target, weight)) / (2 * h)
      const got = gradO[r] - 10 * (r + 1)
      t.true(Math.abs(got - fd) <= 1e-9 * (1 + Math.abs(fd)), `r ${r}: adjoint ${got} vs central difference ${fd}`)
    }
    t.deepEqual([...gradS], [0, 0])
  }
})
