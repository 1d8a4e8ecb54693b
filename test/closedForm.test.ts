import test from 'ava'
import { byBlocks, checkNeuron, checkpointed, closedForm, closedFormPlan, createNetwork, formatPluginCheck, getOrThrow, initialWeights, networkGradient, Rng, smoothRandomSignal, type LeakyIntegrator, type Network, type Neuron, type NetworkSpec, type SolveOptions, type Trial } from '@spikegrad/core'
import { boxGate, polyBumpGate, raisedCosineGate } from '@spikegrad/gates'
import { crossEntropyLoss, mseLoss, spikeCountLoss } from '@spikegrad/losses'
import { lifNeuron } from '@spikegrad/neuron-lif'
import { equationNeuron, lifEquations } from '@spikegrad/neuron-equations'
import { qifNeuron } from '@spikegrad/neuron-qif'
import { yinYangTask } from '@spikegrad/task-yinyang'
import { blockErrors, referenceGradient } from './support/blockErrors.js'

const reference = referenceGradient

/** The Yin-Yang recipe's network with `hidden` neurons, at initial weights, and `count` training samples. */
function yinYang(hidden: number, count: number, seed: number, neuron: Neuron = lifNeuron({ tau_m: 20 })): { network: Network; theta: Float64Array; trials: Trial[] } {
  const network = getOrThrow(
    createNetwork({
      inputs: [{ name: 'input', kind: 'spikes', size: 5, tauS: 5 }],
      populations: [{ name: 'hidden', size: hidden, neuron, gate: { shape: polyBumpGate, width: 0.2 }, tauS: 5, biasInit: { kind: 'uniform', min: 0.5, max: 0.9 } }],
      projections: [{ from: 'input', to: 'hidden', init: { kind: 'normal', gain: 40 } }],
      readout: { size: 3, from: ['hidden'], init: { kind: 'normal', gain: 1 } },
      losses: [crossEntropyLoss({ temperature: 0.05 })],
    }),
  )
  const task = yinYangTask({})
  return { network, theta: initialWeights(network, new Rng(seed)), trials: Array.from({ length: count }, (_, i) => task.trial(new Rng(seed * 1000 + i))) }
}

/**
 * Two populations that read one spike input each and feed one readout: per-neuron tau_m (a
 * log-normal rule) and v_th (a list, so each gate sits at its own neuron's threshold), a reset
 * below zero, sparse input connections, a frozen bias in one population, neurons that start inside
 * their zone, an input tau equal to one population's tau_m (the degenerate case of the closed
 * form), the raised-cosine gate in one, and an MSE to a smooth target.
 */
function mixed(seed: number): { network: Network; theta: Float64Array; trial: Trial } {
  const spec: NetworkSpec = {
    inputs: [
      { name: 'a', kind: 'spikes', size: 6, tauS: 4 },
      { name: 'b', kind: 'spikes', size: 4, tauS: 8 },
    ],
    populations: [
      {
        name: 'p',
        size: 7,
        neuron: lifNeuron({ tau_m: { kind: 'log-normal', median: 12, sigma: 0.3 }, v_th: [1, 1.1, 0.9, 1, 1.05, 0.95, 1], v_reset: -0.3 }),
        gate: { shape: polyBumpGate, width: 0.25 },
        tauS: 3,
        biasInit: { kind: 'uniform', min: 0.3, max: 0.8 },
        initialState: [0.85, 0.2, 0, 0.1, 0.92, 0, 0.5, 0.05, 0, 0.1, 0, 0, 0.02, 0],
      },
      {
        name: 'q',
        size: 5,
        neuron: lifNeuron({ tau_m: 8 }),
        gate: { shape: raisedCosineGate, width: 0.3 },
        tauS: 3,
        bias: 'frozen',
        biasInit: { kind: 'uniform', min: 0.6, max: 0.9 },
      },
    ],
    projections: [
      { from: 'a', to: 'p', connectivity: { probability: 0.6, seed: 3 }, init: { kind: 'normal', gain: 30 } },
      { from: 'b', to: 'q', init: { kind: 'normal', gain: 25 } },
    ],
    readout: { size: 2, from: ['p', 'q'], init: { kind: 'normal', gain: 1 } },
    losses: [mseLoss()],
  }
  const network = getOrThrow(createNetwork(spec))
  const rng = new Rng(seed)
  const theta = initialWeights(network, rng.fork())
  const T = 80
  const r = rng.fork()
  const spikes = Array.from({ length: 10 }, () => {
    const list: number[] = []
    for (let t = -Math.log(1 - r.uniform()) * 25; t < T; t += -Math.log(1 - r.uniform()) * 25) list.push(t)
    return list
  })
  const target = smoothRandomSignal(r, { channels: 2, duration: T, correlationTime: 20, amplitude: 0.2 })
  const trial: Trial = { duration: T, input: () => undefined, spikes, target: (t, out) => (target.at(t, out), 1), breakpoints: [25] }
  return { network, theta, trial }
}

