/**
 * A network of leaky integrate-and-fire populations that read spike inputs, with a readout, solved
 * in closed form (DESIGN §8, "the exact sub-threshold flow"): no ODE steps at all.
 *
 * Between two input spikes, neuron j's current is I = b + a(t) with a(t) = a_k e^{−Δ/τa}, so its
 * voltage is a sum of exponentials,
 *
 *   v(t_k + Δ) = b + (v_k − b) e^{−Δ/τm} + a_k τa φ(Δ),   φ(Δ) = (e^{−Δ/τa} − e^{−Δ/τm}) / (τa − τm),
 *
 * with at most one extremum: zone entries, exits and threshold crossings are roots of a monotone
 * function, found to rounding. The trace obeys τs ṡ = −s + g(v) v̇: outside the gate's zone it
 * decays, s(t) = s(t_e) e^{−(t−t_e)/τs}; inside, it is a quadrature of g(v) v̇ e^{t/τs}, done by
 * Gauss–Legendre on pieces over which v moves by a fraction of the zone's width. The readout
 * o = Σ O s is the decaying sum of the neurons outside their zones (one number per output, updated
 * when a neuron enters or leaves) plus the few inside, so the loss L = ∫ l(t, o) dt costs a few
 * operations per quadrature node, whatever the number of neurons.
 *
 * The adjoint, in the variables of DESIGN §6 (p_s = λ_s/τs, p_v = λ_v + g(v) p_s, p_a = λ_a):
 *
 *   τs ṗ_s = p_s − e,   e = Oᵀ c,  c = ∂l/∂o
 *   ṗ_v = p_v/τm + g(v) ṗ_s,   ṗ_a = p_a/τa − p_v/τm
 *
 * The trace adjoint of every neuron is a combination of the same few channels, p_s = Oᵀ P with
 * τs Ṗ = P − c (P integrated once, backward, for all neurons); outside its zone a neuron's p_v and
 * p_a follow in closed form, inside by the same quadrature as s. At a reset (v rises through v_th
 * and jumps to v_reset, below the zone) p_v⁻ = p_v⁺ f⁺/f⁻ with f^± = (−v^± + I)/τm. The gradients:
 * dL/db = ∫ p_v/τm dt, dL/dU_c = Σ_{spikes of c} p_a/τa (+ p_a(0) r_c(0)), dL/dO_rj = ∫ c_r s_j dt.
 */
import { left, right, type Either } from 'fp-ts/lib/Either.js'
import type { FiredEvent } from '../../ode/solveForward.js'
import type { GradientSolution } from '../../ode/adjointGradient.js'
import { gaussLegendre } from '../../ode/gaussLegendre.js'
import { nonFiniteState, type SolveError } from '../../ode/solveError.js'
import { parameterOf } from '../../plugin/neuron.js'
import type { Trial } from '../../plugin/task.js'
import type { Network } from '../network.js'
import { trialInitialState } from '../networkEvents.js'

// -------------------------------------------------------------------------------------
// model
// -------------------------------------------------------------------------------------

/** What the closed-form solve needs of a network, gathered once (`closedFormPlan`). */
export interface ClosedFormPlan {
  readonly network: Network
  /** Per population: its spike projection (−1: none) and its input's tau. */
  readonly spikeProjection: Int32Array
}

/** Tolerances of a closed-form solve: rtol sets the quadrature's resolution (pieces of the zone, node spacing). */
export interface ClosedFormOptions {
  readonly rtol: number
}

// -------------------------------------------------------------------------------------
// constructors
// -------------------------------------------------------------------------------------

/**
 * The plan of a network the closed form solves, or why it does not: every population a
 * leaky integrator (`Neuron.leaky`) with a smooth, non-periodic gate whose zone lies below the
 * threshold and above the reset, reading at most one spike input and no population or analog
 * input, without delays, trained neuron parameters or trained tau_s; a readout on populations of
 * one tau_s; losses that read only the readout (`Loss.readsTraces === false`, no terminal or
 * population terms).
 */
