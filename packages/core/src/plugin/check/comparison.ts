import type { PluginCheck } from './pluginCheckReport.js'
import { formatNumber } from './pluginCheckReport.js'

/** Default relative tolerance of derivative checks. */
export const defaultTolerance = 1e-6
/** Default floor ratio of the error measure (see `PluginCheck`). */
export const defaultFloorRatio = 1e-3

/**
 * Collects pairs (analytic a, reference b) of one named derivative check and reports the
 * largest err = |a - b| / max(|a|, |b|, floorRatio · max|b|). A non-finite value anywhere is
 * an error of +∞. Not a hot path: it keeps every pair.
 */
export class Comparison {
  private readonly analytic: number[] = []
  private readonly reference: number[] = []
  private readonly where: (() => string)[] = []

  constructor(
    readonly name: string,
    readonly tolerance: number,
    readonly floorRatio: number,
    readonly referenceLabel = 'central difference',
  ) {}

  /** Records one entry; `where` is called only if this entry turns out to be the worst. */
  add(analytic: number, reference: number, where: () => string): void {
    this.analytic.push(analytic)
    this.reference.push(reference)
    this.where.push(where)
  }

  get size(): number {
    return this.analytic.length
  }

  result(): PluginCheck {
    let scale = 0
    for (const b of this.reference) if (Number.isFinite(b)) scale = Math.max(scale, Math.abs(b))
    const floor = this.floorRatio * scale
    let maxError = 0
    let worst = -1
    for (let i = 0; i < this.analytic.length; i++) {
      const a = this.analytic[i]!
      const b = this.reference[i]!
      const e = relativeError(a, b, floor)
      if (e > maxError) {
        maxError = e
        worst = i
      }
    }
    const ok = maxError <= this.tolerance && this.analytic.length > 0
    const base = { name: this.name, maxError, tolerance: this.tolerance, ok }
    if (this.analytic.length === 0) return { ...base, worst: 'nothing was compared' }
    if (worst < 0) return base
    const a = this.analytic[worst]!
    const b = this.reference[worst]!
    return {
      ...base,
      worst: `${this.where[worst]!()}: plugin ${formatNumber(a)} vs ${this.referenceLabel} ${formatNumber(b)}`,
    }
  }
}

/** |a - b| / max(|a|, |b|, floor), 0 when a = b, +∞ when either is not finite. */
export function relativeError(a: number, b: number, floor: number): number {
  if (!Number.isFinite(a) || !Number.isFinite(b)) return Infinity
  const d = Math.abs(a - b)
  return d === 0 ? 0 : d / Math.max(Math.abs(a), Math.abs(b), floor)
}

/**
 * Central difference of a scalar function of x[i]: perturbs x[i] by ±h, h = rel · (1 + |x[i]|),
 * restores it, and divides by the step actually represented, (x + h) - (x - h).
 */
export function centralDifference(x: Float64Array, i: number, f: () => number, rel = 1e-6): number {
  const x0 = x[i]!
  const h = rel * (1 + Math.abs(x0))
  const xp = x0 + h
  const xm = x0 - h
  x[i] = xp
  const fp = f()
  x[i] = xm
  const fm = f()
  x[i] = x0
  return (fp - fm) / (xp - xm)
}

/** "[1.2, -0.5]" for the entries j, j + N, … of a variable-major vector. */
export function neuronState(x: Float64Array, N: number, S: number, j: number): string {
  const parts: string[] = []
  for (let a = 0; a < S; a++) parts.push(formatNumber(x[a * N + j]!))
  return `[${parts.join(', ')}]`
}
