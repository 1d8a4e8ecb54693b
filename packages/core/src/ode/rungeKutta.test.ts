import test from 'ava'
import { bogackiShampine3 } from './bogackiShampine3.js'
import { dormandPrince5 } from './dormandPrince5.js'
import { HermiteStore } from './hermiteStore.js'
import type { IntegratorSettings, Rhs, Step } from './integrator.js'
import { rungeKuttaIntegrator } from './rungeKutta.js'
import { denseWeights, type RungeKuttaPair } from './rungeKuttaPair.js'
import { tsitouras5 } from './tsitouras5.js'

const pairs: readonly RungeKuttaPair[] = [dormandPrince5, tsitouras5, bogackiShampine3]

// -------------------------------------------------------------------------------------
// the tableaus
// -------------------------------------------------------------------------------------

/** The order conditions (Butcher's rooted trees) up to order 5: [order, Σ b_i Φ_i(tree), 1/γ(tree)]. */
function orderConditions(pair: RungeKuttaPair, b: Float64Array): [number, number, number][] {
  const { a, c } = pair
  const s = c.length
  const A = (v: Float64Array): Float64Array => Float64Array.from({ length: s }, (_, i) => a[i].reduce((acc, aij, j) => acc + aij * v[j], 0))
  const mul = (...vs: Float64Array[]): Float64Array => Float64Array.from({ length: s }, (_, i) => vs.reduce((p, v) => p * v[i], 1))
  const dot = (v: Float64Array): number => b.reduce((acc, bi, i) => acc + bi * v[i], 0)
  const one = new Float64Array(s).fill(1)
  const c2 = mul(c, c)
  const c3 = mul(c2, c)
  const ac = A(c)
  const ac2 = A(c2)
  const aac = A(ac)
  return [
    [1, dot(one), 1],
    [2, dot(c), 1 / 2],
    [3, dot(c2), 1 / 3],
    [3, dot(ac), 1 / 6],
    [4, dot(c3), 1 / 4],
    [4, dot(mul(c, ac)), 1 / 8],
    [4, dot(ac2), 1 / 12],
    [4, dot(aac), 1 / 24],
    [5, dot(mul(c3, c)), 1 / 5],
    [5, dot(mul(c2, ac)), 1 / 10],
    [5, dot(mul(c, ac2)), 1 / 15],
    [5, dot(mul(c, aac)), 1 / 30],
    [5, dot(mul(ac, ac)), 1 / 20],
    [5, dot(A(c3)), 1 / 20],
    [5, dot(A(mul(c, ac))), 1 / 40],
    [5, dot(A(ac2)), 1 / 60],
    [5, dot(A(aac)), 1 / 120],
  ]
}

for (const pair of pairs) {
  test(`${pair.name} — its tableau: c_i = Σ_j a_ij, FSAL (last row = b, c = 1), and b, b̂ satisfy the order conditions of orders ${pair.order} and ${pair.embeddedOrder}`, (t) => {
    const s = pair.c.length
    for (let i = 0; i < s; i++) {
      const rowSum = pair.a[i].reduce((x, y) => x + y, 0)
      t.true(Math.abs(rowSum - pair.c[i]) < 1e-14, `row ${i}: Σ a = ${rowSum}, c = ${pair.c[i]}`)
    }
    t.is(pair.c[s - 1], 1)
    const b = Float64Array.from({ length: s }, (_, j) => (j < s - 1 ? pair.a[s - 1][j] : 0))
    const bHat = b.map((bi, i) => bi - pair.e[i])
    for (const [order, value, expected] of orderConditions(pair, b)) {
      if (order <= pair.order) t.true(Math.abs(value - expected) < 1e-14, `b, order ${order}: ${value} vs ${expected}`)
    }
    for (const [order, value, expected] of orderConditions(pair, bHat)) {
      if (order <= pair.embeddedOrder) t.true(Math.abs(value - expected) < 1e-14, `b̂, order ${order}: ${value} vs ${expected}`)
    }
    // the embedded solution is of no higher order: some condition of the next order fails
    const next = orderConditions(pair, bHat).filter(([order]) => order === pair.embeddedOrder + 1)
    t.true(next.some(([, value, expected]) => Math.abs(value - expected) > 1e-6))
  })

  test(`${pair.name} — its continuous extension is y0 at θ = 0 and y1 at θ = 1, with slopes k_1 and k_s there`, (t) => {
    const s = pair.c.length
    const w = new Float64Array(s)
    const b = Float64Array.from({ length: s }, (_, j) => (j < s - 1 ? pair.a[s - 1][j] : 0))
    denseWeights(pair.dense, 0, w)
    t.true(w.every((x) => x === 0))
    denseWeights(pair.dense, 1, w)
    w.forEach((x, i) => t.true(Math.abs(x - b[i]) < 1e-13, `w_${i}(1) = ${x}, b = ${b[i]}`))
    const slope = (theta: number): Float64Array => {
      const d = 1e-6
      const wp = new Float64Array(s)
      const wm = new Float64Array(s)
      denseWeights(pair.dense, theta + d, wp)
      denseWeights(pair.dense, theta - d, wm)
      return wp.map((x, i) => (x - wm[i]) / (2 * d))
    }
    slope(0).forEach((x, i) => t.true(Math.abs(x - (i === 0 ? 1 : 0)) < 1e-8, `w_${i}′(0) = ${x}`))
    slope(1).forEach((x, i) => t.true(Math.abs(x - (i === s - 1 ? 1 : 0)) < 1e-8, `w_${i}′(1) = ${x}`))
  })
}

