import test from 'ava'
import { adam } from './adam.js'
import { sgd } from './sgd.js'
import type { Optimizer } from './optimizer.js'
import { Rng } from '../util/rng.js'

/** f(θ) = ½ Σ a_i (θ_i - c_i)², a badly conditioned quadratic; writes ∇f into grad and returns f. */
const quadratic = (a: Float64Array, c: Float64Array) => (theta: Float64Array, grad: Float64Array): number => {
  let f = 0
  for (let i = 0; i < theta.length; i++) {
    const d = theta[i] - c[i]
    grad[i] = a[i] * d
    f += 0.5 * a[i] * d * d
  }
  return f
}

const minimise = (opt: Optimizer, steps: number, lr: (k: number) => number): { f0: number; f: number } => {
  const a = Float64Array.of(1, 3, 10, 0.5)
  const c = Float64Array.of(1, -2, 0.5, 3)
  const f = quadratic(a, c)
  const theta = new Float64Array(4)
  const grad = new Float64Array(4)
  const f0 = f(theta, grad)
  for (let k = 0; k < steps; k++) {
    f(theta, grad)
    opt.step(theta, grad, lr(k))
  }
  return { f0, f: f(theta, grad) }
}

test('adam — the first step is lr · sign(g), whatever the size of g (bias correction)', (t) => {
  const lr = 0.01
  const grad = Float64Array.of(3e-4, -2, 50, -1e3)
  const theta = Float64Array.of(1, 1, 1, 1)
  adam({}, 4, undefined).step(theta, grad, lr)
  for (let i = 0; i < 4; i++) {
    const expected = 1 - lr * Math.sign(grad[i])
    // exact up to ε/|g| from epsilon = 1e-8 and a few rounding errors
    const tol = lr * (1e-8 / Math.abs(grad[i])) + 4 * Number.EPSILON
    t.true(Math.abs(theta[i] - expected) <= tol, `θ[${i}] = ${theta[i]}, expected ${expected} ± ${tol}`)
  }
})

test('adam — minimises a badly conditioned quadratic', (t) => {
  const { f0, f } = minimise(adam({}, 4), 3000, (k) => 0.05 * (1 - k / 3000))
  t.true(f < 1e-8 * f0, `f went from ${f0} to ${f}`)
})

test('sgd — with and without momentum, minimises a badly conditioned quadratic', (t) => {
  const plain = minimise(sgd({}, 4), 2000, () => 0.1)
  t.true(plain.f < 1e-12 * plain.f0, `plain: f went from ${plain.f0} to ${plain.f}`)
  const heavy = minimise(sgd({ momentum: 0.9 }, 4), 500, () => 0.02)
  t.true(heavy.f < 1e-12 * heavy.f0, `momentum: f went from ${heavy.f0} to ${heavy.f}`)
})

test('optimisers — save state as JSON, restore, continue: bit-identical to an uninterrupted run', (t) => {
  const makers: ReadonlyArray<(size: number, state?: Parameters<typeof adam>[2]) => Optimizer> = [
    (n, s) => adam({ beta1: 0.8, beta2: 0.99 }, n, s),
    (n, s) => sgd({ momentum: 0.7 }, n, s),
  ]
  for (const make of makers) {
    const n = 50
    const gradients = (() => {
      const rng = new Rng(3)
      return Array.from({ length: 40 }, () => Float64Array.from({ length: n }, () => rng.normal() * 10 ** rng.between(-3, 3)))
    })()
    const start = Float64Array.from({ length: n }, (_, i) => Math.sin(i))
    const lr = (k: number): number => 0.01 / (1 + k)

    const straight = Float64Array.from(start)
    const one = make(n)
    gradients.forEach((g, k) => one.step(straight, g, lr(k)))

    const resumed = Float64Array.from(start)
    const first = make(n)
    gradients.slice(0, 17).forEach((g, k) => first.step(resumed, g, lr(k)))
    const saved = JSON.parse(JSON.stringify(first.state()))
    const second = make(n, saved)
    gradients.slice(17).forEach((g, k) => second.step(resumed, g, lr(k + 17)))

    t.true(Buffer.from(resumed.buffer).equals(Buffer.from(straight.buffer)), `${one.kind}: resumed run differs`)
    t.deepEqual(second.state(), one.state())
  }
})

test('optimisers — refuse a state of another kind or size, and bad settings, with a message that says why', (t) => {
  const state = adam({}, 3).state()
  t.throws(() => sgd({}, 3, state), { message: /sgd: cannot resume from a saved "adam" state/ })
  t.throws(() => adam({}, 4, state), { message: /saved buffer "m" has 3 entries but the model has 4 parameters/ })
  t.throws(() => adam({ beta1: 1 }, 3), { message: 'adam: beta1 must be in [0, 1), got 1' })
  t.throws(() => adam({ epsilon: 0 }, 3), { message: /epsilon must be a finite number > 0/ })
  t.throws(() => sgd({ momentum: -0.1 }, 3), { message: 'sgd: momentum must be in [0, 1), got -0.1' })
  t.throws(() => sgd({}, 3).step(new Float64Array(3), new Float64Array(2), 0.1), { message: /expected 3 parameters/ })
  t.throws(() => sgd({}, 3).step(new Float64Array(3), new Float64Array(3), NaN), { message: /learning rate/ })
})
