import test from 'ava'
import { isRight } from 'fp-ts/lib/Either.js'
import { adjointGradient } from '../ode/adjointGradient.js'
import { checkGradient } from '../ode/finiteDifference.js'
import { solveForward } from '../ode/solveForward.js'
import { toyGate, toyLoss, toyNeuron } from '../plugin/check/toyPlugins.fixture.js'
import type { Loss } from '../plugin/loss.js'
import type { Trial } from '../plugin/task.js'
import { getOrThrow } from '../util/getOrThrow.js'
import { Rng } from '../util/rng.js'
import { createNetwork } from './createNetwork.js'
import { initialWeights } from './initialWeights.js'
import type { Network } from './network.js'
import { trialInitialState } from './networkEvents.js'
import { networkProblem } from './networkProblem.js'
import type { NetworkSpec } from './networkSpec.js'

/** Σ_j tau_j (s_j(T) − s_j(0)) + ∫ Σ s dt: the charge the synapses deliver (the spike count's form), per-neuron tau. */
const chargeLoss = (weight: number): Loss => ({
  kind: 'charge',
  value: (_t, _o, s) => {
    let v = 0
    for (let j = 0; j < s.length; j++) v += weight * s[j]!
    return v
  },
  gradient(_t, _o, s, _target, _w, _gradO, gradS) {
    for (let j = 0; j < s.length; j++) gradS[j] = gradS[j]! + weight
  },
  terminal: {
    value(sEnd, sStart, tau) {
      let v = 0
      for (let j = 0; j < sEnd.length; j++) v += weight * tau[j]! * (sEnd[j]! - sStart[j]!)
      return v
    },
    gradient(sEnd, sStart, tau, gradS, gradTau) {
      for (let j = 0; j < sEnd.length; j++) {
        gradS[j] = gradS[j]! + weight * tau[j]!
        gradTau[j] = gradTau[j]! + weight * (sEnd[j]! - sStart[j]!)
      }
    },
  },
})

/**
 * Everything at once, on a short trial: spike inputs and an analog input into a population of
 * two-variable neurons with a reset (trained tau_s and neuron parameters), a masked recurrence,
 * a frozen projection into a second population, a readout from both, and a terminal cost with
 * a tau_s per population. (The threshold v_th is not trained here: the gate's zone is placed at
 * the neuron's initial threshold, so a moved threshold resets the voltage at a kink of g′ and
 * the loss is only C¹ in v_th — finite differences then converge at first order and cannot
 * resolve the derivative to 1e-5, which the check duly reports.)
 */
const everything = (): NetworkSpec => ({
  inputs: [
    { name: 'in', kind: 'spikes', size: 2, tauS: 3 },
    { name: 'cue', kind: 'analog', size: 1 },
  ],
  populations: [
    { name: 'a', size: 3, neuron: toyNeuron(), gate: { shape: toyGate, width: 0.4 }, tauS: 4, train: { tauS: true, params: ['tau_m', 'v_r'] } },
    { name: 'b', size: 2, neuron: toyNeuron(), gate: { shape: toyGate, width: 0.4 }, tauS: 6 },
  ],
  projections: [
    { from: 'in', to: 'a', init: { kind: 'normal', std: 2 } },
    { from: 'cue', to: 'a', init: { kind: 'normal', std: 0.5 } },
    { from: 'a', to: 'a', connectivity: { mask: [[0, 1, 1], [1, 0, 0], [1, 1, 0]] }, init: { kind: 'normal', std: 0.5 } },
    { from: 'a', to: 'b', trained: false, init: { kind: 'normal', std: 1.5 } },
  ],
  readout: { size: 2, from: ['a', 'b'] },
  losses: [toyLoss(), chargeLoss(0.05)],
})

const trial: Trial = {
  duration: 30,
  input: (t, out) => void (out[0] = 0.6 + 0.4 * Math.sin(t / 4)),
  spikes: [Float64Array.of(-2, 3, 11.5, 20), Float64Array.of(0, 7.25)],
  target: (t, out) => ((out[0] = 0.05 * Math.sin(t / 5)), (out[1] = 0.02), 1),
}

function built(): { net: Network; theta: Float64Array } {
  const r = createNetwork(everything())
  if (!isRight(r)) throw new Error(r.left.message)
  const theta = initialWeights(r.right, new Rng(3))
  // drive the neurons over threshold now and then
  for (const b of r.right.layout.blocks) if (b.kind === 'bias') theta.fill(0.8, b.offset, b.offset + b.length)
  return { net: r.right, theta }
}