test('closed form — the Yin-Yang network: loss and every block converge to the tight reference as rtol falls', (t) => {
  const { network, theta, trials } = yinYang(30, 3, 1)
  t.false('reason' in closedFormPlan(network))
  for (const trial of trials) {
    const ref = reference(network, theta, trial)
    let previous = Number.POSITIVE_INFINITY
    for (const rtol of [1e-3, 1e-6, 1e-9]) {
      const cf = getOrThrow(networkGradient(network, theta, trial, { rtol, structure: 'closed-form' }))
      const errors = blockErrors(network, cf.gradient, ref.gradient)
      const worst = Math.max(...Object.values(errors))
      t.log(`rtol ${rtol}: loss ${Math.abs(cf.loss / ref.loss - 1).toExponential(1)}, blocks ${Object.entries(errors).map(([k, v]) => `${k} ${v.toExponential(1)}`).join(', ')}`)
      t.true(worst <= Math.max(10 * rtol, 1e-7), `rtol ${rtol}: worst block error ${worst}`)
      t.true(Math.abs(cf.loss - ref.loss) <= Math.max(rtol, 1e-8) * Math.abs(ref.loss), `rtol ${rtol}: loss ${cf.loss} against ${ref.loss}`)
      t.true(worst < previous || worst < 1e-7, `the error falls with rtol: ${previous} → ${worst}`)
      previous = worst
      // the same spikes, at the same times
      const spikes = (e: readonly { family: string; t: number }[]) => e.filter((x) => x.family.startsWith('reset')).map((x) => x.t)
      t.is(spikes(cf.events).length, spikes(ref.events).length)
    }
  }
})

test('closed form — per-neuron thresholds and tau_m, sparse inputs, two populations, neurons that start in their zone, tau_input = tau_m: within 1e-7 of the reference', (t) => {
  const { network, theta, trial } = mixed(5)
  const plan = closedFormPlan(network)
  t.false('reason' in plan, 'reason' in plan ? plan.reason : '')
  const ref = reference(network, theta, trial)
  const cf = getOrThrow(networkGradient(network, theta, trial, { rtol: 1e-9, structure: 'closed-form' }))
  const errors = blockErrors(network, cf.gradient, ref.gradient)
  t.log(errors)
  t.true(cf.events.length > 5, `spikes: ${cf.events.length}`)
  for (const [name, e] of Object.entries(errors)) t.true(e <= 1e-7, `${name}: ${e}`)
  t.true(Math.abs(cf.loss - ref.loss) <= 1e-8 * Math.abs(ref.loss))
  // the frozen bias has no gradient entry to fill
  const frozen = network.layout.blocks.find((b) => b.name === 'bias:q')
  t.true(frozen === undefined || !frozen.trainable)
})

test('closed form — its gradient is the derivative of its own loss (central differences, every trainable entry of a small network)', (t) => {
  const { network, theta, trials } = yinYang(6, 1, 2)
  const trial = trials[0]
  const opts: SolveOptions = { rtol: 1e-10, structure: closedForm }
  const g = getOrThrow(networkGradient(network, theta, trial, opts)).gradient
  const loss = (th: Float64Array) => getOrThrow(networkGradient(network, th, trial, opts)).loss
  let worst = 0
  let scale = 0
  for (let i = 0; i < theta.length; i++) scale = Math.max(scale, Math.abs(g[i]))
  for (let i = 0; i < theta.length; i++) {
    const h = 1e-5 * Math.max(1, Math.abs(theta[i]))
    const up = Float64Array.from(theta)
    const down = Float64Array.from(theta)
    up[i] += h
    down[i] -= h
    const fd = (loss(up) - loss(down)) / (2 * h)
    worst = Math.max(worst, Math.abs(fd - g[i]))
  }
  t.log(`worst |fd − gradient| = ${worst.toExponential(2)} of a largest entry ${scale.toExponential(2)}`)
  t.true(worst <= 1e-6 * scale, `${worst}`)
})

