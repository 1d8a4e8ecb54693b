import test from 'ava'
import { blockGradient, byBlocks, createNetwork, getOrThrow, initialWeights, monolithic, networkGradient, Rng, rungeKuttaSolver, type ComposedNetwork, type Network, type SolveOptions, type Structure, type Trial } from '@spikegrad/core'
import { namedSolveOptions } from '@spikegrad/core/internal'
import { polyBumpGate } from '@spikegrad/gates'
import { crossEntropyLoss, firstSpikeCrossEntropyLoss, mseLoss, spikeCountTargetLoss, vanRossumLoss, voltageMseLoss } from '@spikegrad/losses'
import { lifNeuron } from '@spikegrad/neuron-lif'
import { loadNetworkConfig } from '@spikegrad/node'
import { yinYangTask } from '@spikegrad/task-yinyang'
import { isRight } from 'fp-ts/lib/Either.js'
import { join } from 'node:path'
import { heunEulerPair } from './support/heunEulerPair.js'
import { repositoryRoot } from './support/repositoryRoot.js'
import { blockErrors, referenceGradient } from './support/blockErrors.js'
import { readingNetwork } from './support/readingNetwork.js'

async function example(kind: string): Promise<ComposedNetwork> {
  const r = await loadNetworkConfig(join(repositoryRoot(), 'examples', `${kind}.json`))
  if (!isRight(r)) throw new Error(r.left.message)
  return r.right
}

const reference = referenceGradient

test('structured solve — feedforward-lif.json: the gradient by blocks converges to the tight reference, every block within 5000·rtol of it', async (t) => {
  const c = await example('feedforward-lif')
  const theta = c.initialValue.theta
  const ref = reference(c.network, theta, c.trial)
  const previous: Record<string, number> = {}
  for (const rtol of [1e-6, 1e-8, 1e-10]) {
    const bound = 5000 * rtol
    const solve: SolveOptions = { solver: 'bs3', rtol, atol: rtol / 100, maxSteps: 10_000_000 }
    const blocks = getOrThrow(networkGradient(c.network, theta, c.trial, { ...solve, structure: 'blocks' }))
    const mono = getOrThrow(networkGradient(c.network, theta, c.trial, { ...solve, structure: 'monolithic' }))
    const eb = blockErrors(c.network, blocks.gradient, ref.gradient)
    const em = blockErrors(c.network, mono.gradient, ref.gradient)
    for (const name of Object.keys(eb)) {
      t.log(`rtol ${rtol}, ${name}: blocks ${eb[name].toExponential(2)}, monolithic ${em[name].toExponential(2)}`)
      t.true(eb[name] <= bound, `rtol ${rtol}, ${name}: ${eb[name]}`)
      // the reference (odex at rtol 1e-11) is itself good to about 1e-8 of a block's scale
      if (previous[name] !== undefined) t.true(eb[name] < Math.max(previous[name] / 10, 1e-8), `${name} falls with the tolerance: ${previous[name]} → ${eb[name]}`)
      previous[name] = eb[name]
    }
    t.true(Math.abs(blocks.loss - ref.loss) <= 100 * rtol * Math.abs(ref.loss), `loss ${blocks.loss} against ${ref.loss}`)
    // each neuron on its own steps: a hidden neuron steps only around its own zone crossings and resets
    t.true(blocks.stats.forward.events > 0)
  }
})

test('structured solve — a network with recurrence is solved whole: structure blocks gives the monolithic bits', async (t) => {
  const c = await example('lif-poly-bump')
  const a = getOrThrow(networkGradient(c.network, c.initialValue.theta, c.trial, { ...c.solve, structure: 'blocks' }))
  const b = getOrThrow(networkGradient(c.network, c.initialValue.theta, c.trial, { ...c.solve, structure: 'monolithic' }))
  t.is(a.loss, b.loss)
  t.deepEqual(a.gradient, b.gradient)
})

test('structured solve — a bad structure option is refused by name', async (t) => {
  const c = await example('feedforward-lif')
  const r = networkGradient(c.network, c.initialValue.theta, c.trial, { structure: 'by-neuron' as unknown as 'blocks' })
  t.false(isRight(r))
  if (!isRight(r)) t.regex(r.left.message, /options\.structure must be a Structure \(monolithic, byBlocks, closedForm\) or one of 'monolithic', 'blocks', 'closed-form', got 'by-neuron'/)
})

