/**
 * The gate g(v) of the gated synapse tau_s ds/dt = -s + g(v) dv/dt (Huh & Sejnowski 2018).
 *
 * g is non-negative, supported on its active zone [center - width/2, center + width/2]
 * (repeated every `period` for phase variables), with unit integral ∫ g dv = 1 over the zone.
 * Scalar functions: the network calls them once per neuron; they allocate nothing.
 */
export interface SynapseGate {
  /** Name the plugin is registered under, e.g. 'raised-cosine'. */
  readonly kind: string
  readonly center: number
  readonly width: number
  /** Period of the voltage (2π for theta neurons); absent for non-periodic voltages. */
  readonly period?: number
  /** g(v) ≥ 0. */
  value(v: number): number
  /** g'(v) (zero where g is flat; undefined at edges, where any one-sided value may be returned). */
  derivative(v: number): number
  /**
   * Vectorised g and g': g[j] = value(v[offset + j]) and, when `dg` is given,
   * dg[j] = derivative(v[offset + j]), for j < count. Optional but recommended: a loop inside
   * the plugin keeps every call monomorphic, so nothing is boxed or allocated per neuron;
   * without it the network calls `value` and `derivative` once per neuron.
   */
  evaluate?(v: Float64Array, offset: number, count: number, g: Float64Array, dg?: Float64Array): void
  /**
   * Voltages (within one period, if periodic) where g jumps. Empty for continuous gates.
   * The network declares each as an event with the identity jump, so the adjoint carries the
   * δ-terms of g' exactly and the integrator does not step across a discontinuity blindly.
   */
  readonly edges: readonly number[]
  /**
   * For gates with jumps: a continuous function of v that is ≥ 0 exactly where `value` takes
   * its inside value and < 0 elsewhere (e.g. width/2 − |x| for the box), computed with the
   * same arithmetic as `value`. The network declares one event per neuron on its sign, so the
   * state after an event is on the new side of the jump to the last bit. Gates with `edges`
   * should provide it; without it the network falls back to one event per edge.
   */
  readonly discontinuity?: {
    /** The side of v: ≥ 0 where g takes its inside value, < 0 elsewhere (the condition of the neuron's gate-edge event). */
    side(v: number): number
    /** d side / dv. */
    sideDerivative(v: number): number
  }
}

/** Placement and width of a gate's active zone. */
export interface GateZone {
  /** Full width of the active zone (same unit as the voltage). */
  readonly width: number
  readonly center: number
  readonly period?: number
}

/** Builds a gate of one shape for a given zone. */
export type GateFactory = (zone: GateZone) => SynapseGate
