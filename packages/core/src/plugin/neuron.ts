import type { ParameterSpec } from './parameterSpec.js'
import type { ParameterValue, PerNeuronValue } from './parameterValue.js'

/**
 * A population of N neurons of one model, vectorised.
 *
 * State layout is variable-major: variable `a` of neuron `j` lives at `x[a * N + j]`, for
 * `a = 0 .. stateNames.length - 1`. Arrays passed in may be longer than `stateSize * N`
 * (the network passes its whole state vector); read and write only the first
 * `stateSize * N` entries. The parameter values `p` are in the order of `parameters`: one value
 * of each parameter that all N neurons share (`p.length = P`, P = `parameters.length`) or, for a
 * neuron that declares `perNeuronParameters`, possibly a per-neuron table (any other length, at
 * least P·N; parameter-major like the state: parameter k of neuron j at `p[k * N + j]`). Every `acc` that
 * the parameter derivatives accumulate into has the layout of `p`: with P values it sums over
 * the neurons, with a table it keeps one entry per neuron. (With N = 1 the two agree.)
 *
 * All functions are allocation-free and write into the caller's arrays.
 * Units: time in ms, so `rhs` returns per-ms rates.
 */
export interface Neuron {
  /** Name the plugin is registered under, e.g. 'qif'. */
  readonly kind: string
  /** One name per state variable; `stateNames.length` is the state size. */
  readonly stateNames: readonly string[]
  /** Index (into `stateNames`) of the voltage that the synapse gate reads. */
  readonly voltageIndex: number
  /** Parameters in the order of `p`. */
  readonly parameters: readonly ParameterSpec[]
  /** Default parameter values (as resolved at construction), in the order of `parameters`. */
  readonly defaults: Float64Array
  /**
   * True when every function below also reads `p` (and writes `acc`) as a per-neuron table
   * (`p.length ≠ P`, see above), so that a population may give each neuron its own values.
   * A neuron without it is always handed the P shared values.
   */
  readonly perNeuronParameters?: boolean
  /**
   * Parameters the factory was given one value per neuron (a list or a rule), by name; the
   * network checks a list's length against the population and draws a rule (`defaults` holds
   * their centres). Only for a neuron with `perNeuronParameters`.
   */
  readonly perNeuron?: Readonly<Record<string, PerNeuronValue>>

  /**
   * Where a gate of the given width belongs for this neuron: the centre of its active zone,
   * and the period of the voltage for phase neurons (2π for theta neurons). `p` holds one
   * neuron's P values (a population whose neurons differ asks once per neuron).
   */
  gateZone(p: Float64Array, width: number): { readonly center: number; readonly period?: number }

  /** out[a*N+j] = dx_a/dt = f_a(x_j, I_j) for every neuron j. */
  rhs(p: Float64Array, N: number, x: Float64Array, I: Float64Array, out: Float64Array): void

  /**
   * Vector–Jacobian products with the per-neuron Jacobian (block diagonal over neurons):
   *   outX[a*N+j] = Σ_b ∂f_b/∂x_a (x_j, I_j) · lam[b*N+j]
   *   outI[j]     = Σ_b ∂f_b/∂I   (x_j, I_j) · lam[b*N+j]
   * Both outputs are overwritten.
   */
  vjp(
    p: Float64Array,
    N: number,
    x: Float64Array,
    I: Float64Array,
    lam: Float64Array,
    outX: Float64Array,
    outI: Float64Array,
  ): void

  /**
   * Parameter vector–Jacobian product, accumulated:
   *   acc[k] += scale · Σ_j Σ_b ∂f_b/∂p_k (x_j, I_j) · lam[b*N+j]          (p shared: P values)
   *   acc[k*N+j] += scale · Σ_b ∂f_b/∂p_kj (x_j, I_j) · lam[b*N+j]         (p a per-neuron table)
   * Required when any parameter is trainable; entries of untrainable parameters may be left.
   */
  paramVjp?(
    p: Float64Array,
    N: number,
    x: Float64Array,
    I: Float64Array,
    lam: Float64Array,
    scale: number,
    acc: Float64Array,
  ): void

