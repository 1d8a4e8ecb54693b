import type { Network } from '../network/network.js'
import type { Rng } from '../util/rng.js'

/** Scales of the random initial weights (dimensionless, like the current I). */
export interface InitialWeightOptions {
  /** U_jm ~ N(0, inputScale²). */
  readonly inputScale?: number
  /** W_jk ~ N(0, recurrentGain² / N) for k ≠ j. */
  readonly recurrentGain?: number
  /**
   * W_jj = selfCoupling (default 0). A strong self-excitation (≈ 10 for theta neurons with
   * tau_v = 2 ms, tau_s = 10 ms) makes each neuron bistable — silent, or firing at a few
   * hundred Hz that its own trace sustains — so a pulse can switch it on and the network holds
   * what it saw for as long as the trial lasts: the memory lives in the recurrent weights from
   * the first step, and training shapes it (as an identity start does for rate networks).
   */
  readonly selfCoupling?: number
  /** b_j ~ U[biasMin, biasMax). */
  readonly biasMin?: number
  readonly biasMax?: number
  /** O_rj ~ N(0, readoutScale² / N). */
  readonly readoutScale?: number
}

/**
 * Defaults chosen for theta (QIF) networks, tau_v = 2 ms, tau_s = 10 ms, inputs of order 1:
 * - inputScale 1: an input of 1 through |U| = 1 drives a neuron at I ≈ 1, firing every
 *   π tau_v / √I ≈ 6 ms, so the pulses and signals of the tasks make spikes from the start;
 * - recurrentGain 1, selfCoupling 0: each trace s_k carries one unit of charge per spike (peak 1/tau_s), so
 *   the recurrent current Σ_k W_jk s_k is a perturbation of order 0.1 at first;
 * - biases in [-0.2, 0.05): most neurons rest just below the threshold I = 0 (θ* near 0)
 *   and a few fire slowly, so every neuron is close to its rheobase and sensitive to input;
 * - readoutScale 1: the readout Σ_j O_rj s_j starts small (|o| ≲ 0.1), near the mean target.
 */
export const defaultInitialWeightOptions: Required<InitialWeightOptions> = {
  inputScale: 1,
  recurrentGain: 1,
  selfCoupling: 0,
  biasMin: -0.2,
  biasMax: 0.05,
  readoutScale: 1,
}

/**
 * Random initial parameters θ for `network` drawn from `rng`, in the order U (row-major),
 * W, b, O (see `defaultInitialWeightOptions` for the distributions). Trained tau_s and neuron
 * parameters start at the network's fixed values. The same generator state gives the same θ.
 */
export function initialWeights(network: Network, rng: Rng, options: InitialWeightOptions = {}): Float64Array {
  const o = { ...defaultInitialWeightOptions, ...options }
  const { layout } = network
  const { inputs: Nin, neurons: N, outputs: Nout } = layout.sizes
  const theta = new Float64Array(layout.size)
  for (let i = 0; i < N * Nin; i++) theta[layout.U + i] = o.inputScale * rng.normal()
  const wScale = o.recurrentGain / Math.sqrt(N)
  for (let j = 0; j < N; j++) {
    for (let k = 0; k < N; k++) theta[layout.W + j * N + k] = j === k ? o.selfCoupling : wScale * rng.normal()
  }
  for (let j = 0; j < N; j++) theta[layout.b + j] = rng.between(o.biasMin, o.biasMax)
  const oScale = o.readoutScale / Math.sqrt(N)
  for (let i = 0; i < Nout * N; i++) theta[layout.O + i] = oScale * rng.normal()
  if (layout.tauS >= 0) theta[layout.tauS] = network.tauS
  layout.neuronParams.forEach((off, k) => {
    if (off >= 0) theta[off] = network.neuronParams[k]
  })
  return theta
}