export function closedFormPlan(net: Network): ClosedFormPlan | { readonly reason: string } {
  const spikeProjection = new Int32Array(net.populations.length).fill(-1)
  for (const pr of net.projections) {
    if (pr.source.kind !== 'spikes') return { reason: `the projection ${pr.name} reads ${pr.source.kind === 'population' ? 'a population' : 'an analog input'} (the closed form covers populations that read spike inputs)` }
    if (pr.delay !== undefined) return { reason: `the projection ${pr.name} has delays` }
    if (spikeProjection[pr.target] >= 0) return { reason: `the population "${net.populations[pr.target].name}" reads two spike projections (the closed form covers one)` }
    spikeProjection[pr.target] = net.projections.indexOf(pr)
  }
  for (const pop of net.populations) {
    const where = `the population "${pop.name}"`
    if (pop.neuron.leaky === undefined || pop.neuron.stateNames.length !== 1) return { reason: `${where}'s neuron "${pop.neuron.kind}" does not declare itself a leaky integrator` }
    if (pop.gate.edges.length > 0 || (pop.gate.period ?? 0) > 0) return { reason: `${where}'s gate "${pop.gate.kind}" has edges or a period` }
    if (pop.paramOffsets.some((o) => o >= 0)) return { reason: `${where} trains neuron parameters` }
    if (pop.tauSOffset >= 0) return { reason: `${where} trains tau_s` }
    if (pop.tauSValues !== undefined) return { reason: `${where} has one tau_s per neuron` }
    const P = pop.neuron.parameters.length
    const p = pop.paramTable ?? pop.params
    for (let j = 0; j < pop.size; j++) {
      const lk = pop.neuron.leaky
      const vth = lk.threshold(p, pop.size, j)
      const vr = lk.resetValue(p, pop.size, j)
      const shift = pop.gateShift?.[j] ?? 0
      const lo = pop.gate.center - pop.gate.width / 2 + shift
      const hi = pop.gate.center + pop.gate.width / 2 + shift
      if (hi > vth + 1e-12 * Math.max(1, Math.abs(vth))) return { reason: `${where}'s gate zone reaches above the threshold (neuron ${j})` }
      if (!(vr < lo)) return { reason: `${where}'s reset value lies in its gate's zone (neuron ${j})` }
      void P
    }
  }
  const { readout, losses } = net
  const readTau = new Set(readout.terms.map((t) => net.populations[t.population].tauS))
  if (readTau.size > 1) return { reason: 'the readout reads populations of different tau_s' }
  for (const loss of losses) {
    if (loss.readsTraces !== false) return { reason: `the loss "${loss.kind}" may read the traces (it does not declare readsTraces: false)` }
    if (loss.terminal !== undefined || loss.populations !== undefined) return { reason: `the loss "${loss.kind}" has terms on the traces at the end or on populations` }
  }
  return { network: net, spikeProjection }
}

// Gauss–Legendre on [0, 1] and its integration matrix: IM[m·Q + k] = ∫_0^{ξ_m} ℓ_k (ℓ_k the
// Lagrange polynomial of node k), so that Σ_k IM[m,k] f(ξ_k) integrates f's interpolant to ξ_m
const Q = 6
const { nodes: XI, weights: WQ } = gaussLegendre(Q)
const IM = (() => {
  const out = new Float64Array(Q * Q)
  const lagrange = (k: number, x: number): number => {
    let p = 1
    for (let i = 0; i < Q; i++) if (i !== k) p *= (x - XI[i]) / (XI[k] - XI[i])
    return p
  }
  for (let m = 0; m < Q; m++) for (let k = 0; k < Q; k++) {
    let acc = 0
    for (let q = 0; q < Q; q++) acc += WQ[q] * lagrange(k, XI[m] * XI[q])
    out[m * Q + k] = XI[m] * acc
  }
  return out
})()

/** expm1(x)/x, 1 at 0. */
const relExpm1 = (x: number): number => (Math.abs(x) < 1e-8 ? 1 + x / 2 : Math.expm1(x) / x)

/**
 * One neuron between two events: v(Δ), a(Δ) from (v0, a0) at the segment's start. Fields are
 * set by `base`; the functions read them (one object reused, no allocation per call).
 */
