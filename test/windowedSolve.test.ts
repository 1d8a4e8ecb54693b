import test from 'ava'
import { blockGradient, createNetwork, getOrThrow, initialWeights, networkGradient, Rng, type ComposedNetwork, type Network, type NetworkSpec, type SolveOptions, type Structure, type Trial } from '@spikegrad/core'
import { polyBumpGate } from '@spikegrad/gates'
import { firstSpikeCrossEntropyLoss, mseLoss } from '@spikegrad/losses'
import { lifNeuron } from '@spikegrad/neuron-lif'
import { loadNetworkConfig } from '@spikegrad/node'
import { isRight } from 'fp-ts/lib/Either.js'
import { join } from 'node:path'
import { blockErrors, referenceGradient } from './support/blockErrors.js'
import { readingNetwork } from './support/readingNetwork.js'
import { repositoryRoot } from './support/repositoryRoot.js'

// The structured solve beyond its trajectory budget: window by window in time (forward, every
// block over one window at a time; backward, each window recomputed from where every component
// stood at its start), with the blocks' own steps — not handed to the whole solve.

async function example(kind: string): Promise<ComposedNetwork> {
  const r = await loadNetworkConfig(join(repositoryRoot(), 'examples', `${kind}.json`))
  if (!isRight(r)) throw new Error(r.left.message)
  return r.right
}

/** `blockGradient` alone (no fallback to the whole solve), through a structure of our own that hands it the network's blocks. */
const direct: Structure = {
  name: 'block-gradient',
  gradient(posed, iv, options) {
    const blocks = posed.blocks()
    if (blocks._tag === 'Left' || 'reason' in blocks.right) throw new Error('no blocks')
    return blockGradient(blocks.right, iv, options)
  },
}

/** The blocks' one-pass gradient, and a budget that holds a quarter of its recording. */
function quarterBudget(net: Network, theta: Float64Array, trial: Trial, solve: SolveOptions) {
  const free = getOrThrow(networkGradient(net, theta, trial, { ...solve, structure: 'blocks' }))
  return { free, budgetMb: free.stats.peakTrajectoryBytes / 2 ** 20 / 4 }
}

test('windowed solve — feedforward-lif.json beyond its budget: by blocks in windows, within the budget, converging to the tight reference as the one-pass solve does; keeping every step, the one pass', async (t) => {
  const c = await example('feedforward-lif')
  const theta = c.initialValue.theta
  const ref = referenceGradient(c.network, theta, c.trial)
  const previous: Record<string, number> = {}
  for (const rtol of [1e-6, 1e-9]) {
    const solve: SolveOptions = { solver: 'bs3', rtol, atol: rtol / 100, maxSteps: 10_000_000 }
    const { free, budgetMb } = quarterBudget(c.network, theta, c.trial, solve)
    const windowed = getOrThrow(networkGradient(c.network, theta, c.trial, { ...solve, structure: 'blocks', trajectoryBudgetMb: budgetMb }))
    t.is(windowed.initialStateGradient.length, 0, 'solved by blocks, not whole')
    t.is(windowed.stats.memory, 'checkpoint')
    t.true(windowed.stats.forward.checkpoints >= 3, `${windowed.stats.forward.checkpoints + 1} windows`)
    t.true(windowed.stats.recompute.steps > 0, 'windows recomputed on the way back')
    t.true(windowed.stats.peakTrajectoryBytes <= budgetMb * 2 ** 20, `held ${windowed.stats.peakTrajectoryBytes} bytes at most, budget ${Math.round(budgetMb * 2 ** 20)}`)
    const ew = blockErrors(c.network, windowed.gradient, ref.gradient)
    const ef = blockErrors(c.network, free.gradient, ref.gradient)
    for (const name of Object.keys(ew)) {
      t.log(`rtol ${rtol}, ${name}: ${windowed.stats.forward.checkpoints + 1} windows ${ew[name].toExponential(2)}, one pass ${ef[name].toExponential(2)}`)
      t.true(ew[name] <= 5000 * rtol, `rtol ${rtol}, ${name}: ${ew[name]}`)
      if (previous[name] !== undefined) t.true(ew[name] < previous[name] / 100, `${name} falls with the tolerance: ${previous[name]} → ${ew[name]}`)
      previous[name] = ew[name]
    }
    t.true(Math.abs(windowed.loss - ref.loss) <= 100 * rtol * Math.abs(ref.loss), `loss ${windowed.loss} against ${ref.loss}`)
    // keeping every step: one pass, whatever the budget
    const all = getOrThrow(networkGradient(c.network, theta, c.trial, { ...solve, structure: 'blocks', adjoint: 'all', trajectoryBudgetMb: budgetMb }))
    t.deepEqual(Array.from(all.gradient), Array.from(free.gradient))
    t.is(all.stats.recompute.steps, 0)
  }
})

