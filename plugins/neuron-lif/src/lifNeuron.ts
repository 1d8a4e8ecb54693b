import type { Neuron, NeuronReset, ParameterSpec } from '@spikegrad/core'
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
 * @param params - { tau_m, v_th, v_reset }; missing values take their defaults.
 * @throws Error naming the parameter when a value is unknown, non-finite, out of range, or when
 *   v_reset is not below v_th.
 * @example
 * const neuron = lifNeuron({ tau_m: 20, v_reset: -0.5 })
 */
export function lifNeuron(params: Readonly<Record<string, number>> = {}): Neuron {
  const resolved = resolveParameters('lif neuron', lifParameters, params)
  if ('errors' in resolved) throw new Error(resolved.errors.join('\n'))
  const [, vTh, vReset] = resolved.values
  if (!(vReset! < vTh!)) {
    throw new Error(`lif neuron: v_reset = ${vReset} must be below v_th = ${vTh} (a reset above threshold fires again at once)`)
  }
  return {
    kind: 'lif',
    stateNames: ['v'],
    voltageIndex: 0,
    parameters: lifParameters,
    defaults: resolved.values,
    gateZone: (p, width) => ({ center: p[1]! - width / 2 }),
    rhs,
    vjp,
    paramVjp,
    initialState: (_p, N, out) => void out.fill(0, 0, N),
    reset,
  }
}

// internals

/** out_j = (-v_j + I_j) / tau_m. */
function rhs(p: Float64Array, N: number, x: Float64Array, I: Float64Array, out: Float64Array): void {
  const rate = 1 / p[0]!
  for (let j = 0; j < N; j++) out[j] = rate * (I[j]! - x[j]!)
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
  const rate = 1 / p[0]!
  for (let j = 0; j < N; j++) {
    const l = rate * lam[j]!
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
  let sum = 0
  for (let j = 0; j < N; j++) sum += lam[j]! * (I[j]! - x[j]!)
  const tau = p[0]!
  acc[0] = acc[0]! - (scale * sum) / (tau * tau)
}

/** c_j = v_j - v_th (rising); v_j⁺ = v_reset. */
const reset: NeuronReset = {
  condition: (p, _N, j, x) => x[j]! - p[1]!,
  conditionGradient(_p, _N, _j, _x, out) {
    out[0] = 1
  },
  conditionParamGradient(_p, _N, _j, _x, scale, acc) {
    acc[1] = acc[1]! - scale
  },
  jump(p, _N, j, x) {
    x[j] = p[2]!
  },
  jumpVjp(_p, _N, j, _xMinus, lam) {
    lam[j] = 0
  },
  jumpParamVjp(_p, _N, j, _xMinus, lam, acc) {
    acc[2] = acc[2]! + lam[j]!
  },
}