test('network problem — every block of a network with every kind of part agrees with finite differences (resets, spikes, masks, frozen blocks, trained tau_s and neuron parameters)', (t) => {
  const { net, theta } = built()
  const problem = networkProblem(net, trial)
  const iv = { t0: 0, t1: trial.duration, y0: trialInitialState(net, trial), theta }
  const g = getOrThrow(adjointGradient(problem, iv, { rtol: 1e-10, atol: 1e-12 }))
  const resets = g.events.filter((e) => e.family.startsWith('reset:')).length
  t.log(`${resets} resets, ${g.events.filter((e) => e.family === 'input-spike').length} input spikes, loss ${g.loss}`)
  t.true(resets >= 3, `${resets} resets`)
  t.is(g.events.filter((e) => e.family === 'input-spike').length, 4, 'the spikes in (0, T): 3, 11.5, 20 and 7.25')
  // every entry, each resolved by the oracle to 1% of the tolerance (1e-5 of its block)
  const report = getOrThrow(checkGradient(problem, iv, { adjoint: { rtol: 1e-10, atol: 1e-12 }, resolution: 1e-7 }))
  t.deepEqual(Object.keys(report.blocks), ['a<-in', 'a<-cue', 'a<-a', 'bias:a', 'bias:b', 'readout<-a', 'readout<-b', 'tau_s:a', 'tau_m:a', 'v_r:a'])
  for (const [name, b] of Object.entries(report.blocks)) {
    t.log(`${name}: ${b.maxRelativeError.toExponential(2)} over ${b.checked} (± ${b.uncertainty.toExponential(1)})`)
    t.true(b.maxRelativeError <= 1e-5, name)
    t.deepEqual(b.unresolved, [], name)
  }
  t.true(report.ok)
  const frozen = net.layout.blocks.find((b) => b.name === 'b<-a')!
  t.true(g.gradient.subarray(frozen.offset, frozen.offset + frozen.length).every((x) => x === 0), 'a frozen block has no gradient')
})

test('network problem — an input spike delivers one unit of charge into its trace, exactly at its time; spikes at t ≤ 0 are in the initial trace', (t) => {
  const r = createNetwork({
    inputs: [{ name: 'in', kind: 'spikes', size: 2, tauS: 5 }],
    populations: [{ name: 'a', size: 1, neuron: toyNeuron(), gate: { shape: toyGate, width: 0.4 }, tauS: 5 }],
    projections: [{ from: 'in', to: 'a' }],
    readout: { size: 0, from: [] },
    losses: [toyLoss(0, 0)],
  })
  if (!isRight(r)) return t.fail(r.left.message)
  const net = r.right
  const spikes: Trial = { duration: 200, input: () => undefined, spikes: [Float64Array.of(10, 50.5), Float64Array.of(-3)], target: () => 0 }
  const y0 = trialInitialState(net, spikes)
  const r0 = net.inputs[0]!.traceOffset
  t.is(y0[r0], 0)
  t.is(y0[r0 + 1], Math.exp(-3 / 5) / 5)
  const times = [0, 9.999, 10, 10.001, 50.5, 60, 200]
  const sol = getOrThrow(solveForward(networkProblem(net, spikes), { t0: 0, t1: 200, y0, theta: new Float64Array(net.layout.size) }, { rtol: 1e-12, atol: 1e-14 }, { saveAt: times }))
  const n = net.layout.stateSize
  const trace = (k: number) => sol.saved!.states[k * n + r0]!
  const exact = (t: number) => [10, 50.5].reduce((a, tk) => a + (t > tk ? Math.exp(-(t - tk) / 5) / 5 : 0), 0)
  times.forEach((time, k) => {
    if (time === 10 || time === 50.5) return // at the spike itself either side is right
    t.true(Math.abs(trace(k) - exact(time)) <= 1e-10, `r(${time}) = ${trace(k)}, exactly ${exact(time)}`)
  })
  t.deepEqual(sol.events.map((e) => [e.family, e.t]), [
    ['input-spike', 10],
    ['input-spike', 50.5],
  ])
  // the charge: ∫_0^T r dt + tau (r(T) − r(0)) = number of spikes in (0, T)
  const charge = getOrThrow(
    solveForward(
      { ...networkProblem(net, spikes), runningCost: { value: (_t, y) => y[r0]!, gradState: () => undefined } },
      { t0: 0, t1: 200, y0, theta: new Float64Array(net.layout.size) },
      { rtol: 1e-12, atol: 1e-14 },
    ),
  )
  t.true(Math.abs(charge.loss + 5 * (charge.y1[r0]! - y0[r0]!) - 2) <= 1e-9, `charge ${charge.loss + 5 * (charge.y1[r0]! - y0[r0]!)}`)
})

test('network problem — spike trains that do not fit the spike inputs are refused, naming the entry', (t) => {
  const { net } = built()
  t.throws(() => networkProblem(net, { ...trial, spikes: [Float64Array.of(1)] }), { message: /the trial gives 1 spike trains; the network's spike inputs have 2 channels/ })
  t.throws(() => networkProblem(net, { ...trial, spikes: [Float64Array.of(1), Float64Array.of(2, Number.NaN)] }), { message: /trial\.spikes\[1\]\[1\] must be a finite time in ms, got NaN/ })
})