// -------------------------------------------------------------------------------------
// integration
// -------------------------------------------------------------------------------------

/** A forced nonlinear oscillator with a decaying companion: non-autonomous, every order condition counts. */
const oscillator: Rhs = (t, y, out) => {
  out[0] = y[1]
  out[1] = -y[0] - 0.3 * y[0] * y[0] * y[0] + 0.5 * Math.cos(1.7 * t)
  out[2] = -0.5 * y[2] + y[0] * y[1]
}
const y0 = Float64Array.of(1, 0, 0.2)

/** Settings that make every step exactly h: tolerances no error can fail, h as first and largest step. */
const fixedStep = (h: number): IntegratorSettings => ({ rtol: 1e10, atol: 1e10, maxSteps: 1e7, initialStep: h, maxStep: h, dense: true })

function endState(pair: RungeKuttaPair, f: Rhs, t1: number, settings: IntegratorSettings): Float64Array {
  const res = rungeKuttaIntegrator(pair, 3).integrate(f, 0, y0, t1, settings)
  if (res.outcome !== 'done') throw new Error(`integration ended with ${res.outcome}`)
  return Float64Array.from(res.y)
}

const distance = (a: Float64Array, b: Float64Array): number => Math.max(...a.map((x, i) => Math.abs(x - b[i])))

