import type { Neuron } from '../neuron.js'
import { Rng } from '../../util/rng.js'
import { formatNumber } from './pluginCheckReport.js'
import { guardedInput, guardedOutput } from './guardedArrays.js'
import { neuronState } from './comparison.js'

/** Options of `checkNeuron`. */
export interface NeuronCheckOptions {
  /** Seed of the sampler (core's `Rng`). Default 1. */
  readonly seed?: number
  /** Number of random states (each with its own currents and adjoint vectors). Default 12. */
  readonly samples?: number
  /** Population size. Default 3. */
  readonly N?: number
  /** Relative tolerance of derivative checks. Default 1e-6. */
  readonly tolerance?: number
  /** Floor ratio of the error measure (see `PluginCheck`). Default 1e-3. */
  readonly floorRatio?: number
  /** Sampling range [lo, hi] of each state variable, in `stateNames` order. Default [-2, 2]. */
  readonly stateRanges?: readonly (readonly [number, number])[]
  /** Sampling range of the input current I. Default [-2, 2]. */
  readonly currentRange?: readonly [number, number]
  /** Parameter values to check at, in the order of `parameters`. Default `neuron.defaults`. */
  readonly parameters?: Float64Array
}

/** One random point of a neuron check: state, currents and an adjoint vector. */
export interface NeuronSample {
  readonly index: number
  readonly x: Float64Array
  readonly I: Float64Array
  readonly lam: Float64Array
}

/** What every part of a neuron check shares. */
export class NeuronCheckContext {
  readonly S: number
  readonly n: number
  readonly N: number
  readonly P: number
  readonly p: Float64Array
  readonly rng: Rng
  readonly samples: number
  readonly trainable: readonly number[]

  constructor(
    readonly neuron: Neuron,
    readonly options: NeuronCheckOptions,
  ) {
    this.S = neuron.stateNames.length
    this.N = options.N ?? 3
    this.n = this.S * this.N
    this.P = neuron.parameters.length
    const p = new Float64Array(this.P)
    p.set(options.parameters ?? neuron.defaults)
    this.p = p
    this.rng = new Rng(options.seed ?? 1)
    this.samples = options.samples ?? 12
    this.trainable = neuron.parameters.flatMap((spec, k) => (spec.trainable === true ? [k] : []))
  }

  /** Draws a state, currents and λ, each with a NaN guard tail. */
  sample(index: number): NeuronSample {
    const { S, N, n, rng } = this
    const x = guardedInput(n)
    const I = guardedInput(N)
    const lam = guardedInput(n)
    for (let a = 0; a < S; a++) {
      const [lo, hi] = this.options.stateRanges?.[a] ?? [-2, 2]
      for (let j = 0; j < N; j++) x[a * N + j] = rng.between(lo, hi)
    }
    const [ilo, ihi] = this.options.currentRange ?? [-2, 2]
    for (let j = 0; j < N; j++) I[j] = rng.between(ilo, ihi)
    for (let i = 0; i < n; i++) lam[i] = rng.normal()
    return { index, x, I, lam }
  }

  /** "sample 3, neuron 1 (x = [0.5], I = 0.2)". */
  where(s: NeuronSample, j: number): string {
    return `sample ${s.index}, neuron ${j} (${this.neuron.stateNames.join(', ')} = ${neuronState(s.x, this.N, this.S, j)}, I = ${formatNumber(s.I[j]!)})`
  }

  /**
   * Σ_i lam_i ∂f_i/∂target[k] by central differences of `rhs` over the first S·N components,
   * differencing component-wise so that components untouched by the step cancel exactly.
   * `target` is x, I or p (the function perturbs and restores target[k]).
   */
  rhsVjpReference(s: NeuronSample, target: Float64Array, k: number, p: Float64Array = this.p): number {
    const { neuron, N, n } = this
    const fp = guardedOutput(n)
    const fm = guardedOutput(n)
    const t0 = target[k]!
    const h = 1e-6 * (1 + Math.abs(t0))
    const tp = t0 + h
    const tm = t0 - h
    target[k] = tp
    neuron.rhs(p, N, s.x, s.I, fp)
    target[k] = tm
    neuron.rhs(p, N, s.x, s.I, fm)
    target[k] = t0
    let sum = 0
    for (let i = 0; i < n; i++) sum += s.lam[i]! * (fp[i]! - fm[i]!)
    return sum / (tp - tm)
  }
}
