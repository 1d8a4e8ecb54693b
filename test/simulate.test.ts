import test from 'ava'
import { createNetwork, getOrThrow, packWeights, simulate, type Trial, recurrentNetwork, recurrentWeights } from '@spikegrad/core'
import { raisedCosineGate, polyBumpGate } from '@spikegrad/gates'
import { mseLoss } from '@spikegrad/losses'
import { lifNeuron } from '@spikegrad/neuron-lif'
import { qifNeuron } from '@spikegrad/neuron-qif'
import { isRight } from 'fp-ts/lib/Either.js'

/** A trial with no input and a zero target over [0, T]. */
const silent = (T: number): Trial => ({ duration: T, input: () => undefined, target: (_t, out) => ((out[0] = 0), 1) })
const solve = { rtol: 1e-10, atol: 1e-12 }

/** One neuron driven by its bias b alone (W = 0), read out with O = 1. */
function single(neuron: ReturnType<typeof qifNeuron>, gate: ReturnType<typeof raisedCosineGate>, b: number) {
  const net = createNetwork(recurrentNetwork({ neuron, gate, sizes: { inputs: 0, neurons: 1, outputs: 1 }, tauS: 10, losses: [mseLoss()] }))
  if (!isRight(net)) throw new Error(net.left.message)
  const theta = packWeights(net.right, recurrentWeights({ U: [[]], W: [[0]], b: [b], O: [[1]] }))
  if (!isRight(theta)) throw new Error(theta.left.message)
  return { network: net.right, theta: theta.right }
}

test('simulate — a theta neuron under constant drive I spikes at π tau_v / (2√I), then every π tau_v / √I', (t) => {
  const tauV = 2
  const I = 0.25
  const { network, theta } = single(qifNeuron({ tau_v: tauV }), raisedCosineGate({ width: 1, center: Math.PI, period: 2 * Math.PI }), I)
  const sim = getOrThrow(simulate(network, theta, silent(100), { dt: 0.1, solve, voltages: true, traces: true }))
  const period = (Math.PI * tauV) / Math.sqrt(I)
  const expected = Array.from({ length: Math.floor((100 - period / 2) / period) + 1 }, (_, k) => period / 2 + k * period)
  t.is(sim.spikeCounts[0], expected.length)
  // linear interpolation across θ = π, where θ'' = 0: the error is O(dt³), ≈ 6e-6 ms at dt = 0.1 ms
  sim.spikes[0].forEach((s, k) => t.true(Math.abs(s - expected[k]) <= 1e-5, `spike ${k} at ${s}, expected ${expected[k]}`))
  t.is(sim.readout.times.length, 1001)
  t.is(sim.readout.times[1000], 100)
  t.is(sim.voltages!.length, 1001)
  // the readout is O s = s with O = 1
  t.deepEqual(Array.from(sim.readout.values), Array.from(sim.traces!))
})

test('simulate — spikes of a neuron with a reset are its reset events: LIF period tau_m ln((I - v_r)/(I - v_th))', (t) => {
  const I = 1.5
  const { network, theta } = single(lifNeuron({ tau_m: 10, v_th: 1, v_reset: 0 }), polyBumpGate({ width: 0.2, center: 0.9 }), I)
  const sim = getOrThrow(simulate(network, theta, silent(200), { solve }))
  const period = 10 * Math.log(I / (I - 1))
  t.is(sim.spikeCounts[0], Math.floor(200 / period))
  sim.spikes[0].forEach((s, k) => t.true(Math.abs(s - (k + 1) * period) <= 1e-6, `spike ${k} at ${s}, expected ${(k + 1) * period}`))
  t.is(sim.traces, undefined)
})

test('simulate — a bad grid spacing is an error value naming dt', (t) => {
  const { network, theta } = single(qifNeuron(), raisedCosineGate({ width: 1, center: Math.PI, period: 2 * Math.PI }), 0.1)
  const r = simulate(network, theta, silent(10), { dt: 0 })
  t.true(!isRight(r) && r.left.message.includes('dt must be a positive number'))
})