for (const solver of ['bs3', 'dopri5'] as const) {
  test(`windowed solve — losses on spike times, charges and traces (a final cost, λ(t1) and ∂Ψ/∂t of every reset carried across windows), ${solver} (${solver === 'bs3' ? 'components side by side' : 'one component at a time'}): within the one-pass solve's bounds of the tight reference`, (t) => {
    const { net, theta, trial } = readingNetwork()
    const ref = referenceGradient(net, theta, trial)
    const rtol = solver === 'bs3' ? 1e-9 : 1e-10
    const solve: SolveOptions = { solver, rtol, atol: rtol / 100, maxSteps: 10_000_000 }
    const { budgetMb } = quarterBudget(net, theta, trial, solve)
    const windowed = getOrThrow(networkGradient(net, theta, trial, { ...solve, structure: 'blocks', trajectoryBudgetMb: budgetMb }))
    t.is(windowed.initialStateGradient.length, 0, 'solved by blocks')
    t.true(windowed.stats.forward.checkpoints >= 3, `${windowed.stats.forward.checkpoints + 1} windows`)
    t.true(windowed.stats.peakTrajectoryBytes <= budgetMb * 2 ** 20)
    // resets in several windows: the hidden neurons fire through the trial
    const resets = windowed.events.filter((e) => e.family === 'reset:hidden').map((e) => e.t)
    t.true(resets.length >= 5 && Math.min(...resets) < 15 && Math.max(...resets) > 25, `resets at ${resets.map((x) => x.toFixed(1)).join(', ')}`)
    const errors = blockErrors(net, windowed.gradient, ref.gradient)
    for (const [name, e] of Object.entries(errors)) t.log(`${name}: ${e.toExponential(2)}`)
    for (const [name, e] of Object.entries(errors)) t.true(e <= 1e-5, `${name}: ${e}`)
    t.true(Math.abs(windowed.loss - ref.loss) <= 1e-7 * Math.abs(ref.loss), `loss ${windowed.loss} against ${ref.loss}`)
  })
}

test('windowed solve — a recurrent component among feedforward populations (its block solved whole, checkpointed per window) with a first-spike loss: within the bound of the one-pass solve', (t) => {
  const lif = lifNeuron({ tau_m: 10 })
  const gate = { shape: polyBumpGate, width: 0.3 }
  const spec: NetworkSpec = {
    inputs: [{ name: 'input', kind: 'spikes', size: 4, tauS: 4 }],
    populations: [
      { name: 'hidden', size: 8, neuron: lif, gate, tauS: 4, biasInit: { kind: 'uniform', min: 0.3, max: 0.8 } },
      { name: 'out', size: 3, neuron: lif, gate, tauS: 4, biasInit: { kind: 'uniform', min: 0.2, max: 0.5 } },
    ],
    projections: [
      { from: 'input', to: 'hidden', init: { kind: 'normal', gain: 25 } },
      { from: 'hidden', to: 'hidden', init: { kind: 'normal', gain: 4 } },
      { from: 'hidden', to: 'out', init: { kind: 'normal', gain: 12 } },
    ],
    readout: { size: 3, from: ['out'] },
    losses: [mseLoss(), firstSpikeCrossEntropyLoss({ tau0: 2, tau1: 10, alpha: 0.01 }, { population: 'out' })],
  }
  const net = getOrThrow(createNetwork(spec))
  const theta = initialWeights(net, new Rng(2))
  const trial: Trial = {
    duration: 40,
    spikes: [Float64Array.of(2, 11, 23), Float64Array.of(5, 17), Float64Array.of(8, 27, 31), Float64Array.of(14)],
    input: () => undefined,
    target: (time, out) => {
      for (let r = 0; r < 3; r++) out[r] = 0.05 * (1 + Math.sin(0.15 * time + r))
      return 1
    },
  }
  const ref = referenceGradient(net, theta, trial)
  const solve: SolveOptions = { solver: 'bs3', rtol: 1e-9, atol: 1e-11, maxSteps: 10_000_000 }
  const { free, budgetMb } = quarterBudget(net, theta, trial, solve)
  const windowed = getOrThrow(networkGradient(net, theta, trial, { ...solve, structure: 'blocks', trajectoryBudgetMb: budgetMb }))
  t.is(windowed.initialStateGradient.length, 0, 'solved by blocks')
  t.true(windowed.stats.forward.checkpoints >= 3, `${windowed.stats.forward.checkpoints + 1} windows`)
  t.true(windowed.events.some((e) => e.family === 'reset:out'), 'an output neuron fires')
  const ew = blockErrors(net, windowed.gradient, ref.gradient)
  const ef = blockErrors(net, free.gradient, ref.gradient)
  for (const name of Object.keys(ew)) {
    t.log(`${name}: windowed ${ew[name].toExponential(2)}, one pass ${ef[name].toExponential(2)}`)
    t.true(ew[name] <= 1e-5, `${name}: ${ew[name]}`)
  }
})

