import type { SynapseGate } from '../synapseGate.js'
import { Rng } from '../../util/rng.js'
import type { PluginCheck, PluginCheckReport } from './pluginCheckReport.js'
import { formatNumber, pluginCheckReport, propertyCheck } from './pluginCheckReport.js'
import { Comparison, defaultFloorRatio, defaultTolerance } from './comparison.js'
import { integrate } from './gaussLegendre.js'

/** Options of `checkGate`. */
export interface GateCheckOptions {
  /** Seed of the sampler (core's `Rng`). Default 1. */
  readonly seed?: number
  /** Number of random points per check (the sign check uses 10× as many). Default 200. */
  readonly samples?: number
  /** Relative tolerance of the derivative and periodicity checks. Default 1e-6. */
  readonly tolerance?: number
  /** Floor ratio of the error measure (see `PluginCheck`). Default 1e-3. */
  readonly floorRatio?: number
  /** Allowed |∫ g dv - 1| over one zone. Default 1e-9. */
  readonly integralTolerance?: number
}

/**
 * Checks a synapse gate g on its zone [c - w/2, c + w/2] (c = center, w = width, repeated every
 * `period` if periodic):
 * - g(v) ≥ 0 at random v on and around the zone (and over several periods);
 * - ∫ g dv = 1 over the zone to 1e-9, by composite Gauss–Legendre quadrature refined until it
 *   converges, split at the zone's ends and at the declared `edges`;
 * - g = 0 outside the zone (modulo the period);
 * - g(v + kP) = g(v) for periodic gates;
 * - g' against central differences of g, step h = 1e-6 · min(1 + |v|, w), at random v away from
 *   the edges and the zone's ends (a neighbourhood of max(1e-4 w, 10 h) is skipped).
 */
export function checkGate(gate: SynapseGate, options: GateCheckOptions = {}): PluginCheckReport {
  const subject = `gate '${gate.kind}'`
  const shape = shapeProblems(gate)
  if (shape.length > 0) return pluginCheckReport(subject, [propertyCheck('shape — zone and edges are valid', shape)])
  const rng = new Rng(options.seed ?? 1)
  const samples = options.samples ?? 200
  const tol = options.tolerance ?? defaultTolerance
  const floor = options.floorRatio ?? defaultFloorRatio
  const { center: c, width: w, period: P } = gate
  const lo = c - w / 2
  const hi = c + w / 2
  const breaks = [lo, hi, ...gate.edges.flatMap((e) => images(e, lo, hi, P))]
  const nearBreak = (v: number, radius: number): boolean => {
    const x = P === undefined ? v : lo + mod(v - lo, P)
    return breaks.some((b) => Math.abs(x - b) < radius || (P !== undefined && Math.abs(x - P - b) < radius))
  }
  const shift = (): number => (P === undefined ? 0 : P * (rng.int(5) - 2))
  const checks: PluginCheck[] = [
    signCheck(gate, rng, 10 * samples, lo, hi, P),
    integralCheck(gate, lo, hi, breaks, options.integralTolerance ?? 1e-9),
    outsideCheck(gate, rng, samples, lo, hi, P, shift),
  ]
  if (P !== undefined) {
    const periodic = new Comparison('value — periodic: g(v + kP) = g(v)', tol, floor, 'g(v)')
    for (let i = 0; i < samples; i++) {
      const v = rng.between(lo, hi)
      const k = rng.int(5) - 2 || 3
      if (nearBreak(v, 1e-6 * w)) continue
      periodic.add(gate.value(v + k * P), gate.value(v), () => `v = ${formatNumber(v)}, k = ${k}`)
    }
    checks.push(periodic.result())
  }
  const deriv = new Comparison('derivative — g′ against central differences of g, away from edges', tol, floor)
  for (let i = 0; i < samples; i++) {
    const v = rng.between(lo - w / 2, hi + w / 2) + shift()
    const h = 1e-6 * Math.min(1 + Math.abs(v), w)
    if (nearBreak(v, Math.max(1e-4 * w, 10 * h))) continue
    const vp = v + h
    const vm = v - h
    const fd = (gate.value(vp) - gate.value(vm)) / (vp - vm)
    deriv.add(gate.derivative(v), fd, () => `v = ${formatNumber(v)}`)
  }
  checks.push(deriv.result())
  return pluginCheckReport(subject, checks)
}

