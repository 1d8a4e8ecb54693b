import 'reflect-metadata'
import test from 'ava'
import { Container } from 'inversify'
import { checkNeuron, checkPlugin, formatPluginCheck, NeuronFactoryToken, type NeuronCheckOptions, type NeuronFactory } from '@spikegrad/core'
import { isLeft, isRight } from 'fp-ts/lib/Either.js'
import {
  adaptiveLifEquations,
  adexEquations,
  describeDerivatives,
  eifEquations,
  equationPlugin,
  equationNeuron,
  EquationNeuronModule,
  izhikevichEquations,
  lifEquations,
  parseEquationNeuron,
  thetaEquations,
  type EquationNeuronDefinition,
} from './index.js'

/** Each model, where its state lives, and parameters that switch on every term. */
const models: readonly (readonly [string, EquationNeuronDefinition, NeuronCheckOptions, Record<string, number>])[] = [
  ['LIF', lifEquations, { stateRanges: [[-1, 2.5]], currentRange: [-2, 3] }, { tau_m: 3, v_th: 0.7, v_reset: -0.4 }],
  ['theta (QIF)', thetaEquations, { stateRanges: [[-Math.PI, Math.PI]] }, { tau_v: 5 }],
  ['adaptive LIF', adaptiveLifEquations, { stateRanges: [[-1, 2], [-1, 1]], currentRange: [-2, 3] }, { a: -0.3, b: 1, R: 2, v_rest: -0.5, tau_w: 200 }],
  ['Izhikevich', izhikevichEquations, { stateRanges: [[-80, 30], [-20, 10]], currentRange: [0, 20] }, { a: 0.1, b: 0.25, c: -50, d: 2 }],
  ['EIF', eifEquations, { stateRanges: [[-80, -45]], currentRange: [0, 30] }, { Delta_T: 1.5, V_T: -55, R: 2 }],
  ['AdEx', adexEquations, { stateRanges: [[-80, -40], [-50, 200]], currentRange: [0, 1000] }, { a: -2, b: 20, tau_w: 40 }],
]

for (const [name, definition, ranges, params] of models) {
  test(`${name} as equations — every derived derivative agrees with central differences (checkPlugin), at the defaults and at other parameters`, (t) => {
    for (const given of [{}, params]) {
      const neuron = equationNeuron(definition, given)
      const report = checkPlugin(neuron, { ...ranges, N: 4, samples: 20 })
      t.true(report.ok, `${JSON.stringify(given)}\n${formatPluginCheck(report)}`)
      const names = report.checks.map((c) => c.name)
      t.true(names.some((c) => c.startsWith('vjp')) && names.some((c) => c.startsWith('paramVjp')), names.join('\n'))
      if (definition.reset !== undefined) {
        for (const part of ['reset.jumpVjp', 'reset.jumpParamVjp', 'reset.conditionParamGradient']) t.true(names.some((c) => c.startsWith(part)), part)
      }
    }
  })
}

test('the derivatives are printed as one would write them by hand (LIF)', (t) => {
  const lines = describeDerivatives(lifEquations)
  t.true(isRight(lines))
  t.deepEqual(isRight(lines) ? lines.right : [], [
    '∂f_v/∂v = -1/tau_m',
    '∂f_v/∂I = 1/tau_m',
    '∂f_v/∂tau_m = -((I - v)/tau_m/tau_m)',
    '∂c/∂v = 1',
    '∂c/∂v_th = -1',
    '∂v⁺/∂v_reset = 1',
  ])
})

test('a reset reads the state just before it: v = w, w = v swaps them', (t) => {
  const neuron = equationNeuron({ equations: ['dv/dt = -v', 'dw/dt = -w'], threshold: 'v > 1', reset: ['v = w', 'w = v'] })
  const x = Float64Array.of(9, 1.5, 9, 0.25) // N = 2: v = [9, 1.5], w = [9, 0.25]; neuron 1 jumps
  neuron.reset!.jump(neuron.defaults, 2, 1, x)
  t.deepEqual([...x], [9, 0.25, 9, 1.5])
})

test('the gate zone: below the threshold by default, or where the definition puts it', (t) => {
  const lif = equationNeuron(lifEquations, { v_th: 1.25 })
  t.deepEqual(lif.gateZone(lif.defaults, 0.5), { center: 1 })
  const theta = equationNeuron(thetaEquations)
  t.deepEqual(theta.gateZone(theta.defaults, 1), { center: Math.PI, period: 2 * Math.PI })
})