test('closed form — LIF written as equations declares itself leaky and is solved in closed form: the built-in LIF neuron\'s loss and gradient, to rounding', (t) => {
  const written = yinYang(20, 3, 4, equationNeuron(lifEquations, { tau_m: 20 }))
  const builtIn = yinYang(20, 3, 4)
  const plan = closedFormPlan(written.network)
  t.false('reason' in plan, 'reason' in plan ? plan.reason : '')
  for (const trial of builtIn.trials) {
    const a = getOrThrow(networkGradient(written.network, builtIn.theta, trial, { rtol: 1e-6, structure: closedForm }))
    const b = getOrThrow(networkGradient(builtIn.network, builtIn.theta, trial, { rtol: 1e-6, structure: closedForm }))
    t.true(Math.abs(a.loss - b.loss) <= 1e-12 * Math.abs(b.loss), `${a.loss} against ${b.loss}`)
    const scale = Math.max(...Array.from(b.gradient, Math.abs))
    t.true(a.gradient.every((g, i) => Math.abs(g - b.gradient[i]) <= 1e-10 * scale))
    t.is(a.stats.backward.steps, b.stats.backward.steps, 'the same zone pieces')
  }
})

test('closed form — an equation neuron declared leaky at its defaults but not at the population\'s parameters is refused by the plan, and solved whole', (t) => {
  // one value of g_a per neuron, 0 on average (the defaults: the LIF form), 0.05 for neuron 0
  const neuron = equationNeuron(
    { equations: ['dv/dt = (I - v) / tau_m + (g_a - g_b) * v'], threshold: 'v > v_th', reset: ['v = v_reset'], parameters: { tau_m: 20, v_th: 1, v_reset: 0, g_a: 0, g_b: 0 } },
    { g_a: [0.05, -0.05, 0, 0, 0, 0, 0, 0] },
  )
  const { network, theta, trials } = yinYang(8, 1, 5, neuron)
  const plan = closedFormPlan(network)
  t.true('reason' in plan && /neuron 0 is no leaky integrator at its parameters \(tau NaN/.test(plan.reason), JSON.stringify(plan))
  const a = getOrThrow(networkGradient(network, theta, trials[0], { rtol: 1e-6, structure: closedForm }))
  const b = getOrThrow(networkGradient(network, theta, trials[0], { rtol: 1e-6, structure: 'monolithic' }))
  t.deepEqual(Array.from(a.gradient), Array.from(b.gradient))
})

test('closed form — a solve started inside another (a trial whose target runs one) leaves the outer solve\'s result as it was', (t) => {
  const { network, theta, trials } = yinYang(10, 2, 6)
  const inner = yinYang(7, 1, 7)
  const alone = getOrThrow(networkGradient(network, theta, trials[0], { rtol: 1e-6, structure: closedForm }))
  let nested = 0
  const trial: Trial = {
    ...trials[0],
    target: (x, out) => {
      // a teacher solved in closed form, now and then, from within the outer sweep
      if (nested++ % 50 === 0) getOrThrow(networkGradient(inner.network, inner.theta, inner.trials[0], { rtol: 1e-6, structure: closedForm }))
      return trials[0].target(x, out)
    },
  }
  const within = getOrThrow(networkGradient(network, theta, trial, { rtol: 1e-6, structure: closedForm }))
  t.true(nested > 50)
  t.is(within.loss, alone.loss)
  t.deepEqual(Array.from(within.gradient), Array.from(alone.gradient))
})

test('closed form — 160 input spikes, each channel\'s given latest first (the in-place heapsort beyond 64 spikes), agree with the monolithic solve', (t) => {
  const network = getOrThrow(
    createNetwork({
      inputs: [{ name: 'in', kind: 'spikes', size: 20, tauS: 5 }],
      populations: [{ name: 'h', size: 6, neuron: lifNeuron({ tau_m: 10 }), gate: { shape: polyBumpGate, width: 0.2 }, tauS: 5, biasInit: { kind: 'uniform', min: 0.6, max: 0.9 } }],
      projections: [{ from: 'in', to: 'h', init: { kind: 'normal', gain: 15 } }],
      readout: { size: 1, from: ['h'], init: { kind: 'normal', gain: 1 } },
      losses: [mseLoss()],
    }),
  )
  const rng = new Rng(3)
  const spikes = Array.from({ length: 20 }, () => Float64Array.from({ length: 8 }, () => rng.uniform() * 100).sort().reverse())
  const trial: Trial = { duration: 100, spikes, input: () => undefined, target: (_t, out) => (out.fill(0.2), 1) }
  const theta = initialWeights(network, new Rng(1))
  const cf = getOrThrow(networkGradient(network, theta, trial, { rtol: 1e-8, structure: closedForm }))
  const ref = getOrThrow(networkGradient(network, theta, trial, { rtol: 1e-10, atol: 1e-12, solver: 'odex', structure: 'monolithic' }))
  const scale = Math.max(...Array.from(ref.gradient, Math.abs))
  const worst = Math.max(...Array.from(cf.gradient, (g, i) => Math.abs(g - ref.gradient[i])))
  t.log(`worst ${(worst / scale).toExponential(2)} of the largest entry; ${cf.events.length} resets`)
  t.true(cf.events.length > 5)
  t.true(worst <= 1e-6 * scale, `${worst / scale}`)
  t.true(Math.abs(cf.loss - ref.loss) <= 1e-7 * ref.loss)
})

test('closed form, blocks — asked for another adjoint method than the continuous one (finite differences), they solve the network whole: the monolithic bits', (t) => {
  const { network, theta, trials } = yinYang(3, 1, 2)
  const trial = trials[0]
  const fd: SolveOptions = { rtol: 1e-6, adjoint: 'finite-differences' }
  const whole = getOrThrow(networkGradient(network, theta, trial, { ...fd, structure: 'monolithic' }))
  t.is(whole.stats.memory, 'none')
  for (const structure of [closedForm, byBlocks]) {
    const g = getOrThrow(networkGradient(network, theta, trial, { ...fd, structure }))
    t.deepEqual(Array.from(g.gradient), Array.from(whole.gradient), structure.name)
  }
  // and the continuous adjoint by its value is the closed form's own
  const own = getOrThrow(networkGradient(network, theta, trial, { rtol: 1e-6, structure: closedForm }))
  t.deepEqual(Array.from(getOrThrow(networkGradient(network, theta, trial, { rtol: 1e-6, structure: closedForm, adjoint: checkpointed })).gradient), Array.from(own.gradient))
})

test('closed form — what it cannot solve it says why, and the structure solves it whole instead (by blocks when it has delays)', (t) => {
  const base = {
    inputs: [{ name: 'in', kind: 'spikes' as const, size: 3, tauS: 5 }],
    readout: { size: 2, from: ['h'] },
    losses: [mseLoss()],
  }
  const lif = { name: 'h', size: 4, neuron: lifNeuron({ tau_m: 10 }), gate: { shape: polyBumpGate, width: 0.2 }, tauS: 5 }
  const cases: [string, NetworkSpec, RegExp][] = [
    ['recurrent', { ...base, populations: [lif], projections: [{ from: 'in', to: 'h' }, { from: 'h', to: 'h' }] }, /reads a population/],
    ['qif', { ...base, populations: [{ ...lif, neuron: qifNeuron() }], projections: [{ from: 'in', to: 'h' }] }, /does not declare itself a leaky integrator/],
    ['box gate', { ...base, populations: [{ ...lif, gate: { shape: boxGate, width: 0.2 } }], projections: [{ from: 'in', to: 'h' }] }, /has edges/],
    ['trained tau_s', { ...base, populations: [{ ...lif, train: { tauS: true } }], projections: [{ from: 'in', to: 'h' }] }, /trains tau_s/],
    ['trained tau_m', { ...base, populations: [{ ...lif, train: { params: ['tau_m'] } }], projections: [{ from: 'in', to: 'h' }] }, /trains neuron parameters/],
    ['a loss on the traces', { ...base, losses: [spikeCountLoss()], populations: [lif], projections: [{ from: 'in', to: 'h' }] }, /may read the traces/],
    ['delays', { ...base, populations: [lif], projections: [{ from: 'in', to: 'h', delay: { kind: 'synaptic', init: { kind: 'uniform', min: 0, max: 2 } } }] }, /has delays/],
  ]
  const trial: Trial = { duration: 30, input: () => undefined, spikes: [[2, 9], [4], [11, 20]], target: (_t, out) => (out.fill(0.1), 1) }
  for (const [what, spec, why] of cases) {
    const network = getOrThrow(createNetwork(spec))
    const plan = closedFormPlan(network)
    t.true('reason' in plan && why.test(plan.reason), `${what}: ${'reason' in plan ? plan.reason : 'accepted'}`)
    const theta = initialWeights(network, new Rng(1))
    const solve: SolveOptions = { rtol: 1e-6 }
    const byClosedForm = getOrThrow(networkGradient(network, theta, trial, { ...solve, structure: 'closed-form' }))
    const instead = getOrThrow(networkGradient(network, theta, trial, { ...solve, structure: what === 'delays' ? 'blocks' : 'monolithic' }))
    t.is(byClosedForm.loss, instead.loss, what)
    t.deepEqual(Array.from(byClosedForm.gradient), Array.from(instead.gradient), what)
  }
})

test('closed form — the plugin check holds a leaky declaration to the neuron it declares: LIF passes, a wrong tau, threshold or reset fails', (t) => {
  const lif = lifNeuron({ tau_m: 15, v_reset: -0.2 })
  const passed = checkNeuron(lif)
  t.true(passed.ok, formatPluginCheck(passed))
  t.true(passed.checks.some((c) => c.name.startsWith('leaky')))
  const leaky = lif.leaky!
  const wrong: [string, Partial<LeakyIntegrator>, RegExp][] = [
    ['tau', { tau: () => 10 }, /\(−v \+ I\)\/tau/],
    ['threshold', { threshold: () => 0.8 }, /does not rise through 0/],
    ['reset value', { resetValue: () => 0 }, /sends v to -0\.2/],
  ]
  for (const [what, change, message] of wrong) {
    const report = checkNeuron({ ...lif, leaky: { ...leaky, ...change } })
    t.false(report.ok, what)
    t.regex(formatPluginCheck(report), message, what)
  }
  t.false(checkNeuron({ ...qifNeuron(), leaky }).ok, 'a QIF neuron is no leaky integrator')
})

test('closed form — a trial without the spike times, or a neuron that starts above its threshold, is a SolveError that names the field', (t) => {
  const { network, theta, trials } = yinYang(5, 1, 3)
  const noSpikes: Trial = { ...trials[0], spikes: undefined }
  const r = networkGradient(network, theta, noSpikes, { rtol: 1e-3, structure: 'closed-form' })
  t.is(r._tag, 'Left')
  if (r._tag === 'Left') t.regex(r.left.message, /the trial does not fit the network: the trial gives no spike trains/)
  const high = getOrThrow(
    createNetwork({
      inputs: [{ name: 'in', kind: 'spikes', size: 1, tauS: 5 }],
      populations: [{ name: 'h', size: 2, neuron: lifNeuron(), gate: { shape: polyBumpGate, width: 0.2 }, tauS: 5, initialState: [0.5, 1.2, 0, 0] }],
      projections: [{ from: 'in', to: 'h' }],
      readout: { size: 1, from: ['h'] },
      losses: [mseLoss()],
    }),
  )
  const trial: Trial = { duration: 10, input: () => undefined, spikes: [[2]], target: (_t, out) => (out.fill(0), 1) }
  const above = networkGradient(high, initialWeights(high, new Rng(1)), trial, { rtol: 1e-3, structure: 'closed-form' })
  t.is(above._tag, 'Left')
  if (above._tag === 'Left') t.regex(above.left.message, /populations\.h\.initialState has v = 1\.2 for neuron 1, at or above its threshold 1/)
})
