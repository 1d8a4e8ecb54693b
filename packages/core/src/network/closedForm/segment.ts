/**
 * One leaky integrate-and-fire neuron between two events, in closed form: v(Δ) and a(Δ) from the
 * segment's start, the extremum of v, and where v reaches a level.
 */

/** expm1(x)/x, 1 at 0. */
const relExpm1 = (x: number): number => (Math.abs(x) < 1e-8 ? 1 + x / 2 : Math.expm1(x) / x)

/**
 * One neuron between two events: v(Δ), a(Δ) from (v0, a0) at the segment's start. The constants
 * are set by `set`, the start by `base`; the functions read them (one object reused, no
 * allocation per call).
 */
export class Segment {
  b = 0
  tm = 1
  ta = 1
  kappa = 0
  v0 = 0
  a0 = 0
  set(b: number, tm: number, ta: number): void {
    this.b = b
    this.tm = tm
    this.ta = ta
    this.kappa = 1 / ta - 1 / tm
  }
  base(v0: number, a0: number): void {
    this.v0 = v0
    this.a0 = a0
  }
  /** φ(Δ) τa = τa (e^{−Δ/τa} − e^{−Δ/τm}) / (τa − τm), written without cancellation. */
  phiTa(d: number): number {
    return (Math.exp(-d / this.tm) * d * relExpm1(-d * this.kappa)) / this.tm
  }
  v(d: number): number {
    return this.b + (this.v0 - this.b) * Math.exp(-d / this.tm) + this.a0 * this.phiTa(d)
  }
  a(d: number): number {
    return this.a0 * Math.exp(-d / this.ta)
  }
  /** v̇ at Δ, given v there. */
  rate(d: number, v: number): number {
    return (-v + this.b + this.a(d)) / this.tm
  }
}

/** Δ in [d0, d1] where v = level, v monotone there with v(d0) − level and v(d1) − level of opposite signs (safeguarded Newton). */
export function levelRoot(sg: Segment, d0: number, d1: number, level: number): number {
  let lo = d0
  let hi = d1
  let flo = sg.v(lo) - level
  let x = d0 + 0.5 * (d1 - d0)
  for (let it = 0; it < 100; it++) {
    const v = sg.v(x)
    const f = v - level
    if (f === 0) return x
    if (Math.sign(f) === Math.sign(flo)) {
      lo = x
      flo = f
    } else hi = x
    const fp = sg.rate(x, v)
    let next = x - f / fp
    if (!(next > Math.min(lo, hi) && next < Math.max(lo, hi))) next = 0.5 * (lo + hi)
    if (Math.abs(next - x) <= 4 * Number.EPSILON * Math.max(1, Math.abs(x)) || Math.abs(hi - lo) <= 4 * Number.EPSILON * Math.max(1, Math.abs(hi))) return next
    x = next
  }
  return x
}

/**
 * The Δ in (d0, d1) where v̇ vanishes, or NaN when it does not there. τm v̇ = A e^{−Δ/τm} − B e^{−Δ/τa}
 * with A = b − v0 + a0 τa/(τa − τm), B = a0 τm/(τa − τm), so the root is ln(B/A)/(1/τa − 1/τm): with
 * B/A = 1 + δ, δ = (τa − τm)(v0 − b − a0)/D, D = a0 τa − (v0 − b)(τa − τm), it is
 * −(log1p(δ)/δ) τa τm (v0 − b − a0)/D, which stays finite as τa → τm.
 */
export function extremum(sg: Segment, d0: number, d1: number): number {
  const x = sg.v0 - sg.b
  const D = sg.a0 * sg.ta - x * (sg.ta - sg.tm)
  if (D === 0) return Number.NaN
  const delta = ((sg.ta - sg.tm) * (x - sg.a0)) / D
  if (!(delta > -1)) return Number.NaN
  const L = Math.abs(delta) < 1e-8 ? 1 - delta / 2 : Math.log1p(delta) / delta
  const d = (-L * sg.ta * sg.tm * (x - sg.a0)) / D
  return d > d0 && d < d1 ? d : Number.NaN
}
