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
    for (const part of ['paramVjp — Σ', 'reset.conditionParamGradient', 'reset.jumpParamVjp', 'reset.jumpVjp']) {
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

test('LifNeuronModule — binds lifNeuron under the name "lif"', (t) => {
  const container = new Container()
  container.load(LifNeuronModule)
  t.is(container.get<NeuronFactory>(NeuronFactoryToken, { name: 'lif' }), lifNeuron)
})