for (const pair of pairs) {
  test(`${pair.name} — fixed steps on a nonlinear problem: the global error falls as h^${pair.order} (h ÷ 16 → error ÷ about 16^${pair.order})`, (t) => {
    // over a wide range of h, so that the higher-order terms (large in tsit5, whose leading
    // error terms are made small) do not hide the order
    const T = 4
    const reference = endState(pair, oscillator, T, fixedStep(T / 5120))
    const [coarse, fine] = [20, 320].map((m) => distance(endState(pair, oscillator, T, fixedStep(T / m)), reference))
    const order = Math.log2(coarse / fine) / 4
    t.log(`errors ${coarse.toExponential(2)} (h = T/20), ${fine.toExponential(2)} (h = T/320); observed order ${order.toFixed(2)}`)
    t.true(order > pair.order - 0.4 && order < pair.order + 0.6, `observed order ${order}`)
  })

  test(`${pair.name} — adaptive on y′ = A y: the error follows the tolerance at the rate of order ${pair.order} (tolerance ÷ 1000 → error ÷ about 1000)`, (t) => {
    // y = exp(A t) y0 for the rotation-with-decay A = [[-0.1, 1], [-1, -0.1]] (and y3 decaying alone)
    const linear: Rhs = (_t, y, out) => {
      out[0] = -0.1 * y[0] + y[1]
      out[1] = -y[0] - 0.1 * y[1]
      out[2] = -0.5 * y[2]
    }
    const T = 10
    const exact = Float64Array.of(
      Math.exp(-0.1 * T) * (y0[0] * Math.cos(T) + y0[1] * Math.sin(T)),
      Math.exp(-0.1 * T) * (-y0[0] * Math.sin(T) + y0[1] * Math.cos(T)),
      y0[2] * Math.exp(-0.5 * T),
    )
    const errorAt = (tol: number): number => distance(endState(pair, linear, T, { rtol: tol, atol: tol, maxSteps: 1e6, initialStep: 0, maxStep: 0, dense: false }), exact)
    const coarse = errorAt(1e-5)
    const fine = errorAt(1e-8)
    t.log(`error ${coarse.toExponential(2)} at tolerance 1e-5, ${fine.toExponential(2)} at 1e-8`)
    t.true(coarse < 1e-3 && coarse > 1e-9, `error at 1e-5: ${coarse}`)
    t.true(coarse / fine > 100 && coarse / fine < 10000, `ratio ${coarse / fine}`)
  })

  test(`${pair.name} — one step's dense output errs by O(h^${pair.denseOrder + 1}) in mid-step and matches the ends exactly`, (t) => {
    // exact solution of y′ = [y1, -y0, -y2]: rotation and decay
    const f: Rhs = (_t, y, out) => {
      out[0] = y[1]
      out[1] = -y[0]
      out[2] = -y[2]
    }
    const exactAt = (tau: number): Float64Array => Float64Array.of(Math.cos(tau), -Math.sin(tau), 0.2 * Math.exp(-tau))
    const start = exactAt(0)
    const midError = (h: number): number => {
      let err = Number.NaN
      const out = new Float64Array(3)
      rungeKuttaIntegrator(pair, 3).integrate(f, 0, start, h, fixedStep(h), (step) => {
        step.denseInto(step.tOld, out)
        t.deepEqual(Array.from(out), Array.from(step.y0))
        step.denseInto(step.t, out)
        out.forEach((x, i) => t.true(Math.abs(x - step.y1[i]) <= 1e-15, `end ${i}: ${x} vs ${step.y1[i]}`))
        step.denseInto(0.4 * h, out)
        err = distance(out, exactAt(0.4 * h))
        return true
      })
      return err
    }
    const order = Math.log2(midError(0.2) / midError(0.1))
    t.log(`dense output at θ = 0.4 of one step of h = 0.2 and 0.1: its error falls as h^${order.toFixed(2)}`)
    t.true(order > pair.denseOrder + 1 - 0.3 && order < pair.denseOrder + 1 + 0.6, `local order ${order}`)
  })

  test(`${pair.name} — the Hermite store with the step's interiorSamples (${pair.interiorSamples}) reproduces its dense output to rounding`, (t) => {
    const store = new HermiteStore(3, 4)
    const out = new Float64Array(3)
    let worst = 0
    let steps = 0
    rungeKuttaIntegrator(pair, 3).integrate(oscillator, 0, y0, 20, { rtol: 1e-6, atol: 1e-8, maxSteps: 1e6, initialStep: 0, maxStep: 0, dense: true }, (step) => {
      steps++
      store.add(step.tOld, step.t, step.y0, step.f0, step.y1, step.f1, step.interiorSamples, (tau, o) => step.denseInto(tau, o))
      for (const x of [0.07, 0.31, 0.5, 0.62, 0.97]) {
        const tau = step.tOld + x * (step.t - step.tOld)
        store.evaluate(tau, store.steps - 1, 1, out)
        for (let i = 0; i < 3; i++) worst = Math.max(worst, Math.abs(out[i] - step.component(i, tau)) / (1 + Math.abs(out[i])))
      }
      return true
    })
    t.log(`${steps} steps, worst relative difference ${worst.toExponential(2)}`)
    t.true(steps > 20)
    t.true(worst <= 1e-13, `worst ${worst}`)
  })

  test(`${pair.name} — FSAL: ${pair.c.length - 1} evaluations per step attempt, plus the first (and one for the starting-step estimate)`, (t) => {
    const integrator = rungeKuttaIntegrator(pair, 3)
    for (const initialStep of [0, 0.01]) {
      const res = integrator.integrate(oscillator, 0, y0, 30, { rtol: 1e-6, atol: 1e-8, maxSteps: 1e6, initialStep, maxStep: 0, dense: false })
      t.is(res.outcome, 'done')
      t.true(res.accepted > 50 && res.rejected > 0, `${res.accepted} accepted, ${res.rejected} rejected`)
      t.is(res.steps, res.accepted + res.rejected)
      t.is(res.rhsEvals, 1 + (initialStep === 0 ? 1 : 0) + (pair.c.length - 1) * res.steps)
    }
  })

  test(`${pair.name} — integrates backward (t1 < t0) as accurately as forward, and the observer sees steps with tOld > t`, (t) => {
    const integrator = rungeKuttaIntegrator(pair, 3)
    const settings: IntegratorSettings = { rtol: 1e-9, atol: 1e-11, maxSteps: 1e6, initialStep: 0, maxStep: 0, dense: true }
    const forward = Float64Array.from(integrator.integrate(oscillator, 0, y0, 5, settings).y)
    let backwardSteps = 0
    const back = integrator.integrate(oscillator, 5, forward, 0, settings, (step: Step) => {
      t.true(step.tOld > step.t)
      backwardSteps++
      return true
    })
    t.is(back.outcome, 'done')
    t.is(back.t, 0)
    t.true(backwardSteps > 5)
    t.true(distance(back.y, y0) < 1e-6, `returned to ${Array.from(back.y)}`)
  })

  test(`${pair.name} — a step observer that says stop ends the call after that step, with the state there and a step to restart with`, (t) => {
    const integrator = rungeKuttaIntegrator(pair, 3)
    let seen = 0
    let tStop = 0
    const res = integrator.integrate(oscillator, 0, y0, 30, { rtol: 1e-6, atol: 1e-8, maxSteps: 1e6, initialStep: 0, maxStep: 0, dense: false }, (step) => {
      tStop = step.t
      return ++seen < 7
    })
    t.is(res.outcome, 'stopped')
    t.is(res.accepted, 7)
    t.is(res.t, tStop)
    t.true(res.nextStep > 0 && res.nextStep < 30)
  })

  test(`${pair.name} — non-finite, thrown, step-budget and underflow failures come back as outcomes`, (t) => {
    const integrator = rungeKuttaIntegrator(pair, 3)
    const settings: IntegratorSettings = { rtol: 1e-6, atol: 1e-8, maxSteps: 1e6, initialStep: 0, maxStep: 0, dense: false }
    const nan = integrator.integrate((tau, y, out) => (oscillator(tau, y, out), (out[2] = tau > 1 ? Number.NaN : out[2])), 0, y0, 3, settings)
    t.is(nan.outcome, 'non-finite')
    t.is(nan.badComponent, 2)
    t.true(nan.badTime! > 1)
    const thrown = integrator.integrate(() => {
      throw new Error('no')
    }, 0, y0, 3, settings)
    t.is(thrown.outcome, 'threw')
    t.is((thrown.thrown as Error).message, 'no')
    t.is(integrator.integrate(oscillator, 0, y0, 100, { ...settings, maxSteps: 10 }).outcome, 'max-steps')
    // y′ = 1/(1 − t) blows up at t = 1 with a finite state at every step size the controller tries
    const blowUp = integrator.integrate((tau, _y, out) => void out.fill(1 / (1 - tau) ** 2), 0, y0, 2, settings)
    t.true(['step-underflow', 'non-finite', 'max-steps'].includes(blowUp.outcome), blowUp.outcome)
    t.true(blowUp.t > 0.99 && blowUp.t <= 1, `stopped at ${blowUp.t}`)
  })
}