test('the initial state: expressions of the parameters (Izhikevich at v = c, u = b·c)', (t) => {
  const neuron = equationNeuron(izhikevichEquations)
  const out = new Float64Array(4)
  neuron.initialState(neuron.defaults, 2, out)
  t.deepEqual([...out], [-65, -65, -13, -13])
})

test('Izhikevich as equations — regular spiking: under a constant drive the intervals lengthen and settle (adaptation)', (t) => {
  const neuron = equationNeuron(izhikevichEquations)
  const p = neuron.defaults
  const x = new Float64Array(2)
  const f = new Float64Array(2)
  const I = Float64Array.of(10)
  neuron.initialState(p, 1, x)
  const spikes: number[] = []
  const dt = 0.01
  for (let k = 1; k <= 100_000 && spikes.length < 6; k++) {
    neuron.rhs(p, 1, x, I, f)
    x[0] = x[0]! + dt * f[0]!
    x[1] = x[1]! + dt * f[1]!
    if (neuron.reset!.condition(p, 1, 0, x) >= 0) {
      spikes.push(k * dt)
      neuron.reset!.jump(p, 1, 0, x)
    }
  }
  const intervals = spikes.slice(1).map((s, i) => s - spikes[i]!)
  t.is(intervals.length, 5, `spikes at ${spikes.join(', ')} ms`)
  const settled = intervals.slice(1)
  t.true(intervals[0]! < Math.min(...settled), `intervals ${intervals.join(', ')} ms`)
  t.true(Math.max(...settled) - Math.min(...settled) < 0.1, `intervals ${intervals.join(', ')} ms`)
})

test('parameters: trainable by default, false leaves paramVjp without them; params override values by name', (t) => {
  const neuron = equationNeuron({ equations: ['dv/dt = (I - v) / tau'], parameters: { tau: { value: 5, unit: 'ms', trainable: false } }, gate: { center: '1 - width/2' } })
  t.is(neuron.paramVjp, undefined)
  t.deepEqual(neuron.parameters, [{ name: 'tau', value: 5, unit: 'ms', trainable: false }])
  t.deepEqual([...equationNeuron(lifEquations, { tau_m: 20 }).defaults], [20, 1, 0])
  const bad = parseEquationNeuron(lifEquations, { tau: 3 })
  t.true(isLeft(bad) && /unknown parameter "tau"/.test(bad.left[0]!.problem))
})

test('EquationNeuronModule — binds the factory under "equations": (params, options) builds the neuron of the options', (t) => {
  const container = new Container()
  container.load(EquationNeuronModule)
  const factory = container.get<NeuronFactory>(NeuronFactoryToken, { name: 'equations' })
  const neuron = factory({ tau_m: 4 }, lifEquations as unknown as Record<string, unknown>)
  t.is(neuron.kind, 'equations')
  t.deepEqual([...neuron.defaults], [4, 1, 0])
  t.true(checkNeuron(neuron, { stateRanges: [[-1, 2.5]] }).ok)
  t.throws(() => factory(), { message: /needs its equations: give "options": \{ "equations"/ })
  t.throws(() => factory({}, { equations: ['dv/dt = (I - v) / tau'] }), { message: /^options\.equations\[0\], column 19: unknown name "tau"/ })
})

test('equationPlugin — a neuron written as equations, published under its own name: checkPlugin passes on its module', (t) => {
  const { factory, module } = equationPlugin('alif', {
    equations: ['dv/dt = (-v - w + I) / tau_m', 'dw/dt = (a*v - w) / tau_w'],
    threshold: 'v > v_th',
    reset: ['v = v_reset', 'w += b'],
    parameters: { tau_m: 10, tau_w: 50, a: 0.5, b: 0.2, v_th: 1, v_reset: 0 },
  })
  const report = checkPlugin(module, { expectNames: ['alif'], stateRanges: [[-1, 2], [-1, 1]], currentRange: [-2, 3] })
  t.true(report.ok, formatPluginCheck(report))
  t.is(factory().kind, 'alif')
  t.deepEqual([...factory({ b: 0.5 }).defaults], [10, 50, 0.5, 0.5, 1, 0])
  t.throws(() => factory({ c: 1 }), { message: /alif neuron: unknown parameter "c"/ })
  t.throws(() => equationPlugin('broken', { equations: ['dv/dt = -v / tau'] }), { message: /^broken neuron:\nequations\[0\], column 14: unknown name "tau"/ })
})
