// Test helper (the leading underscore keeps ava from running it as a test file): checks a loss
// term's hand-written gradients against central differences of its value.
import type { ExecutionContext } from 'ava'
import type { Loss } from '@spikegrad/core'
import { Rng } from '@spikegrad/core'

/** (f(x + h e_i) - f(x - h e_i)) / 2h with h = 1e-5 (1 + |x_i|); x[i] is restored. */
export function centralDifference(f: () => number, x: Float64Array, i: number): number {
  const x0 = x[i]
  const h = 1e-5 * (1 + Math.abs(x0))
  x[i] = x0 + h
  const up = f()
  x[i] = x0 - h
  const down = f()
  x[i] = x0
  return (up - down) / (2 * h)
}

/**
 * |actual - expected| ≤ 1e-8 · max(|actual|, |expected|) + 1e-12. The losses are polynomials of
 * degree ≤ 2 in o, s and tau_s, so central differences are exact up to rounding (≈ 1e-10 relative).
 */
export function assertClose(t: ExecutionContext, actual: number, expected: number, what: string): void {
  const tol = 1e-8 * Math.max(Math.abs(actual), Math.abs(expected)) + 1e-12
  t.true(Math.abs(actual - expected) <= tol, `${what}: got ${actual}, central difference ${expected}, tolerance ${tol}`)
}

const draw = (rng: Rng, n: number, lo: number, hi: number): Float64Array => Float64Array.from({ length: n }, () => rng.between(lo, hi))

/**
 * At random (t, o, s, target, weight): gradO and gradS (accumulated onto random starting values)
 * equal the central differences of `value`, and, for a terminal term, gradS(T) and ∂Φ/∂tau_s
 * (one tau_s per neuron, accumulated) equal the central differences of `terminal.value`.
 */
export function checkLossGradients(t: ExecutionContext, loss: Loss, seed = 1, samples = 20): void {
  const rng = new Rng(seed)
  const R = 3
  const N = 4
  for (let k = 0; k < samples; k++) {
    const time = rng.between(0, 100)
    const o = draw(rng, R, -2, 2)
    const s = draw(rng, N, 0, 2)
    const target = draw(rng, R, -2, 2)
    const weight = k === 0 ? 0 : rng.uniform()
    const gradO = draw(rng, R, -1, 1)
    const gradS = draw(rng, N, -1, 1)
    const gradO0 = gradO.slice()
    const gradS0 = gradS.slice()
    loss.gradient(time, o, s, target, weight, gradO, gradS)
    const value = (): number => loss.value(time, o, s, target, weight)
    for (let r = 0; r < R; r++) assertClose(t, gradO[r] - gradO0[r], centralDifference(value, o, r), `${loss.kind} ∂l/∂o[${r}], sample ${k}`)
    for (let j = 0; j < N; j++) assertClose(t, gradS[j] - gradS0[j], centralDifference(value, s, j), `${loss.kind} ∂l/∂s[${j}], sample ${k}`)

    if (loss.terminal === undefined) continue
    const terminal = loss.terminal
    const sEnd = draw(rng, N, 0, 2)
    const sStart = draw(rng, N, 0, 2)
    const tau = draw(rng, N, 2, 20)
    const gradEnd = draw(rng, N, -1, 1)
    const gradTau = draw(rng, N, -1, 1)
    const gradEnd0 = gradEnd.slice()
    const gradTau0 = gradTau.slice()
    terminal.gradient(sEnd, sStart, tau, gradEnd, gradTau)
    const phi = (): number => terminal.value(sEnd, sStart, tau)
    for (let j = 0; j < N; j++) {
      assertClose(t, gradEnd[j] - gradEnd0[j], centralDifference(phi, sEnd, j), `${loss.kind} ∂Φ/∂s(T)[${j}], sample ${k}`)
      assertClose(t, gradTau[j] - gradTau0[j], centralDifference(phi, tau, j), `${loss.kind} ∂Φ/∂tau_s[${j}], sample ${k}`)
    }
  }
}

/** Calling `gradient` twice from zero gives exactly twice one call (it accumulates). */
export function checkAccumulates(t: ExecutionContext, loss: Loss): void {
  const o = Float64Array.of(0.5, -1.25, 2)
  const s = Float64Array.of(0.3, 1.1, 0.7, 2.5)
  const target = Float64Array.of(1, 0.25, -0.5)
  const once = { o: new Float64Array(3), s: new Float64Array(4) }
  const twice = { o: new Float64Array(3), s: new Float64Array(4) }
  loss.gradient(12, o, s, target, 0.75, once.o, once.s)
  loss.gradient(12, o, s, target, 0.75, twice.o, twice.s)
  loss.gradient(12, o, s, target, 0.75, twice.o, twice.s)
  t.deepEqual(Array.from(twice.o), Array.from(once.o, (x) => 2 * x))
  t.deepEqual(Array.from(twice.s), Array.from(once.s, (x) => 2 * x))
  t.true([...once.o, ...once.s].some((x) => x !== 0), 'the gradient is not all zero')
  if (loss.terminal !== undefined) {
    const g1 = new Float64Array(4)
    const g2 = new Float64Array(4)
    const gt1 = new Float64Array(4)
    const gt2 = new Float64Array(4)
    const sStart = Float64Array.of(0.1, 0.2, 0.3, 0.4)
    const tau = Float64Array.of(10, 5, 3, 20)
    loss.terminal.gradient(s, sStart, tau, g1, gt1)
    loss.terminal.gradient(s, sStart, tau, g2, gt2)
    loss.terminal.gradient(s, sStart, tau, g2, gt2)
    t.deepEqual(Array.from(g2), Array.from(g1, (x) => 2 * x))
    t.deepEqual(Array.from(gt2), Array.from(gt1, (x) => 2 * x))
  }
}