/** input →(delay)→ hidden (3 LIF) →(delay on `hiddenDelay`)→ out (1 LIF), MSE on out's trace. */
function delayedNetwork(hiddenDelay: boolean): { net: Network; theta: Float64Array; trial: Trial } {
  const lif = lifNeuron({ tau_m: 10 })
  const gate = { shape: polyBumpGate, width: 0.2 }
  const delay = { kind: 'synaptic' as const, init: { kind: 'constant' as const, value: 1.5 } }
  const net = getOrThrow(
    createNetwork({
      inputs: [{ name: 'input', kind: 'spikes', size: 2, tauS: 5 }],
      populations: [
        { name: 'hidden', size: 3, neuron: lif, gate, tauS: 5 },
        { name: 'out', size: 1, neuron: lif, gate, tauS: 5 },
      ],
      projections: [
        { from: 'input', to: 'hidden', init: { kind: 'constant', value: 40 }, delay },
        { from: 'hidden', to: 'out', init: { kind: 'constant', value: 30 }, ...(hiddenDelay && { delay }) },
      ],
      readout: { size: 1, from: ['out'] },
      losses: [mseLoss()],
    }),
  )
  const theta = initialWeights(net, new Rng(1))
  const trial: Trial = { duration: 40, spikes: [Float64Array.of(3, 19), Float64Array.of(9, 27)], input: () => undefined, target: (_t, out) => (out.fill(0.05), 1) }
  return { net, theta, trial }
}

test('windowed solve — delays on spike inputs are windowed (their times are the trial\'s); delays between populations (a read at t − d) keep the whole recording, and blockGradient alone says so', (t) => {
  const solve: SolveOptions = { solver: 'bs3', rtol: 1e-9, atol: 1e-11, maxSteps: 10_000_000 }
  const onInputs = delayedNetwork(false)
  const { free, budgetMb } = quarterBudget(onInputs.net, onInputs.theta, onInputs.trial, solve)
  const windowed = getOrThrow(networkGradient(onInputs.net, onInputs.theta, onInputs.trial, { ...solve, structure: 'blocks', trajectoryBudgetMb: budgetMb }))
  t.true(windowed.stats.forward.checkpoints >= 3, `${windowed.stats.forward.checkpoints + 1} windows`)
  t.true(windowed.stats.peakTrajectoryBytes <= budgetMb * 2 ** 20)
  // no whole form to compare with: the one-pass solve at the same tolerance (both within about 1e-7 of the truth here)
  const errors = blockErrors(onInputs.net, windowed.gradient, free.gradient)
  for (const [name, e] of Object.entries(errors)) t.log(`${name}: windowed against one pass ${e.toExponential(2)}`)
  for (const [name, e] of Object.entries(errors)) t.true(e <= 1e-6, `${name}: ${e}`)
  t.true(Object.keys(errors).some((n) => /delay/.test(n)), `the delays are trained: ${Object.keys(errors).join(', ')}`)

  const between = delayedNetwork(true)
  const one = getOrThrow(networkGradient(between.net, between.theta, between.trial, { ...solve, structure: 'blocks' }))
  const small = one.stats.peakTrajectoryBytes / 2 ** 20 / 4
  const kept = getOrThrow(networkGradient(between.net, between.theta, between.trial, { ...solve, structure: 'blocks', trajectoryBudgetMb: small }))
  t.deepEqual(Array.from(kept.gradient), Array.from(one.gradient))
  t.true(kept.stats.peakTrajectoryBytes > small * 2 ** 20, 'the whole recording kept beyond the budget')
  const r = networkGradient(between.net, between.theta, between.trial, { ...solve, structure: direct, trajectoryBudgetMb: small })
  t.true(r._tag === 'Left' && r.left._tag === 'TrajectoryBudgetExceeded', r._tag === 'Left' ? r.left.message : 'solved')
})

test('windowed solve — a budget no windows can meet (their starting points alone would fill it): blockGradient says TrajectoryBudgetExceeded naming the window; byBlocks solves the trial whole, recomputing from checkpoints', async (t) => {
  const c = await example('feedforward-lif')
  const theta = c.initialValue.theta
  const solve: SolveOptions = { solver: 'bs3', rtol: 1e-6, atol: 1e-8 }
  const budgetMb = 1e-4
  const r = networkGradient(c.network, theta, c.trial, { ...solve, structure: direct, trajectoryBudgetMb: budgetMb })
  t.true(r._tag === 'Left')
  if (r._tag === 'Left') {
    t.is(r.left._tag, 'TrajectoryBudgetExceeded')
    t.regex(r.left.message, /reached [\d.]+ MiB at .*(block (hidden|output)|the cost)(, in window \d+ of \d+)? \(t = [\d.]+\), beyond trajectoryBudgetMb \(0\.000100 MiB\): raise trajectoryBudgetMb, or keep every step \(adjoint 'all'\)/)
  }
  const bounded = getOrThrow(networkGradient(c.network, theta, c.trial, { ...solve, structure: 'blocks', trajectoryBudgetMb: budgetMb }))
  const whole = getOrThrow(networkGradient(c.network, theta, c.trial, { ...solve, structure: 'monolithic', trajectoryBudgetMb: budgetMb }))
  t.deepEqual(Array.from(bounded.gradient), Array.from(whole.gradient))
  t.is(bounded.stats.memory, 'checkpoint')
  t.true(bounded.stats.recompute.steps > 0, 'the whole solve recomputed segments')
})