// internals

function shapeProblems(gate: SynapseGate): string[] {
  const problems: string[] = []
  const { center, width, period } = gate
  if (!Number.isFinite(center)) problems.push(`center = ${center} must be finite`)
  if (!(width > 0 && Number.isFinite(width))) problems.push(`width = ${width} must be positive and finite`)
  if (period !== undefined && !(period > width && Number.isFinite(period))) {
    problems.push(`period = ${period} must be finite and larger than the width ${width}`)
  }
  for (const e of gate.edges) if (!Number.isFinite(e)) problems.push(`edge ${e} must be finite`)
  return problems
}

/** e + kP for the k that put it in [lo, hi] (e itself for non-periodic gates). */
function images(e: number, lo: number, hi: number, P: number | undefined): number[] {
  if (P === undefined) return [e]
  const first = e - P * Math.ceil((e - lo) / P)
  const out: number[] = []
  for (let v = first; v <= hi + P; v += P) if (v >= lo - 1e-12 * P && v <= hi + 1e-12 * P) out.push(v)
  return out
}

function mod(x: number, P: number): number {
  return x - P * Math.floor(x / P)
}

function signCheck(gate: SynapseGate, rng: Rng, count: number, lo: number, hi: number, P: number | undefined): PluginCheck {
  const w = hi - lo
  const [a, b] = P === undefined ? [lo - w, hi + w] : [lo - 2 * P, hi + 2 * P]
  let worst = 0
  let where = ''
  for (let i = 0; i < count; i++) {
    const v = rng.between(a, b)
    const g = gate.value(v)
    const bad = Number.isFinite(g) ? Math.max(0, -g) : Infinity
    if (bad > worst) {
      worst = bad
      where = `g(${formatNumber(v)}) = ${g}`
    }
  }
  const check = { name: 'value — g ≥ 0 and finite everywhere sampled', maxError: worst, tolerance: 0, ok: worst === 0 }
  return worst === 0 ? check : { ...check, worst: where }
}

function integralCheck(gate: SynapseGate, lo: number, hi: number, breaks: readonly number[], tolerance: number): PluginCheck {
  const { value, converged } = integrate((v) => gate.value(v), lo, hi, breaks)
  const maxError = Number.isFinite(value) ? Math.abs(value - 1) : Infinity
  const ok = maxError <= tolerance
  const name = 'value — integrates to 1 over its zone'
  const note = converged ? '' : ' (quadrature did not converge: is a jump missing from edges?)'
  return ok && converged
    ? { name, maxError, tolerance, ok }
    : { name, maxError, tolerance, ok, worst: `∫ g dv over [${formatNumber(lo)}, ${formatNumber(hi)}] = ${value}${note}` }
}

function outsideCheck(
  gate: SynapseGate,
  rng: Rng,
  count: number,
  lo: number,
  hi: number,
  P: number | undefined,
  shift: () => number,
): PluginCheck {
  const w = hi - lo
  const c = (lo + hi) / 2
  const margin = 1e-9 * (1 + Math.abs(c) + w)
  let worst = 0
  let where = ''
  for (let i = 0; i < count; i++) {
    const reach = P === undefined ? 2 * w : P / 2 - w / 2 - margin
    const x = w / 2 + margin + rng.between(0, reach)
    const v = c + (rng.sign() * x) + shift()
    const g = Math.abs(gate.value(v))
    if (!(g <= worst)) {
      worst = Number.isFinite(g) ? g : Infinity
      where = `g(${formatNumber(v)}) = ${gate.value(v)}`
    }
  }
  const name = `value — g = 0 outside its zone${P === undefined ? '' : ' (modulo the period)'}`
  return worst === 0 ? { name, maxError: 0, tolerance: 0, ok: true } : { name, maxError: worst, tolerance: 0, ok: false, worst: where }
}