test('structured solve — runs the Runge–Kutta pair it is given (a pair of your own, Heun–Euler 2(1)), agreeing with the monolithic solve of the same pair', async (t) => {
  const c = await example('feedforward-lif')
  const theta = c.initialValue.theta
  const heun = rungeKuttaSolver(heunEulerPair())
  const solve: SolveOptions = { solver: heun, rtol: 1e-6, atol: 1e-8, maxSteps: 10_000_000 }
  const blocks = getOrThrow(networkGradient(c.network, theta, c.trial, { ...solve, structure: byBlocks }))
  const whole = getOrThrow(networkGradient(c.network, theta, c.trial, { ...solve, structure: monolithic }))
  const bs3Blocks = getOrThrow(networkGradient(c.network, theta, c.trial, { ...solve, solver: 'bs3', structure: byBlocks }))
  const errors = blockErrors(c.network, blocks.gradient, whole.gradient)
  t.log(`Heun–Euler by blocks against whole: ${JSON.stringify(errors)}; forward steps ${blocks.stats.forward.steps} (bs3 by blocks ${bs3Blocks.stats.forward.steps})`)
  for (const [name, e] of Object.entries(errors)) t.true(e <= 1e-5, `${name}: ${e}`)
  t.true(blocks.stats.forward.steps > 3 * bs3Blocks.stats.forward.steps, 'a second-order pair takes many more steps: it is the pair that ran')
})

test('structures as values — byBlocks and monolithic give the bits of their names; a structure of your own is what the solve runs; messages to workers carry names', async (t) => {
  const c = await example('feedforward-lif')
  const theta = c.initialValue.theta
  const solve: SolveOptions = { solver: 'bs3', rtol: 1e-6, atol: 1e-8 }
  for (const [value, name] of [[byBlocks, 'blocks'], [monolithic, 'monolithic']] as const) {
    const a = getOrThrow(networkGradient(c.network, theta, c.trial, { ...solve, structure: value }))
    const b = getOrThrow(networkGradient(c.network, theta, c.trial, { ...solve, structure: name }))
    t.is(a.loss, b.loss, name)
    t.deepEqual(a.gradient, b.gradient, name)
  }
  // a strategy of one's own: here, the whole problem with its loss halved — no switch to touch
  const posedWays: string[] = []
  const halved: Structure = {
    name: 'halved',
    gradient(posed, iv, options) {
      posedWays.push('whole')
      const r = monolithic.gradient(posed, iv, options)
      return r._tag === 'Left' ? r : { _tag: 'Right', right: { ...r.right, loss: r.right.loss / 2, gradient: r.right.gradient.map((g) => g / 2) } }
    },
  }
  const mine = getOrThrow(networkGradient(c.network, theta, c.trial, { ...solve, structure: halved }))
  const whole = getOrThrow(networkGradient(c.network, theta, c.trial, solve))
  t.deepEqual(posedWays, ['whole'])
  t.is(mine.loss, whole.loss / 2)
  t.deepEqual(mine.gradient, whole.gradient.map((g) => g / 2))
  t.deepEqual(namedSolveOptions({ structure: byBlocks, rtol: 1e-3 }), { structure: 'blocks', rtol: 1e-3 })
  const refused = namedSolveOptions({ structure: halved })
  t.true('complaint' in refused && /the structure 'halved' is not one of monolithic, blocks, closed-form: a structure of your own runs in this thread only/.test(refused.complaint), JSON.stringify(refused))
})

test('structured solve — Yin-Yang trials at a loose tolerance: every crossing of a gate zone is sampled (the neurons step on their own, in large steps)', (t) => {
  // the Yin-Yang recipe's network at its initial weights: 5 input spikes → 100 LIF → readout.
  // Each neuron alone takes steps of up to a millisecond, longer than many of its crossings of
  // the gate's zone; unless the steps are bounded there, the stages step over the synapse's pulse
  // g(v) dv/dt and the traces (and all gradients) are off by tens of percent at rtol 1e-3.
  const network = getOrThrow(
    createNetwork({
      inputs: [{ name: 'input', kind: 'spikes', size: 5, tauS: 5 }],
      populations: [
        { name: 'hidden', size: 100, neuron: lifNeuron({ tau_m: 20 }), gate: { shape: polyBumpGate, width: 0.2 }, tauS: 5, biasInit: { kind: 'uniform', min: 0.5, max: 0.9 } },
      ],
      projections: [{ from: 'input', to: 'hidden', init: { kind: 'normal', gain: 40 } }],
      readout: { size: 3, from: ['hidden'], init: { kind: 'normal', gain: 1 } },
      losses: [crossEntropyLoss({ temperature: 0.05 })],
    }),
  )
  const theta = initialWeights(network, new Rng(1))
  const task = yinYangTask({})
  const rtol = 1e-3
  for (let i = 0; i < 3; i++) {
    const trial = task.trial(new Rng(100_003 + i))
    const ref = getOrThrow(networkGradient(network, theta, trial, { solver: 'odex', rtol: 1e-8, atol: 1e-10, maxSteps: 100_000_000, structure: 'monolithic' }))
    const blocks = getOrThrow(networkGradient(network, theta, trial, { solver: 'bs3', rtol, atol: rtol / 100, maxSteps: 10_000_000, structure: 'blocks' }))
    const errors = blockErrors(network, blocks.gradient, ref.gradient)
    for (const [name, e] of Object.entries(errors)) {
      t.log(`trial ${i}, ${name}: ${e.toExponential(2)}`)
      t.true(e < 2e-2, `trial ${i}, ${name}: ${e}`)
    }
  }
})