  /** A sensible resting initial state: out[a*N+j]. */
  initialState(p: Float64Array, N: number, out: Float64Array): void

  /** The reset event, for neurons that have one (LIF); absent for reset-free models (theta). */
  readonly reset?: NeuronReset

  /**
   * Optional: the neuron is a leaky integrator — one variable v with dv/dt = (−v + I)/tau, and a
   * reset that sends v to v_reset when it rises through v_th — with neuron j's tau, v_th and
   * v_reset read from `p` as the functions above read it. Declared, the `closedForm` structure
   * solves the neuron between events in closed form instead of stepping it. It must agree with
   * `rhs` and `reset` (`checkPlugin` compares them).
   */
  readonly leaky?: LeakyIntegrator
}

/** What a leaky integrator declares (`Neuron.leaky`): its constants, neuron by neuron. */
export interface LeakyIntegrator {
  /** tau of neuron j, ms. */
  tau(p: Float64Array, N: number, j: number): number
  /** v_th of neuron j. */
  threshold(p: Float64Array, N: number, j: number): number
  /** v_reset of neuron j (below v_th). */
  resetValue(p: Float64Array, N: number, j: number): number
}

/**
 * A per-neuron reset: when c_j(x) rises through zero, neuron j's variables jump.
 * The synaptic trace is continuous across a reset; the jump delivers no charge.
 */
export interface NeuronReset {
  /** c_j(x): the event fires when it rises through 0 (e.g. v_j - v_th). */
  condition(p: Float64Array, N: number, j: number, x: Float64Array): number
  /** out[a] = ∂c_j/∂x_a(neuron j), for a = 0 .. stateSize-1 (overwritten). */
  conditionGradient(p: Float64Array, N: number, j: number, x: Float64Array, out: Float64Array): void
  /** acc[k] += scale · ∂c_j/∂p_k (acc[k*N+j] when p is a per-neuron table). */
  conditionParamGradient?(p: Float64Array, N: number, j: number, x: Float64Array, scale: number, acc: Float64Array): void
  /** In place: x holds the state just before the reset; write neuron j's state just after. */
  jump(p: Float64Array, N: number, j: number, x: Float64Array): void
  /**
   * In place: lam holds λ⁺ (adjoint just after); replace neuron j's entries with
   * (∂h/∂x_j)ᵀ λ⁺, the Jacobian taken at the pre-reset state xMinus. Other entries stay.
   */
  jumpVjp(p: Float64Array, N: number, j: number, xMinus: Float64Array, lam: Float64Array): void
  /** acc[k] += Σ_b ∂h_b/∂p_k (xMinus_j) · lam[b*N+j], lam = λ⁺ (acc[k*N+j] when p is a per-neuron table). */
  jumpParamVjp?(p: Float64Array, N: number, j: number, xMinus: Float64Array, lam: Float64Array, acc: Float64Array): void
}

/**
 * Parameter k of neuron j in `p` as the neuron functions receive it: `p[k]` when the P values are
 * shared (`p.length = P`), `p[k·N + j]` in a per-neuron table (any other length). For code off the hot loops (events,
 * gate zones); a loop over neurons reads the table directly.
 */
export const parameterOf = (p: Float64Array, P: number, N: number, k: number, j: number): number => (p.length === P ? p[k] : p[k * N + j])

/**
 * Builds a neuron from named parameter values (missing names take defaults) and, for a plugin
 * that reads more than numbers, its `options` as a configuration gives them (a JSON object the
 * plugin validates; e.g. the equations of an equation neuron). Most factories ignore `options`.
 * A value may be one per neuron (a list or a `ParameterInit` rule) for a neuron with
 * `perNeuronParameters`; other factories refuse it.
 */
export type NeuronFactory = {
  // written as a method, whose parameters TypeScript compares both ways: a factory declared for one
  // number per parameter (`Readonly<Record<string, number>>`, as before per-neuron values) still fits
  factory(params?: Readonly<Record<string, ParameterValue>>, options?: Readonly<Record<string, unknown>>): Neuron
}['factory']
