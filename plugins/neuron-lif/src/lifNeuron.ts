import type { LeakyIntegrator, Neuron, NeuronReset, ParameterSpec, ParameterValue } from '@spikegrad/core'
import { resolveParameters } from '@spikegrad/core'

// model

/**
 * Parameters of the LIF neuron, in the order of `p`: tau_m (ms, default 10), v_th (default 1)
 * and v_reset (default 0), all trainable. The voltage is dimensionless (in units of the drive).
 */
export const lifParameters: readonly ParameterSpec[] = [
  { name: 'tau_m', value: 10, unit: 'ms', description: 'membrane time constant', trainable: true, min: 1e-3 },
  { name: 'v_th', value: 1, unit: '1', description: 'threshold: v rising through it fires a spike', trainable: true },
  { name: 'v_reset', value: 0, unit: '1', description: 'value v jumps to after a spike (below v_th)', trainable: true },
]

const P = lifParameters.length
const TAU = 0
const V_TH = 1
const V_RESET = 2

// constructors

/**
 * The leaky integrate-and-fire neuron,
 *
 *     tau_m dv/dt = -v + I        (t in ms, v and I dimensionless)
 *
 * with a reset event: when v rises through v_th it jumps to v_reset (condition c = v - v_th,
 * ∂c/∂v_th = -1; jump v⁺ = v_reset, ∂v⁺/∂v = 0, ∂v⁺/∂v_reset = 1). The gate zone lies just below
 * the threshold, [v_th - width, v_th], so a spike's charge is delivered on the way up. With a
 * constant I > v_th it fires every tau_m ln((I - v_reset)/(I - v_th)) ms. Initial state: v = 0,
 * the rest point without input.
 *
 * Each parameter may be one value per population or one per neuron (a list, or a rule such as
 * `{ kind: 'log-normal', median: 10, sigma: 0.3 }`; the network checks the list's length and
 * draws the rule): its functions read per-neuron tables (`perNeuronParameters`).
 *
 * @param params - { tau_m, v_th, v_reset }; missing values take their defaults.
 * @throws Error naming the parameter when a value is unknown, non-finite, out of range, or when
 *   v_reset is not below v_th.
 * @example
 * const neuron = lifNeuron({ tau_m: 20, v_reset: -0.5 })
 * const mixed = lifNeuron({ tau_m: [5, 10, 20], v_th: { kind: 'uniform', min: 0.9, max: 1.1 } })
 */
export function lifNeuron(params: Readonly<Record<string, ParameterValue>> = {}): Neuron {
  const resolved = resolveParameters('lif neuron', lifParameters, params, { perNeuron: true })
  if ('errors' in resolved) throw new Error(resolved.errors.join('\n'))
  checkResetBelowThreshold(params, resolved.values)
  const perNeuron = resolved.perNeuron
  return {
    kind: 'lif',
    stateNames: ['v'],
    voltageIndex: 0,
    parameters: lifParameters,
    defaults: resolved.values,
    perNeuronParameters: true,
    ...(Object.keys(perNeuron).length > 0 && { perNeuron }),
    gateZone: (p, width) => ({ center: p[V_TH]! - width / 2 }),
    rhs,
    vjp,
    paramVjp,
    initialState: (_p, N, out) => void out.fill(0, 0, N),
    reset,
    leaky,
  }
}

// internals

/** v_reset < v_th, for every neuron whose two values are known here (numbers, or lists entry by entry). */
function checkResetBelowThreshold(params: Readonly<Record<string, ParameterValue>>, values: Float64Array): void {
  const th = params.v_th ?? values[V_TH]!
  const re = params.v_reset ?? values[V_RESET]!
  const known = (v: ParameterValue): v is number | readonly number[] => typeof v === 'number' || Array.isArray(v)
  if (!known(th) || !known(re)) return
  const n = Math.max(typeof th === 'number' ? 1 : th.length, typeof re === 'number' ? 1 : re.length)
  for (let j = 0; j < n; j++) {
    const a = typeof th === 'number' ? th : th[j]
    const b = typeof re === 'number' ? re : re[j]
    if (a === undefined || b === undefined) return
    if (!(b < a)) {
      const which = n > 1 ? ` (neuron ${j})` : ''
      throw new Error(`lif neuron: v_reset = ${b} must be below v_th = ${a}${which} (a reset above threshold fires again at once)`)
    }
  }
}

/** out_j = (-v_j + I_j) / tau_m,j. */
function rhs(p: Float64Array, N: number, x: Float64Array, I: Float64Array, out: Float64Array): void {
  if (p.length === P) {
    const rate = 1 / p[TAU]!
    for (let j = 0; j < N; j++) out[j] = rate * (I[j]! - x[j]!)
    return
  }
  for (let j = 0; j < N; j++) out[j] = (I[j]! - x[j]!) / p[j]!
}

/** ∂f/∂v = -1/tau_m, ∂f/∂I = 1/tau_m. */
function vjp(
  p: Float64Array,
  N: number,
  _x: Float64Array,
  _I: Float64Array,
  lam: Float64Array,
  outX: Float64Array,
  outI: Float64Array,
): void {
  const shared = p.length === P
  const rate = 1 / p[TAU]!
  for (let j = 0; j < N; j++) {
    const l = shared ? rate * lam[j]! : lam[j]! / p[j]!
    outX[j] = -l
    outI[j] = l
  }
}

/** ∂f/∂tau_m = -f / tau_m; f does not depend on v_th or v_reset. */
function paramVjp(
  p: Float64Array,
  N: number,
  x: Float64Array,
  I: Float64Array,
  lam: Float64Array,
  scale: number,
  acc: Float64Array,
): void {
  if (p.length === P) {
    let sum = 0
    for (let j = 0; j < N; j++) sum += lam[j]! * (I[j]! - x[j]!)
    const tau = p[TAU]!
    acc[TAU] = acc[TAU]! - (scale * sum) / (tau * tau)
    return
  }
  for (let j = 0; j < N; j++) {
    const tau = p[j]!
    acc[j] = acc[j]! - (scale * lam[j]! * (I[j]! - x[j]!)) / (tau * tau)
  }
}

/** The index of parameter k of neuron j in p (shared or per-neuron table). */
const at = (p: Float64Array, N: number, k: number, j: number): number => (p.length === P ? k : k * N + j)

/** The LIF neuron is the leaky integrator of its contract: tau_m, v_th, v_reset of neuron j. */
const leaky: LeakyIntegrator = {
  tau: (p, N, j) => p[at(p, N, TAU, j)]!,
  threshold: (p, N, j) => p[at(p, N, V_TH, j)]!,
  resetValue: (p, N, j) => p[at(p, N, V_RESET, j)]!,
}

/** c_j = v_j - v_th,j (rising); v_j⁺ = v_reset,j. */
const reset: NeuronReset = {
  condition: (p, N, j, x) => x[j]! - p[at(p, N, V_TH, j)]!,
  conditionGradient(_p, _N, _j, _x, out) {
    out[0] = 1
  },
  conditionParamGradient(p, N, j, _x, scale, acc) {
    const i = at(p, N, V_TH, j)
    acc[i] = acc[i]! - scale
  },
  jump(p, N, j, x) {
    x[j] = p[at(p, N, V_RESET, j)]!
  },
  jumpVjp(_p, _N, j, _xMinus, lam) {
    lam[j] = 0
  },
  jumpParamVjp(p, N, j, _xMinus, lam, acc) {
    const i = at(p, N, V_RESET, j)
    acc[i] = acc[i]! + lam[j]!
  },
}