test('structured solve — two input spikes an ulp apart (Yin-Yang channels 1 − x and y at x + y = 1): the step after the second stop starts from the step before the first, not from the ulp between them', (t) => {
  // a stop reached by a step cut an ulp short used to set the next step size: the steps shrank
  // to ulps and the solve failed with a step-size underflow (the decision map of a trained model)
  const net = getOrThrow(
    createNetwork({
      inputs: [{ name: 'input', kind: 'spikes', size: 2, tauS: 5 }],
      populations: [{ name: 'hidden', size: 3, neuron: lifNeuron({ tau_m: 20 }), gate: { shape: polyBumpGate, width: 0.2 }, tauS: 5, biasInit: { kind: 'uniform', min: 0.5, max: 0.9 } }],
      projections: [{ from: 'input', to: 'hidden', init: { kind: 'constant', value: 10 } }],
      readout: { size: 2, from: ['hidden'], init: { kind: 'normal', gain: 1 } },
      losses: [crossEntropyLoss({ temperature: 0.05 })],
    }),
  )
  const trial: Trial = {
    duration: 60,
    spikes: [Float64Array.of(14.625), Float64Array.of(14.625000000000002)],
    input: () => undefined,
    target: (_t, out) => ((out[0] = 1), (out[1] = 0), 1),
    breakpoints: [30],
  }
  t.true(14.625000000000002 - 14.625 < 2e-15)
  const g = networkGradient(net, initialWeights(net, new Rng(1)), trial, { solver: 'bs3', rtol: 1e-3, atol: 1e-5, structure: 'blocks' })
  t.true(isRight(g), isRight(g) ? '' : g.left.message)
  if (isRight(g)) t.true(g.right.stats.forward.accepted < 3 * 400, `${g.right.stats.forward.accepted} forward steps for 3 neurons`)
})

for (const solver of ['bs3', 'dopri5'] as const) test(`structured solve — losses that read populations (first spikes and voltages at T, charges, van Rossum on traces): the gradient by blocks agrees with the monolithic one, ${solver} (${solver === 'bs3' ? 'components side by side' : 'one component at a time'})`, (t) => {
  const { net, theta, trial } = readingNetwork()
  const ref = reference(net, theta, trial)
  // dopri5 one component at a time sits further from its tolerance here (a loss dominated by a silent neuron's exp(t̂/tau1)): a tighter one
  const rtol = solver === 'bs3' ? 1e-9 : 1e-10
  const solve: SolveOptions = { solver, rtol, atol: rtol / 100, maxSteps: 10_000_000 }
  const blocks = getOrThrow(networkGradient(net, theta, trial, { ...solve, structure: 'blocks' }))
  // solved by its structure (a monolithic solve gives dL/dy0, the structured one has no such state)
  t.is(blocks.initialStateGradient.length, 0)
  // output neurons 0 and 2 fire, the label's (1) is silent: fired times and the stand-in voltage at T both count
  t.true(blocks.events.some((e) => e.family === 'reset:output' && e.index === 0), 'an output neuron fires (the first-spike term sees a time)')
  t.false(blocks.events.some((e) => e.family === 'reset:output' && e.index === 1), 'the label neuron is silent (its stand-in time)')
  t.true(blocks.events.filter((e) => e.family === 'reset:hidden').length >= 5, 'hidden neurons fire (their charges count resets)')
  const errors = blockErrors(net, blocks.gradient, ref.gradient)
  for (const [name, e] of Object.entries(errors)) t.log(`${name}: ${e.toExponential(2)}`)
  t.log(`loss ${blocks.loss} against ${ref.loss}`)
  for (const [name, e] of Object.entries(errors)) t.true(e <= 1e-5, `${name}: ${e}`)
  t.true(Math.abs(blocks.loss - ref.loss) <= 1e-7 * Math.abs(ref.loss), `loss ${blocks.loss} against ${ref.loss}`)
})

test('structured solve — a loss with a running term on a voltage is solved whole (the structured cost reads traces only), with the same gradient', (t) => {
  const { net, theta, trial } = readingNetwork([voltageMseLoss({ scale: 0.01, level: 0.5 }, { population: 'hidden' })])
  const solve: SolveOptions = { solver: 'bs3', rtol: 1e-7, atol: 1e-9, maxSteps: 10_000_000 }
  const asked = getOrThrow(networkGradient(net, theta, trial, { ...solve, structure: 'blocks' }))
  const whole = getOrThrow(networkGradient(net, theta, trial, { ...solve, structure: 'monolithic' }))
  t.true(asked.initialStateGradient.length > 0, 'solved monolithically')
  t.deepEqual(Array.from(asked.gradient), Array.from(whole.gradient))
})

