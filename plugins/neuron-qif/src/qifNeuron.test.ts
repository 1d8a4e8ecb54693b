import 'reflect-metadata'
import test from 'ava'
import { Container } from 'inversify'
import { checkNeuron, formatPluginCheck, NeuronFactoryToken } from '@spikegrad/core'
import type { Neuron, NeuronFactory } from '@spikegrad/core'
import { qifNeuron, QifNeuronModule } from './index.js'

/** One classical RK4 step of a single neuron (N = 1) at constant current I. */
function rk4(neuron: Neuron, p: Float64Array, theta: number, I: number, dt: number): number {
  const cur = new Float64Array([I])
  const f = (th: number): number => {
    const out = new Float64Array(1)
    neuron.rhs(p, 1, new Float64Array([th]), cur, out)
    return out[0]!
  }
  const k1 = f(theta)
  const k2 = f(theta + (dt / 2) * k1)
  const k3 = f(theta + (dt / 2) * k2)
  const k4 = f(theta + dt * k3)
  return theta + (dt / 6) * (k1 + 2 * k2 + 2 * k3 + k4)
}

/** Times at which θ passes π + 2πk, integrating from θ = 0 with RK4 steps of dt ms. */
function spikeTimes(neuron: Neuron, p: Float64Array, I: number, count: number, dt: number): number[] {
  const times: number[] = []
  let t = 0
  let theta = 0
  let next = Math.PI
  while (times.length < count) {
    const after = rk4(neuron, p, theta, I, dt)
    if (after >= next) {
      // Newton on the step length d: rk4(θ, d) = next (d/dd rk4(θ, d) ≈ f at the end point)
      let d = (dt * (next - theta)) / (after - theta)
      for (let k = 0; k < 6; k++) {
        const y = rk4(neuron, p, theta, I, d)
        const f = new Float64Array(1)
        neuron.rhs(p, 1, new Float64Array([y]), new Float64Array([I]), f)
        d -= (y - next) / f[0]!
      }
      times.push(t + d)
      next += 2 * Math.PI
    }
    theta = after
    t += dt
  }
  return times
}

test('qif neuron — vjp and paramVjp agree with central differences of rhs', (t) => {
  for (const tau_v of [2, 0.7, 15]) {
    const neuron = qifNeuron({ tau_v })
    const report = checkNeuron(neuron, { stateRanges: [[-7, 7]], currentRange: [-2, 2], N: 4, samples: 25 })
    t.true(report.ok, formatPluginCheck(report))
    t.true(report.checks.some((c) => c.name.startsWith('paramVjp — Σ')))
  }
})

test('qif neuron — with constant I > 0 it fires with period π tau_v / √I', (t) => {
  for (const [tau_v, I] of [[2, 0.5], [2, 2], [5, 0.1]] as const) {
    const neuron = qifNeuron({ tau_v })
    const times = spikeTimes(neuron, neuron.defaults, I, 3, 0.002)
    const expected = (Math.PI * tau_v) / Math.sqrt(I)
    for (const period of [times[1]! - times[0]!, times[2]! - times[1]!]) {
      const rel = Math.abs(period - expected) / expected
      t.true(rel < 1e-9, `tau_v ${tau_v}, I ${I}: period ${period} vs ${expected} (rel ${rel})`)
    }
  }
})

test('qif neuron — with constant I < 0 it settles at θ* = -arccos((1 + I)/(1 - I))', (t) => {
  const neuron = qifNeuron()
  for (const I of [-0.5, -0.05, -3]) {
    const expected = -Math.acos((1 + I) / (1 - I))
    for (const theta0 of [0, -3, 1, 2.9]) {
      let theta = theta0
      for (let k = 0; k < 100_000; k++) theta = rk4(neuron, neuron.defaults, theta, I, 0.01)
      const wrapped = theta - 2 * Math.PI * Math.round(theta / (2 * Math.PI))
      t.true(Math.abs(wrapped - expected) < 1e-9, `I ${I}, θ0 ${theta0}: θ → ${wrapped}, expected ${expected}`)
    }
  }
})

test('qif neuron — has one state θ, a gate zone centred on π with period 2π, rests at θ = 0', (t) => {
  const neuron = qifNeuron()
  t.is(neuron.kind, 'qif')
  t.deepEqual(neuron.stateNames, ['theta'])
  t.is(neuron.voltageIndex, 0)
  t.deepEqual([...neuron.defaults], [2])
  t.deepEqual(neuron.gateZone(neuron.defaults, 0.5), { center: Math.PI, period: 2 * Math.PI })
  t.is(neuron.reset, undefined)
  const out = new Float64Array(4).fill(7)
  neuron.initialState(neuron.defaults, 3, out)
  t.deepEqual([...out], [0, 0, 0, 7])
})

test('qif neuron — bad parameters give a message that names them', (t) => {
  t.throws(() => qifNeuron({ tau_v: 0 }), { message: /parameter "tau_v" = 0 is out of range/ })
  t.throws(() => qifNeuron({ tau: 3 }), { message: /unknown parameter "tau" \(known: tau_v\)/ })
})

test('QifNeuronModule — binds qifNeuron under the name "qif"', (t) => {
  const container = new Container()
  container.load(QifNeuronModule)
  const factory = container.get<NeuronFactory>(NeuronFactoryToken, { name: 'qif' })
  t.is(factory, qifNeuron)
  t.is(factory({ tau_v: 3 }).defaults[0], 3)
})
