import 'reflect-metadata'
import test from 'ava'
import { Container } from 'inversify'
import { checkNeuron, formatPluginCheck, NeuronFactoryToken } from '@spikegrad/core'
import type { Neuron, NeuronFactory } from '@spikegrad/core'
import { lifNeuron, LifNeuronModule } from './index.js'

/** One classical RK4 step of a single neuron (N = 1) at constant current I. */
function rk4(neuron: Neuron, p: Float64Array, v: number, I: number, dt: number): number {
  const cur = new Float64Array([I])
  const f = (u: number): number => {
    const out = new Float64Array(1)
    neuron.rhs(p, 1, new Float64Array([u]), cur, out)
    return out[0]!
  }
  const k1 = f(v)
  const k2 = f(v + (dt / 2) * k1)
  const k3 = f(v + (dt / 2) * k2)
  const k4 = f(v + dt * k3)
  return v + (dt / 6) * (k1 + 2 * k2 + 2 * k3 + k4)
}

/** Reset times from v = 0 at constant I: RK4, the event located by Newton on the step length. */
function resetTimes(neuron: Neuron, p: Float64Array, I: number, count: number, dt: number): number[] {
  const reset = neuron.reset!
  const c = (v: number): number => reset.condition(p, 1, 0, new Float64Array([v]))
  const times: number[] = []
  let t = 0
  let v = 0
  while (times.length < count) {
    const after = rk4(neuron, p, v, I, dt)
    if (c(v) < 0 && c(after) >= 0) {
      let d = (dt * -c(v)) / (c(after) - c(v))
      for (let k = 0; k < 6; k++) {
        const y = rk4(neuron, p, v, I, d)
        const f = new Float64Array(1)
        neuron.rhs(p, 1, new Float64Array([y]), new Float64Array([I]), f)
        d -= c(y) / f[0]!
      }
      times.push(t + d)
      const x = new Float64Array([rk4(neuron, p, v, I, d)])
      reset.jump(p, 1, 0, x)
      v = x[0]!
      t += d
    } else {
      v = after
      t += dt
    }
  }
  return times
}

test('lif neuron — vjp, paramVjp and every reset derivative agree with central differences', (t) => {
  const cases: readonly Record<string, number>[] = [{}, { tau_m: 3, v_th: 0.7, v_reset: -0.4 }, { tau_m: 25, v_th: 2, v_reset: 1.5 }]
  for (const params of cases) {
    const report = checkNeuron(lifNeuron(params), { stateRanges: [[-1, 2.5]], currentRange: [-2, 3], N: 4, samples: 25 })
    t.true(report.ok, formatPluginCheck(report))
    for (const part of ['paramVjp — Σ', 'reset.conditionParamGradient', 'reset.jumpParamVjp', 'reset.jumpVjp', 'per-neuron table — paramVjp', 'per-neuron table — reset parameter', 'per-neuron table — rhs, vjp']) {
      t.true(report.checks.some((c) => c.name.startsWith(part)), part)
    }
  }
})

test('lif neuron — with constant I > v_th the inter-spike interval is tau_m ln((I - v_reset)/(I - v_th))', (t) => {
  const cases: readonly (readonly [Record<string, number>, number])[] = [
    [{}, 1.5],
    [{ tau_m: 4, v_reset: -0.3 }, 1.05],
    [{ tau_m: 20, v_th: 0.5, v_reset: 0.2 }, 3],
  ]
  for (const [params, I] of cases) {
    const neuron = lifNeuron(params)
    const [tau, vTh, vReset] = neuron.defaults
    const expected = tau! * Math.log((I - vReset!) / (I - vTh!))
    const times = resetTimes(neuron, neuron.defaults, I, 3, 0.005)
    for (const isi of [times[1]! - times[0]!, times[2]! - times[1]!]) {
      const rel = Math.abs(isi - expected) / expected
      t.true(rel < 1e-9, `${JSON.stringify(params)}, I ${I}: interval ${isi} vs ${expected} (rel ${rel})`)
    }
  }
})

test('lif neuron — the reset derivatives are ∂c/∂v_th = -1 and ∂v⁺/∂v_reset = 1, the jump forgets v', (t) => {
  const neuron = lifNeuron({ v_th: 0.8, v_reset: -0.2 })
  const reset = neuron.reset!
  const x = new Float64Array([0.1, 0.9, 0.3])
  t.is(reset.condition(neuron.defaults, 3, 1, x), 0.9 - 0.8)
  const acc = new Float64Array(3)
  reset.conditionParamGradient!(neuron.defaults, 3, 1, x, 2, acc)
  t.deepEqual([...acc], [0, -2, 0])
  reset.jump(neuron.defaults, 3, 1, x)
  t.deepEqual([...x], [0.1, -0.2, 0.3])
  const lam = new Float64Array([4, 5, 6])
  reset.jumpVjp(neuron.defaults, 3, 1, x, lam)
  t.deepEqual([...lam], [4, 0, 6])
  const accJ = new Float64Array(3)
  reset.jumpParamVjp!(neuron.defaults, 3, 1, x, new Float64Array([4, 5, 6]), accJ)
  t.deepEqual([...accJ], [0, 0, 5])
})

