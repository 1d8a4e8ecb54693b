import { createNetwork, recurrentNetwork, Rng, smoothRandomSignal, type InitialValue, type Network, type NetworkSpec, type Trial } from '@spikegrad/core'
import { raisedCosineGate } from '@spikegrad/gates'
import { mseLoss } from '@spikegrad/losses'
import { qifNeuron } from '@spikegrad/neuron-qif'

// -------------------------------------------------------------------------------------
// model
// -------------------------------------------------------------------------------------

/** One benchmark network: N theta neurons on a trial of T ms, drawn from a seed. */
interface BenchNetworkSpec {
  /** Number of neurons N. */
  readonly n: number
  /** Trial length T, ms. */
  readonly tMs: number
  /** Seed of the weights, initial phases, input and target (default {@link benchSeed}). */
  readonly seed?: number
}

/** A benchmark network ready to solve. */
export interface BenchNetwork {
  readonly network: Network
  readonly trial: Trial
  readonly initialValue: InitialValue
  /** The specification the network was built from, when it has one. */
  readonly spec?: NetworkSpec
}

/** The default seed of every benchmark network. */
export const benchSeed = 2018

/**
 * The recurrent QIF network of the benchmark and how it is drawn (all times in ms):
 * theta neurons (tau_v = 2 ms), raised-cosine gate of width 0.6π centred on π, tau_s = 10 ms,
 * 2 inputs, 2 readouts, an MSE loss. With N(μ, σ²) normal draws:
 *
 *     W_jk ~ N(0, g²/N), g = {@link benchGain};  U_jm ~ N(0, 1);  b_j ~ U(b_lo, b_hi);  O_rj ~ N(0, 1/N)
 *     i(t): smooth random signal, 2 channels, correlation time 50 ms, amplitude {@link benchInputAmplitude}
 *     o*(t): an independent smooth random signal, 2 channels, correlation time 100 ms, amplitude 0.5
 *     θ_j(0) ~ U(-π, π), s_j(0) = 0
 *
 * The drive b lies around the firing threshold (I = 0 for the theta neuron, where the rate is
 * √I / (π tau_v)), and the input (U i has a standard deviation of about 0.3) moves each neuron
 * in and out of firing: the network fires irregularly (ISI CV ≈ 1.5) at 30–40 Hz, no neuron
 * silent. The gain g = 1 keeps the gradient bounded over the longest trials (max |dL/dθ| a few
 * hundred at T = 4000 ms); with g = 2–3 the network is chaotic and the gradient grows
 * exponentially with T (≈ 1e10 at T = 1000 ms for g = 2, N = 20), which is no workload a
 * training run would see. The same seed gives the same network bit for bit; the
 * weights depend only on N and the seed (not on T), so the cases of one N share a network.
 */
export function benchNetwork(spec: BenchNetworkSpec): BenchNetwork {
  const { n: N, tMs: T } = spec
  const rng = new Rng(spec.seed ?? benchSeed)
  const weights = rng.fork()
  const signals = rng.fork()
  const normal = (sd: number): number => sd * weights.normal()
  const W = Array.from({ length: N * N }, () => normal(benchGain / Math.sqrt(N)))
  const U = Array.from({ length: N * 2 }, () => normal(1))
  const b = Array.from({ length: N }, () => weights.between(benchDrive[0], benchDrive[1]))
  const O = Array.from({ length: 2 * N }, () => normal(1 / Math.sqrt(N)))
  const phases = Array.from({ length: N }, () => weights.between(-Math.PI, Math.PI))

  const neuron = qifNeuron({ tau_v: 2 })
  const networkSpec = recurrentNetwork({
    neuron,
    gate: raisedCosineGate({ width: 0.6 * Math.PI, center: Math.PI, period: 2 * Math.PI }),
    sizes: { inputs: 2, neurons: N, outputs: 2 },
    tauS: 10,
    losses: [mseLoss()],
    initialState: [...phases, ...new Array<number>(N).fill(0)],
  })
  const net = createNetwork(networkSpec)
  if (net._tag === 'Left') throw new Error(`benchNetwork: ${net.left.message}`)
  const theta = new Float64Array(net.right.layout.size)
  const offset = (name: string): number => net.right.layout.blocks.find((b) => b.name === name)!.offset
  theta.set(U, offset('hidden<-input'))
  theta.set(W, offset('hidden<-hidden'))
  theta.set(b, offset('bias:hidden'))
  theta.set(O, offset('readout<-hidden'))

  const input = smoothRandomSignal(signals.fork(), { channels: 2, duration: T, correlationTime: 50, amplitude: benchInputAmplitude })
  const target = smoothRandomSignal(signals.fork(), { channels: 2, duration: T, correlationTime: 100, amplitude: 0.5 })
  const trial: Trial = {
    duration: T,
    input: (t, out) => input.at(t, out),
    target(t, out) {
      target.at(t, out)
      return 1
    },
  }
  return { network: net.right, trial, initialValue: { t0: 0, t1: T, y0: net.right.initialState, theta }, spec: networkSpec }
}

/** Gain g of the recurrent weights, W ~ N(0, g²/N). */
export const benchGain = 1

/** Range [b_lo, b_hi] of the constant drive b. */
export const benchDrive: readonly [number, number] = [-0.05, 0.05]

/** Standard deviation of each input channel (U i(t) then has standard deviation about √2 times this). */
export const benchInputAmplitude = 0.2
