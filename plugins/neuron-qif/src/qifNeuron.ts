import type { Neuron, ParameterSpec, ParameterValue } from '@spikegrad/core'
import { resolveParameters } from '@spikegrad/core'

// model

/**
 * Parameters of the theta neuron: tau_v, the membrane time constant in ms (default 2, trainable).
 */
export const qifParameters: readonly ParameterSpec[] = [
  {
    name: 'tau_v',
    value: 2,
    unit: 'ms',
    description: 'membrane time constant of the phase equation',
    trainable: true,
    min: 1e-3,
  },
]

// constructors

/**
 * The quadratic integrate-and-fire neuron in its reset-free phase ("theta") form,
 *
 *     tau_v dθ/dt = (1 - cos θ) + (1 + cos θ) I         (t in ms, I dimensionless)
 *
 * which is tau_v dV/dt = V² + I under V = tan(θ/2). One state variable θ (the voltage the gate
 * reads); a spike is θ passing π (mod 2π), so the gate zone is centred on π with period 2π and
 * there is no reset event. For I > 0 the neuron fires with period π tau_v / √I; for I < 0 it
 * rests at θ* = -arccos((1 + I)/(1 - I)). The initial state is θ = 0, the rest point at I = 0.
 *
 * tau_v may be one value per population or one per neuron (a list or a rule; see `ParameterInit`).
 *
 * @param params - { tau_v } in ms; missing values take their defaults.
 * @throws Error naming the parameter when a value is unknown, non-finite or out of range.
 * @example
 * const neuron = qifNeuron({ tau_v: 5 })
 */
export function qifNeuron(params: Readonly<Record<string, ParameterValue>> = {}): Neuron {
  const resolved = resolveParameters('qif neuron', qifParameters, params, { perNeuron: true })
  if ('errors' in resolved) throw new Error(resolved.errors.join('\n'))
  return {
    kind: 'qif',
    stateNames: ['theta'],
    voltageIndex: 0,
    parameters: qifParameters,
    defaults: resolved.values,
    perNeuronParameters: true,
    ...(Object.keys(resolved.perNeuron).length > 0 && { perNeuron: resolved.perNeuron }),
    gateZone: () => ({ center: Math.PI, period: 2 * Math.PI }),
    rhs,
    vjp,
    paramVjp,
    initialState: (_p, N, out) => void out.fill(0, 0, N),
  }
}

// internals

/** out_j = [(1 - cos θ_j) + (1 + cos θ_j) I_j] / tau_v. */
function rhs(p: Float64Array, N: number, x: Float64Array, I: Float64Array, out: Float64Array): void {
  const shared = p.length === 1
  const rate = 1 / p[0]!
  for (let j = 0; j < N; j++) {
    const c = Math.cos(x[j]!)
    out[j] = (shared ? rate : 1 / p[j]!) * (1 - c + (1 + c) * I[j]!)
  }
}

/** ∂f/∂θ = sin θ (1 - I) / tau_v,  ∂f/∂I = (1 + cos θ) / tau_v. */
function vjp(
  p: Float64Array,
  N: number,
  x: Float64Array,
  I: Float64Array,
  lam: Float64Array,
  outX: Float64Array,
  outI: Float64Array,
): void {
  const shared = p.length === 1
  const rate = 1 / p[0]!
  for (let j = 0; j < N; j++) {
    const th = x[j]!
    const l = (shared ? rate : 1 / p[j]!) * lam[j]!
    outX[j] = Math.sin(th) * (1 - I[j]!) * l
    outI[j] = (1 + Math.cos(th)) * l
  }
}

/** ∂f/∂tau_v = -f / tau_v. */
function paramVjp(
  p: Float64Array,
  N: number,
  x: Float64Array,
  I: Float64Array,
  lam: Float64Array,
  scale: number,
  acc: Float64Array,
): void {
  if (p.length === 1) {
    let sum = 0
    for (let j = 0; j < N; j++) {
      const c = Math.cos(x[j]!)
      sum += lam[j]! * (1 - c + (1 + c) * I[j]!)
    }
    const tau = p[0]!
    acc[0] = acc[0]! - (scale * sum) / (tau * tau)
    return
  }
  for (let j = 0; j < N; j++) {
    const c = Math.cos(x[j]!)
    const tau = p[j]!
    acc[j] = acc[j]! - (scale * lam[j]! * (1 - c + (1 + c) * I[j]!)) / (tau * tau)
  }
}