test('lif neuron — the gate zone lies just below threshold: centre v_th - width/2, not periodic', (t) => {
  const neuron = lifNeuron({ v_th: 1.25 })
  t.deepEqual(neuron.gateZone(neuron.defaults, 0.5), { center: 1 })
  t.is(neuron.kind, 'lif')
  t.deepEqual([...neuron.defaults], [10, 1.25, 0])
})

test('lif neuron — bad parameters give a message that names them', (t) => {
  t.throws(() => lifNeuron({ tau_m: -1 }), { message: /parameter "tau_m" = -1 is out of range/ })
  t.throws(() => lifNeuron({ v_reset: 1 }), { message: /v_reset = 1 must be below v_th = 1/ })
  t.throws(() => lifNeuron({ vth: 1 }), { message: /unknown parameter "vth"/ })
})

test('lif neuron — per-neuron values: lists and rules are kept by name for the network, defaults hold their centres', (t) => {
  const neuron = lifNeuron({ tau_m: [5, 6, 7], v_th: { kind: 'uniform', min: 0.9, max: 1.1 } })
  t.true(neuron.perNeuronParameters)
  t.deepEqual(neuron.perNeuron, { tau_m: [5, 6, 7], v_th: { kind: 'uniform', min: 0.9, max: 1.1 } })
  t.deepEqual([...neuron.defaults], [6, 1, 0])
  t.throws(() => lifNeuron({ tau_m: [5, -1, 7] }), { message: /parameter "tau_m" = -1 is out of range/ })
  t.throws(() => lifNeuron({ v_th: [1, 1], v_reset: [0, 1.5] }), { message: /v_reset = 1.5 must be below v_th = 1 \(neuron 1\)/ })
  t.throws(() => lifNeuron({ tau_m: { kind: 'uniform', min: 9, max: 3 } as never }), { message: /min \(9\) must not exceed its max \(3\)/ })
})

test('lif neuron — with a per-neuron table each neuron is itself: its rate, reset and parameter derivatives are its own', (t) => {
  const neuron = lifNeuron()
  const N = 2
  // tau_m, v_th, v_reset of neurons 0 and 1
  const table = Float64Array.of(5, 20, 1, 2, 0, -1)
  const out = new Float64Array(N)
  neuron.rhs(table, N, Float64Array.of(0.5, 0.5), Float64Array.of(1, 1), out)
  t.deepEqual([...out], [0.5 / 5, 0.5 / 20])
  t.is(neuron.reset!.condition(table, N, 1, Float64Array.of(0, 1.5)), -0.5)
  const x = Float64Array.of(1, 2)
  neuron.reset!.jump(table, N, 1, x)
  t.deepEqual([...x], [1, -1])
  const acc = new Float64Array(3 * N)
  neuron.reset!.conditionParamGradient!(table, N, 1, x, 2, acc)
  neuron.reset!.jumpParamVjp!(table, N, 0, x, Float64Array.of(3, 4), acc)
  t.deepEqual([...acc], [0, 0, 0, -2, 3, 0])
})

test('checkNeuron — a per-neuron paramVjp that sums over neurons (the shared form) is caught by the table check', (t) => {
  const lif = lifNeuron()
  const wrong: Neuron = {
    ...lif,
    kind: 'lif-summing',
    // the shared derivative written into every neuron's entry: right for P values, wrong for a table
    paramVjp(p, N, x, I, lam, scale, acc) {
      if (p.length === 3) return lif.paramVjp!(p, N, x, I, lam, scale, acc)
      const shared = new Float64Array(3)
      lif.paramVjp!(Float64Array.of(p[0]!, p[N]!, p[2 * N]!), N, x, I, lam, scale, shared)
      for (let j = 0; j < N; j++) acc[j] = acc[j]! + shared[0]!
    },
  }
  const report = checkNeuron(wrong, { stateRanges: [[-1, 2.5]], currentRange: [-2, 3], N: 4, samples: 5 })
  t.false(report.ok)
  const failed = report.checks.filter((c) => !c.ok).map((c) => c.name)
  t.deepEqual(failed, ['per-neuron table — paramVjp acc[k·N + j] against central differences in p_kj'], formatPluginCheck(report))
})

test('LifNeuronModule — binds lifNeuron under the name "lif"', (t) => {
  const container = new Container()
  container.load(LifNeuronModule)
  t.is(container.get<NeuronFactory>(NeuronFactoryToken, { name: 'lif' }), lifNeuron)
})