test('native pairs — a step bound makes the stages sample a pulse that error control alone steps over', (t) => {
  // y' = a unit-area pulse 0.02 wide at t = 5: from y(0) = 0, y(10) = 1
  const width = 0.02
  const f: Rhs = (tt, _y, out) => {
    const x = (tt - 5) / width
    out[0] = Math.exp(-x * x) / (width * Math.sqrt(Math.PI))
  }
  const settings: IntegratorSettings = { rtol: 1e-6, atol: 1e-9, maxSteps: 100_000, initialStep: 0.5, maxStep: 0, dense: false }
  // near the pulse a step may cover at most a quarter of its width
  const stepBound = (tt: number): number => Math.max(Math.abs(tt - 5) - 3 * width, width / 4)
  for (const pair of [bogackiShampine3, dormandPrince5]) {
    const free = rungeKuttaIntegrator(pair, 1).integrate(f, 0, Float64Array.of(0), 10, settings)
    const bounded = rungeKuttaIntegrator(pair, 1).integrate(f, 0, Float64Array.of(0), 10, { ...settings, stepBound })
    t.log(`${pair.name}: y(10) = ${free.y[0]} unbounded (${free.accepted} steps), ${bounded.y[0]} bounded (${bounded.accepted} steps)`)
    t.true(Math.abs(free.y[0]) < 0.5, `${pair.name}: the unbounded run steps over the pulse (the case the bound exists for)`)
    t.true(Math.abs(bounded.y[0] - 1) < 1e-5, `${pair.name}: y(10) = ${bounded.y[0]}`)
  }
})
