import type { PluginNames } from './pluginNames.js'
import type { KindTemplate } from './kindTemplate.js'

/**
 * A neuron plugin's stub: a correct one-variable leaky integrate-and-fire neuron with reset,
 * tau_m dv/dt = -v + I, v → v_reset when v rises through v_th, whose doc comment states what
 * every member of core's `Neuron` contract computes, so that an author edits working code.
 */
export function neuronTemplate(n: PluginNames): KindTemplate {
  const params = `${n.camel}Parameters`
  return {
    token: 'NeuronFactoryToken',
    factoryType: 'NeuronFactory',
    description: `The ${n.name} neuron for spikegrad`,
    checkOptions: '{ currentRange: [-2, 3] }',
    source: `import type { Neuron, NeuronReset, ParameterSpec } from '@spikegrad/core'
import { resolveParameters } from '@spikegrad/core'

// model

/** Parameters, in the order of \`p\`: tau_m (ms), v_th and v_reset (in units of the drive I). */
export const ${params}: readonly ParameterSpec[] = [
  { name: 'tau_m', value: 10, unit: 'ms', description: 'membrane time constant', trainable: true, min: 1e-3 },
  { name: 'v_th', value: 1, unit: '1', description: 'threshold: v rising through it is a spike', trainable: true },
  { name: 'v_reset', value: 0, unit: '1', description: 'the value v jumps to at a spike', trainable: true },
]
/** Indices into \`p\`. */
const TAU_M = 0
const V_TH = 1
const V_RESET = 2
/** Indices of the state variables: variable a of neuron j is x[a * N + j]. */
const V = 0

// constructors

/**
 * The '${n.name}' neuron. As scaffolded, a leaky integrate-and-fire neuron (edit the equations):
 *
 *     tau_m dv/dt = -v + I                        (t in ms)
 *     reset: when c = v - v_th rises through 0,   v⁺ = v_reset
 *
 * What each member of core's \`Neuron\` computes, for neurons j = 0 … N-1, state variables
 * a, b = 0 … S-1 (S = stateNames.length, stored variable-major: x[a*N + j]) and parameters p_k:
 *
 *     rhs        out[a*N+j]  = f_a(x_j, I_j)
 *     vjp        outX[a*N+j] = Σ_b ∂f_b/∂x_a · lam[b*N+j]     outI[j] = Σ_b ∂f_b/∂I · lam[b*N+j]   (overwrite)
 *     paramVjp   acc[k]     += scale · Σ_j Σ_b ∂f_b/∂p_k · lam[b*N+j]                         (accumulate)
 *     reset.condition               c_j(x); the event fires when it rises through 0
 *     reset.conditionGradient       out[a] = ∂c_j/∂x_a
 *     reset.conditionParamGradient  acc[k] += scale · ∂c_j/∂p_k
 *     reset.jump                    x_j ← h(x_j⁻), in place
 *     reset.jumpVjp                 lam_j ← (∂h/∂x)ᵀ lam_j⁺, the Jacobian at x⁻
 *     reset.jumpParamVjp            acc[k] += Σ_b ∂h_b/∂p_k · lam[b*N+j]
 *     gateZone                      the centre of the synapse gate's zone on x[voltageIndex]
 *     initialState                  the resting state
 *
 * Every function is allocation-free and writes into the caller's arrays; \`checkPlugin\` (see
 * the test) checks every derivative against central differences of rhs, condition and jump.
 *
 * @param params - named values; missing ones take their defaults.
 * @throws Error naming the parameter when a value is unknown, not finite or out of range.
 */
export function ${n.factory}(params: Readonly<Record<string, number>> = {}): Neuron {
  const resolved = resolveParameters('${n.name} neuron', ${params}, params)
  if ('errors' in resolved) throw new Error(resolved.errors.join('\\n'))
  return {
    kind: '${n.name}',
    stateNames: ['v'],
    voltageIndex: V,
    parameters: ${params},
    defaults: resolved.values,
    gateZone: (p, width) => ({ center: p[V_TH]! - width / 2 }),
    rhs,
    vjp,
    paramVjp,
    initialState: (_p, N, out) => void out.fill(0, V * N, (V + 1) * N),
    reset,
  }
}

// internals

/** f_v = (-v + I) / tau_m. */
function rhs(p: Float64Array, N: number, x: Float64Array, I: Float64Array, out: Float64Array): void {
  const rate = 1 / p[TAU_M]!
  for (let j = 0; j < N; j++) out[V * N + j] = rate * (I[j]! - x[V * N + j]!)
}

/** ∂f_v/∂v = -1/tau_m, ∂f_v/∂I = 1/tau_m. */
function vjp(p: Float64Array, N: number, _x: Float64Array, _I: Float64Array, lam: Float64Array, outX: Float64Array, outI: Float64Array): void {
  const rate = 1 / p[TAU_M]!
  for (let j = 0; j < N; j++) {
    outX[V * N + j] = -rate * lam[V * N + j]!
    outI[j] = rate * lam[V * N + j]!
  }
}

/** ∂f_v/∂tau_m = -f_v / tau_m; f does not depend on v_th or v_reset. */
function paramVjp(p: Float64Array, N: number, x: Float64Array, I: Float64Array, lam: Float64Array, scale: number, acc: Float64Array): void {
  const tau = p[TAU_M]!
  let sum = 0
  for (let j = 0; j < N; j++) sum += lam[V * N + j]! * (I[j]! - x[V * N + j]!)
  acc[TAU_M] = acc[TAU_M]! - (scale * sum) / (tau * tau)
}

/** c_j = v_j - v_th; h(v) = v_reset, so ∂h/∂v = 0 and ∂h/∂v_reset = 1. */
const reset: NeuronReset = {
  condition: (p, N, j, x) => x[V * N + j]! - p[V_TH]!,
  conditionGradient(_p, _N, _j, _x, out) {
    out[V] = 1
  },
  conditionParamGradient(_p, _N, _j, _x, scale, acc) {
    acc[V_TH] = acc[V_TH]! - scale
  },
  jump(p, N, j, x) {
    x[V * N + j] = p[V_RESET]!
  },
  jumpVjp(_p, N, j, _xMinus, lam) {
    lam[V * N + j] = 0
  },
  jumpParamVjp(_p, N, j, _xMinus, lam, acc) {
    acc[V_RESET] = acc[V_RESET]! + lam[V * N + j]!
  },
}
`,
  }
}
