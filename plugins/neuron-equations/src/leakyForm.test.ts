import test from 'ava'
import { checkPlugin, formatPluginCheck } from '@spikegrad/core'
import { adaptiveLifEquations, equationNeuron, lifEquations, thetaEquations, type EquationNeuronDefinition } from './index.js'

const lif = (equation: string, more: Partial<EquationNeuronDefinition> = {}): EquationNeuronDefinition => ({
  equations: [equation],
  threshold: 'v > v_th',
  reset: ['v = v_reset'],
  parameters: equation.includes('g_l') ? { g_l: 0.05, v_th: 1, v_reset: 0 } : { tau_m: 20, v_th: 1, v_reset: 0 },
  ...more,
})

test('leaky form — LIF written as equations declares itself a leaky integrator, with tau, v_th and v_reset per neuron, and checkPlugin holds the declaration to rhs and reset', (t) => {
  for (const [definition, params] of [
    [lifEquations, { tau_m: 3, v_th: 0.7, v_reset: -0.4 }],
    [lif('dv/dt = -v/tau_m + I/tau_m'), {}],
    [lif('dv/dt = g_l * (I - v)'), { g_l: 0.2 }],
    [lif('dv/dt = (I - v) / tau_m', { threshold: '2*v > 2*v_th', reset: ['v = v_reset - 0.1'], gate: { center: 'v_th - width/2' } }), {}],
  ] as const) {
    const neuron = equationNeuron(definition, params)
    t.truthy(neuron.leaky, definition.equations[0])
    const p = neuron.defaults
    const values: Record<string, number> = { ...(definition === lifEquations ? { tau_m: 10, v_th: 1, v_reset: 0 } : { tau_m: 20, v_th: 1, v_reset: 0, g_l: 0.05 }), ...params }
    const tau = definition.equations[0]!.includes('g_l') ? 1 / values.g_l! : values.tau_m!
    t.true(Math.abs(neuron.leaky!.tau(p, 1, 0) - tau) <= 1e-12 * tau, `tau ${neuron.leaky!.tau(p, 1, 0)} against ${tau}`)
    t.true(Math.abs(neuron.leaky!.threshold(p, 1, 0) - values.v_th!) <= 1e-12)
    const reset = definition.reset?.[0] === 'v = v_reset - 0.1' ? values.v_reset! - 0.1 : values.v_reset!
    t.true(Math.abs(neuron.leaky!.resetValue(p, 1, 0) - reset) <= 1e-12)
    const report = checkPlugin(neuron, { stateRanges: [[-1, 2]], currentRange: [-2, 3], N: 4, samples: 20 })
    t.true(report.ok, formatPluginCheck(report))
    t.true(report.checks.some((c) => c.name.startsWith('leaky')), report.checks.map((c) => c.name).join('\n'))
  }
  // a per-neuron table (parameter k of neuron j at k·N + j): each neuron's own constants
  const leaky = equationNeuron(lifEquations).leaky!
  const table = Float64Array.of(5, 10, 20, 0.9, 1, 1.1, -0.1, 0, 0.1)
  t.deepEqual([0, 1, 2].map((j) => leaky.tau(table, 3, j)), [5, 10, 20])
  t.deepEqual([0, 1, 2].map((j) => leaky.threshold(table, 3, j)), [0.9, 1, 1.1])
  t.deepEqual([0, 1, 2].map((j) => leaky.resetValue(table, 3, j)), [-0.1, 0, 0.1])
})

test('leaky form — other equations are not declared: a second variable, no reset, a nonlinear or scaled leak, an offset, a reset that reads v', (t) => {
  for (const definition of [
    adaptiveLifEquations,
    thetaEquations,
    lif('dv/dt = (I - v*v) / tau_m'),
    lif('dv/dt = (I - 2*v) / tau_m'),
    lif('dv/dt = (I - v + 0.1) / tau_m'),
    lif('dv/dt = (2*I - v) / tau_m'),
    lif('dv/dt = (I - v) / tau_m', { reset: ['v = v - 1'], parameters: { tau_m: 20, v_th: 1 } }),
    lif('dv/dt = (I - v) / tau_m', { threshold: 'v*v > v_th', gate: { center: '1 - width/2' } }),
  ]) {
    t.is(equationNeuron(definition).leaky, undefined, definition.equations.join('; '))
  }
})

test('leaky form — declared at its defaults, a neuron whose own parameters break the form (an extra leak, a falling threshold, a negative tau) gets NaN constants, which the closed form refuses', (t) => {
  const at = (neuron: ReturnType<typeof equationNeuron>, values: Record<string, number>): Float64Array => Float64Array.from(neuron.parameters, (s) => values[s.name] ?? s.value)
  const extraLeak = equationNeuron(lif('dv/dt = (I - v) / tau_m + (g_a - g_b) * v', { parameters: { tau_m: 20, v_th: 1, v_reset: 0, g_a: 0, g_b: 0 } }))
  t.truthy(extraLeak.leaky, 'g_a = g_b at the defaults: the LIF form')
  t.true(Number.isNaN(extraLeak.leaky!.tau(at(extraLeak, { g_a: 0.05 }), 1, 0)))
  t.is(extraLeak.leaky!.tau(at(extraLeak, { g_a: 0.05, g_b: 0.05 }), 1, 0), 20)
  const slope = equationNeuron(lif('dv/dt = (I - v) / tau_m', { threshold: 'k * v > v_th', parameters: { tau_m: 20, v_th: 1, v_reset: 0, k: 1 }, gate: { center: 'v_th - width/2' } }))
  t.truthy(slope.leaky)
  const falling = at(slope, { k: -1, v_th: -1, v_reset: -2 })
  t.true(Number.isNaN(slope.leaky!.threshold(falling, 1, 0)) && Number.isNaN(slope.leaky!.tau(falling, 1, 0)))
  const plain = equationNeuron(lifEquations)
  t.true(Number.isNaN(plain.leaky!.tau(at(plain, { tau_m: -20 }), 1, 0)))
})