class Segment {
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
function levelRoot(sg: Segment, d0: number, d1: number, level: number): number {
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
function extremum(sg: Segment, d0: number, d1: number): number {
  const x = sg.v0 - sg.b
  const D = sg.a0 * sg.ta - x * (sg.ta - sg.tm)
  if (D === 0) return Number.NaN
  const delta = ((sg.ta - sg.tm) * (x - sg.a0)) / D
  if (!(delta > -1)) return Number.NaN
  const L = Math.abs(delta) < 1e-8 ? 1 - delta / 2 : Math.log1p(delta) / delta
  const d = (-L * sg.ta * sg.tm * (x - sg.a0)) / D
  return d > d0 && d < d1 ? d : Number.NaN
}

/** A growable list of numbers in a Float64Array. */
class Numbers {
  a = new Float64Array(64)
  n = 0
  push(x: number): void {
    if (this.n === this.a.length) {
      const b = new Float64Array(2 * this.a.length)
      b.set(this.a)
      this.a = b
    }
    this.a[this.n++] = x
  }
  clear(): void {
    this.n = 0
  }
}

/**
 * L and dL/dθ of `network` on `trial` at θ in closed form (`closedFormPlan`), or the SolveError of
 * a non-finite value. `withGradient: false` computes the loss alone.
 */
export function closedFormGradient(
  plan: ClosedFormPlan,
  trial: Trial,
  theta: Float64Array,
  options: ClosedFormOptions,
  withGradient = true,
): Either<SolveError, GradientSolution> {
  const clock0 = performance.now()
  const net = plan.network
  const T = trial.duration
  const pops = net.populations
  const { readout, losses } = net
  const R = readout.size
  const y0 = trialInitialState(net, trial)
  const rtol = options.rtol
  // resolution: zone pieces per gate width, and the longest quadrature interval
  const perWidth = Math.max(2, Math.ceil(4 * Math.pow(1e-3 / rtol, 1 / 8)))
  const tauMin = Math.min(...pops.map((p) => p.tauS), ...net.inputs.map((i) => i.tauS))
  const hMax = Math.min(tauMin, T / 16) * Math.min(1, Math.pow(rtol / 1e-3, 1 / 10))

  // per neuron (population order): its readout rows' θ offsets (−1 when not read)
  const Ntot = net.layout.neurons
  const readOff = new Int32Array(Ntot).fill(-1)
  const readStride = new Int32Array(Ntot)
  for (const term of readout.terms) {
    const pop = pops[term.population]
    for (let j = 0; j < pop.size; j++) {
      readOff[pop.neuronOffset + j] = term.offset + j
      readStride[pop.neuronOffset + j] = pop.size
    }
  }
  const tauS = readout.terms.length > 0 ? pops[readout.terms[0].population].tauS : 1

  // ---- forward, neuron by neuron: the zone pieces and resets ----
  // a piece: neuron, its segment's start (t, v, a), [alpha, beta], whether it ends in a reset
  const pcN: number[] = []
  const pcT0 = new Numbers()
  const pcV0 = new Numbers()
  const pcA0 = new Numbers()
  const pcAl = new Numbers()
  const pcBe = new Numbers()
  const pcReset: number[] = []
  const grid = new Numbers()
  const events: FiredEvent[] = []
  // per population: spike times, channels, and each neuron's θ index per channel
  const spikeLists = pops.map((_, q) => {
    const pi = plan.spikeProjection[q]
    if (pi < 0) return { t: new Float64Array(0), c: new Int32Array(0), tau: 1, entry: new Int32Array(0), C: 0, trace: 0, trainable: false }
    const pr = net.projections[pi]
    const input = net.inputs[pr.source.index]
    const list: { t: number; c: number }[] = []
    for (let c = 0; c < input.size; c++) {
      const times = trial.spikes![input.channelOffset + c]
      for (let k = 0; k < times.length; k++) if (times[k] > 0 && times[k] < T) list.push({ t: times[k], c })
    }
    list.sort((x, y) => x.t - y.t || x.c - y.c)
    const C = input.size
    const N = pops[q].size
    const entry = new Int32Array(N * C).fill(-1)
    const p = pr.pattern
    for (let j = 0; j < N; j++) {
      if (p.kind === 'dense') for (let c = 0; c < C; c++) entry[j * C + c] = pr.offset + j * C + c
      else for (let e = p.rowStart[j]; e < p.rowStart[j + 1]; e++) entry[j * C + p.col[e]] = pr.offset + e
    }
    return { t: Float64Array.from(list, (x) => x.t), c: Int32Array.from(list, (x) => x.c), tau: input.tauS, entry, C, trace: input.traceOffset, trainable: pr.trainable }
  })
  const sg = new Segment()
  const neuronA0 = new Float64Array(Ntot)
  // per neuron: tau_m, the input's tau, tau_s, bias, gate shift, population
  const nTm = new Float64Array(Ntot)
  const nTa = new Float64Array(Ntot)
  const nTs = new Float64Array(Ntot)
  const nB = new Float64Array(Ntot)
  const nShift = new Float64Array(Ntot)
  const nPop = new Int32Array(Ntot)
  const pieceFirst = new Int32Array(Ntot + 1)
  for (let q = 0; q < pops.length; q++) {
    const pop = pops[q]
    const N = pop.size
    const lk = pop.neuron.leaky!
    const p = pop.paramTable ?? pop.params
    const sp = spikeLists[q]
    const gateLo = pop.gate.center - pop.gate.width / 2
    const width = pop.gate.width
    for (let j = 0; j < N; j++) {
      const n = pop.neuronOffset + j
      pieceFirst[n] = pcN.length
      const tm = lk.tau(p, N, j)
      const vth = lk.threshold(p, N, j)
      const vr = lk.resetValue(p, N, j)
      const lo = gateLo + (pop.gateShift?.[j] ?? 0)
      const b = pop.biasOffset >= 0 ? theta[pop.biasOffset + j] : 0
      sg.set(b, tm, sp.tau)
      nTm[n] = tm
      nTa[n] = sp.tau
      nTs[n] = pop.tauS
      nB[n] = b
      nShift[n] = pop.gateShift?.[j] ?? 0
      nPop[n] = q
      let a = 0
      for (let c = 0; c < sp.C; c++) {
        const e = sp.entry[j * sp.C + c]
        if (e >= 0) a += theta[e] * y0[sp.trace + c]
      }
      neuronA0[n] = a
      let v = y0[pop.stateOffset + pop.neuron.voltageIndex * N + j]
      if (!(v < vth)) return left(nonFiniteState(0, pop.stateOffset + j, 'the initial state', `v of neuron ${j} of population "${pop.name}" starts at or above its threshold`))
      let inZone = v >= lo
      let t = 0
      let alpha = 0
      // the piece in progress starts at alpha on the segment based at (t, v, a)
      const openPiece = (at: number): void => {
        alpha = at
      }
      const closePiece = (tSeg: number, at: number, reset: boolean): void => {
        pcN.push(n)
        pcT0.push(tSeg)
        pcV0.push(sg.v0)
        pcA0.push(sg.a0)
        pcAl.push(alpha)
        pcBe.push(at)
        pcReset.push(reset ? 1 : 0)
        // sub-pieces: split at the extremum, then at levels a fraction of the width apart
        const d0 = alpha - tSeg
        const d1 = at - tSeg
        grid.push(alpha)
        grid.push(at)
        const dx = extremum(sg, d0, d1)
        const parts = Number.isNaN(dx) ? [d0, d1] : [d0, dx, d1]
        for (let k = 0; k + 1 < parts.length; k++) {
          const u0 = parts[k]
          const u1 = parts[k + 1]
          if (k > 0) grid.push(tSeg + u0)
          const w0 = sg.v(u0)
          const w1 = sg.v(u1)
          const K = Math.ceil((perWidth * Math.abs(w1 - w0)) / width)
          let prev = u0
          for (let i = 1; i < K; i++) {
            const level = w0 + ((w1 - w0) * i) / K
            const u = levelRoot(sg, prev, u1, level)
            grid.push(tSeg + u)
            prev = u
          }
        }
      }
      if (inZone) openPiece(0)
      for (let k = 0; k <= sp.t.length; k++) {
        const tEnd = k < sp.t.length ? sp.t[k] : T
        sg.base(v, a)
        let tSeg = t
        // events within [t, tEnd]
        let from = 0
        let span = tEnd - tSeg
        for (let guard = 0; guard < 10000; guard++) {
          const dx = extremum(sg, from, span)
          if (!inZone) {
            // the first rising crossing of lo in (from, span]
            let hit = Number.NaN
            const ranges = Number.isNaN(dx) ? [from, span] : [from, dx, span]
            for (let r = 0; r + 1 < ranges.length; r++) {
              const f0 = sg.v(ranges[r]) - lo
              const f1 = sg.v(ranges[r + 1]) - lo
              if (f0 < 0 && f1 >= 0) {
                hit = levelRoot(sg, ranges[r], ranges[r + 1], lo)
                break
              }
            }
            if (Number.isNaN(hit)) break
            inZone = true
            openPiece(tSeg + hit)
            from = hit
            continue
          }
          // in the zone: the first of a rising crossing of v_th, a falling one of lo
          let hit = Number.NaN
          let reset = false
          const ranges = Number.isNaN(dx) ? [from, span] : [from, dx, span]
          for (let r = 0; r + 1 < ranges.length; r++) {
            const w0 = sg.v(ranges[r])
            const w1 = sg.v(ranges[r + 1])
            if (w1 >= vth && w0 < vth) {
              hit = levelRoot(sg, ranges[r], ranges[r + 1], vth)
              reset = true
              break
            }
            if (w1 < lo && w0 >= lo) {
              hit = levelRoot(sg, ranges[r], ranges[r + 1], lo)
              break
            }
          }
          if (Number.isNaN(hit)) break
          closePiece(tSeg, tSeg + hit, reset)
          inZone = false
          if (reset) {
            events.push({ t: tSeg + hit, family: `reset:${pop.name}`, index: j })
            // a new segment from the reset: v = v_reset, a continuous
            const aHit = sg.a(hit)
            tSeg += hit
            span = tEnd - tSeg
            sg.base(vr, aHit)
            from = 0
            continue
          }
          from = hit
        }
        // the segment's end: v, a there; an input spike adds to a
        const dEnd = tEnd - tSeg
        v = sg.v(dEnd)
        a = sg.a(dEnd)
        if (inZone) {
          closePiece(tSeg, tEnd, false)
          openPiece(tEnd)
        }
        if (k < sp.t.length) {
          const e = sp.entry[j * sp.C + sp.c[k]]
          if (e >= 0) a += theta[e] / sp.tau
        }
        t = tEnd
      }
      if (!Number.isFinite(v)) return left(nonFiniteState(T, pop.stateOffset + j, 'the closed-form solution', `v of neuron ${j} of population "${pop.name}"`))
    }
  }
  pieceFirst[Ntot] = pcN.length
  const P = pcN.length

  // ---- the grid: piece boundaries, breakpoints, 0, T, no interval longer than hMax ----
  grid.push(0)
  grid.push(T)
  const bps = trial.breakpoints ?? []
  for (let k = 0; k < bps.length; k++) if (bps[k] > 0 && bps[k] < T) grid.push(bps[k])
  const raw = grid.a.subarray(0, grid.n).sort()
  const g = new Numbers()
  for (let i = 0; i < raw.length; i++) {
    const x = raw[i]
    if (g.n > 0 && x === g.a[g.n - 1]) continue
    if (g.n > 0) {
      const prev = g.a[g.n - 1]
      const parts = Math.ceil((x - prev) / hMax)
      for (let k = 1; k < parts; k++) g.push(prev + ((x - prev) * k) / parts)
    }
    g.push(x)
  }
  const G = g.n
  const gt = g.a
  const find = (x: number): number => {
    let lo = 0
    let hi = G - 1
    while (lo < hi) {
      const mid = (lo + hi) >> 1
      if (gt[mid] < x) lo = mid + 1
      else hi = mid
    }
    return lo
  }
  const pcStart = new Int32Array(P)
  const pcEnd = new Int32Array(P)
  for (let k = 0; k < P; k++) {
    pcStart[k] = find(pcAl.a[k])
    pcEnd[k] = find(pcBe.a[k])
  }
  // pieces in the order they start
  const byStart = Int32Array.from({ length: P }, (_, k) => k).sort((x, y) => pcStart[x] - pcStart[y] || x - y)

  // ---- the sweep: traces, readout, loss, c = ∂l/∂o at every node ----
  const S = G - 1
  const sCur = new Float64Array(Ntot)
  const sAt = new Float64Array(Ntot)
  const pcSEnd = new Float64Array(P)
  const pcSStart = new Float64Array(P)
  const sNeuron0 = new Float64Array(Ntot)
  const agg = new Float64Array(R)
  for (const pop of pops) {
    for (let j = 0; j < pop.size; j++) {
      const n = pop.neuronOffset + j
      sCur[n] = y0[pop.traceOffset + j]
      sNeuron0[n] = sCur[n]
    }
  }
  for (let n = 0; n < Ntot; n++) {
    if (readOff[n] < 0) continue
    for (let r = 0; r < R; r++) agg[r] += theta[readOff[n] + r * readStride[n]] * sCur[n]
  }
  const cN = withGradient ? new Float64Array(S * Q * R) : new Float64Array(0)
  const gamma = new Float64Array(S * R)
  const grad = new Float64Array(theta.length)
  const active: number[] = []
  const o = new Float64Array(R)
  const zeroS = new Float64Array(Ntot)
  const target = new Float64Array(Math.max(R, 1))
  const gradO = new Float64Array(R)
  const gradS = new Float64Array(Ntot)
  const gv = new Float64Array(1)
  const vv = new Float64Array(1)
  const H = new Float64Array(Q)
  const sNodes = new Float64Array(Q * Math.max(Ntot, 1))
  const decay = new Float64Array(Q)
  let loss = 0
  let next = 0
  let nodes = 0
  const readTrainable = readout.trainable && withGradient
  for (let i = 0; i < S; i++) {
    const t0 = gt[i]
    const h = gt[i + 1] - t0
    // pieces that end here leave the zone: back into the readout's decaying sum
    for (let k = active.length - 1; k >= 0; k--) {
      const pc = active[k]
      if (pcEnd[pc] !== i) continue
      const n = pcN[pc]
      pcSEnd[pc] = sCur[n]
      sAt[n] = t0
      if (readOff[n] >= 0) for (let r = 0; r < R; r++) agg[r] += theta[readOff[n] + r * readStride[n]] * sCur[n]
      active.splice(k, 1)
    }
    while (next < P && pcStart[byStart[next]] === i) {
      const pc = byStart[next++]
      const n = pcN[pc]
      const s = sCur[n] * Math.exp(-(t0 - sAt[n]) / nTs[n])
      sCur[n] = s
      sAt[n] = t0
      pcSStart[pc] = s
      if (readOff[n] >= 0) for (let r = 0; r < R; r++) agg[r] -= theta[readOff[n] + r * readStride[n]] * s
      if (pcEnd[pc] > i) active.push(pc)
      else pcSEnd[pc] = s
    }
    for (let m = 0; m < Q; m++) decay[m] = Math.exp((-h * XI[m]) / tauS)
    // the active neurons' traces at the nodes and at the interval's end
    for (let k = 0; k < active.length; k++) {
      const pc = active[k]
      const n = pcN[pc]
      const pop = pops[nPop[n]]
      const ts = nTs[n]
      sg.set(nB[n], nTm[n], nTa[n])
      sg.base(pcV0.a[pc], pcA0.a[pc])
      const shift = nShift[n]
      for (let m = 0; m < Q; m++) {
        const x = t0 + h * XI[m]
        const d = x - pcT0.a[pc]
        const v = sg.v(d)
        vv[0] = v - shift
        pop.gate.evaluate !== undefined ? pop.gate.evaluate(vv, 0, 1, gv) : (gv[0] = pop.gate.value(vv[0]))
        H[m] = Math.exp((h * XI[m]) / ts) * gv[0] * sg.rate(d, v)
      }
      const s0 = sCur[n]
      let end = 0
      for (let m = 0; m < Q; m++) {
        let acc = 0
        for (let q2 = 0; q2 < Q; q2++) acc += IM[m * Q + q2] * H[q2]
        sNodes[k * Q + m] = Math.exp((-h * XI[m]) / ts) * (s0 + (h / ts) * acc)
        end += WQ[m] * H[m]
      }
      sCur[n] = Math.exp(-h / ts) * (s0 + (h / ts) * end)
      sAt[n] = gt[i + 1]
    }
    // the loss at the nodes
    for (let m = 0; m < Q; m++) {
      const x = t0 + h * XI[m]
      for (let r = 0; r < R; r++) o[r] = agg[r] * decay[m]
      for (let k = 0; k < active.length; k++) {
        const n = pcN[active[k]]
        if (readOff[n] < 0) continue
        const s = sNodes[k * Q + m]
        for (let r = 0; r < R; r++) o[r] += theta[readOff[n] + r * readStride[n]] * s
      }
      const weight = trial.target(x, target)
      let l = 0
      for (const ls of losses) l += ls.value(x, o, zeroS, target, weight)
      loss += h * WQ[m] * l
      nodes++
      if (!withGradient) continue
      gradO.fill(0)
      for (const ls of losses) ls.gradient(x, o, zeroS, target, weight, gradO, gradS)
      const base = (i * Q + m) * R
      for (let r = 0; r < R; r++) {
        cN[base + r] = gradO[r]
        gamma[i * R + r] += h * WQ[m] * gradO[r] * decay[m]
      }
      if (readTrainable) {
        for (let k = 0; k < active.length; k++) {
          const n = pcN[active[k]]
          if (readOff[n] < 0) continue
          const s = sNodes[k * Q + m]
          for (let r = 0; r < R; r++) grad[readOff[n] + r * readStride[n]] += h * WQ[m] * gradO[r] * s
        }
      }
    }
    for (let r = 0; r < R; r++) agg[r] *= Math.exp(-h / tauS)
  }
  // pieces that end at T
  for (const pc of active) pcSEnd[pc] = sCur[pcN[pc]]
  if (!Number.isFinite(loss)) return left(nonFiniteState(T, 0, 'the loss', 'the closed-form readout'))
  const forwardMs = performance.now() - clock0
  if (!withGradient) return right(solution(loss, grad, events, { forwardMs, backwardMs: 0 }, S, nodes, 0))

  // ---- backward: the channels P_r at the grid points and the nodes ----
  const clock1 = performance.now()
  const Pg = new Float64Array(G * R)
  for (let i = S - 1; i >= 0; i--) {
    const e = Math.exp(-(gt[i + 1] - gt[i]) / tauS)
    for (let r = 0; r < R; r++) Pg[i * R + r] = e * Pg[(i + 1) * R + r] + gamma[i * R + r] / tauS
  }
  // P_r at every node: P(x) = e^{−(t1−x)/τs} P(t1) + (h/τs) e^{hξ/τs} Σ_k (w_k − IM[m,k]) c_k e^{−hξ_k/τs}
  const PN = new Float64Array(S * Q * R)
  const ck = new Float64Array(Q)
  for (let i = 0; i < S; i++) {
    const h = gt[i + 1] - gt[i]
    for (let r = 0; r < R; r++) {
      for (let k = 0; k < Q; k++) ck[k] = cN[(i * Q + k) * R + r] * Math.exp((-h * XI[k]) / tauS)
      for (let m = 0; m < Q; m++) {
        let acc = 0
        for (let k = 0; k < Q; k++) acc += (WQ[k] - IM[m * Q + k]) * ck[k]
        PN[(i * Q + m) * R + r] = Math.exp((-h * (1 - XI[m])) / tauS) * Pg[(i + 1) * R + r] + (h / tauS) * Math.exp((h * XI[m]) / tauS) * acc
      }
    }
  }

  // ---- backward, neuron by neuron ----
  const pvN = new Float64Array(Q)
  const F = new Float64Array(Q)
  for (let q = 0; q < pops.length; q++) {
    const pop = pops[q]
    const N = pop.size
    const lk = pop.neuron.leaky!
    const p = pop.paramTable ?? pop.params
    const sp = spikeLists[q]
    const ta = sp.tau
    const ts = pop.tauS
    const biasOn = pop.biasOffset >= 0 && pop.biasTrainable
    const inputOn = sp.trainable
    for (let j = 0; j < N; j++) {
      const n = pop.neuronOffset + j
      if (readOff[n] < 0) continue
      const tm = lk.tau(p, N, j)
      const vth = lk.threshold(p, N, j)
      const vr = lk.resetValue(p, N, j)
      const b = pop.biasOffset >= 0 ? theta[pop.biasOffset + j] : 0
      const shift = pop.gateShift?.[j] ?? 0
      sg.set(b, tm, ta)
      const row = readOff[n]
      const stride = readStride[n]
      let pv = 0
      let pa = 0
      let db = 0
      let tc = T
      let ks = sp.t.length - 1
      /** Closed form back from tc to t (out of the zone), input spikes in [t, tc] on the way. */
      const gapBack = (t: number): void => {
        while (ks >= 0 && sp.t[ks] >= t) {
          const tk = sp.t[ks]
          step(tk)
          const e = sp.entry[j * sp.C + sp.c[ks]]
          if (e >= 0 && inputOn) grad[e] += pa / ta
          ks--
        }
        step(t)
      }
      const step = (t: number): void => {
        const d = tc - t
        if (d <= 0) return
        const em = Math.exp(-d / tm)
        pa = pa * Math.exp(-d / ta) + pv * sg.phiTa(d)
        db += pv * -Math.expm1(-d / tm)
        pv *= em
        tc = t
      }
      for (let pc = pieceFirst[n + 1] - 1; pc >= pieceFirst[n]; pc--) {
        const beta = pcBe.a[pc]
        gapBack(beta)
        // the readout's gradient over the gap after the piece: s decays from s(β)
        if (readTrainable) {
          const after = pc + 1 < pieceFirst[n + 1] ? pcStart[pc + 1] : G - 1
          const e = Math.exp(-(gt[after] - beta) / ts)
          const s = pcSEnd[pc]
          for (let r = 0; r < R; r++) grad[row + r * stride] += s * ts * (Pg[pcEnd[pc] * R + r] - e * Pg[after * R + r])
        }
        sg.base(pcV0.a[pc], pcA0.a[pc])
        if (pcReset[pc] === 1) {
          const d = beta - pcT0.a[pc]
          const aHit = sg.a(d)
          const fMinus = (-vth + b + aHit) / tm
          const fPlus = (-vr + b + aHit) / tm
          pv *= fPlus / fMinus
        }
        // the zone piece, interval by interval, back from β to α
        for (let i = pcEnd[pc] - 1; i >= pcStart[pc]; i--) {
          const t0 = gt[i]
          const h = gt[i + 1] - t0
          for (let m = 0; m < Q; m++) {
            const x = t0 + h * XI[m]
            const d = x - pcT0.a[pc]
            vv[0] = sg.v(d) - shift
            pop.gate.evaluate !== undefined ? pop.gate.evaluate(vv, 0, 1, gv) : (gv[0] = pop.gate.value(vv[0]))
            let ps = 0
            let e = 0
            for (let r = 0; r < R; r++) {
              const w = theta[row + r * stride]
              ps += w * PN[(i * Q + m) * R + r]
              e += w * cN[(i * Q + m) * R + r]
            }
            F[m] = Math.exp((-h * XI[m]) / tm) * gv[0] * ((ps - e) / ts)
          }
          let end = 0
          for (let m = 0; m < Q; m++) {
            let acc = 0
            for (let k = 0; k < Q; k++) acc += (WQ[k] - IM[m * Q + k]) * F[k]
            pvN[m] = Math.exp((-h * (1 - XI[m])) / tm) * pv - Math.exp((h * XI[m]) / tm) * h * acc
            end += WQ[m] * F[m]
          }
          let paSum = 0
          let bSum = 0
          for (let m = 0; m < Q; m++) {
            paSum += WQ[m] * Math.exp((-h * XI[m]) / ta) * pvN[m]
            bSum += WQ[m] * pvN[m]
          }
          pa = Math.exp(-h / ta) * pa + (h / tm) * paSum
          db += (h / tm) * bSum
          pv = Math.exp(-h / tm) * pv - h * end
          tc = t0
        }
        // the readout's gradient is summed on the zone's nodes in the forward sweep
      }
      gapBack(0)
      if (readTrainable) {
        const first = pieceFirst[n] < pieceFirst[n + 1] ? pcStart[pieceFirst[n]] : G - 1
        const e = Math.exp(-gt[first] / ts)
        for (let r = 0; r < R; r++) grad[row + r * stride] += sNeuron0[n] * ts * (Pg[r] - e * Pg[first * R + r])
      }
      if (biasOn) grad[pop.biasOffset + j] += db
      if (inputOn) {
        for (let c = 0; c < sp.C; c++) {
          const e = sp.entry[j * sp.C + c]
          if (e >= 0) grad[e] += pa * y0[sp.trace + c]
        }
      }
      void vr
    }
  }
  for (let k = 0; k < grad.length; k++) {
    if (!Number.isFinite(grad[k])) return left(nonFiniteState(0, k, 'the closed-form gradient', `entry ${k} of θ`))
  }
  return right(solution(loss, grad, events, { forwardMs, backwardMs: performance.now() - clock1 }, S, nodes, P))
}

function solution(
  loss: number,
  gradient: Float64Array,
  events: FiredEvent[],
  timing: { forwardMs: number; backwardMs: number },
  intervals: number,
  nodes: number,
  pieces: number,
): GradientSolution {
  events.sort((x, y) => x.t - y.t)
  return {
    loss,
    gradient,
    initialStateGradient: new Float64Array(0),
    y1: new Float64Array(0),
    events,
    stats: {
      forward: { rhsEvals: nodes, steps: intervals, accepted: intervals, rejected: 0, events: events.length, checkpoints: 0 },
      recompute: { rhsEvals: 0, steps: 0, accepted: 0, rejected: 0, events: 0 },
      backward: { vjpStateEvals: 0, vjpParamsEvals: 0, rhsEvals: 0, steps: pieces, accepted: pieces, rejected: 0 },
      peakTrajectoryBytes: 0,
      memory: 'all',
      timing: { forwardMs: timing.forwardMs, recomputeMs: 0, backwardMs: timing.backwardMs, quadratureMs: 0 },
    },
  }
}
