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
import { invalidProblem, maxStepsExceeded, nonFiniteState, type SolveError } from '../../ode/solveError.js'
import type { Trial } from '../../plugin/task.js'
import type { Network } from '../network.js'
import { trialInitialState } from '../networkEvents.js'

// -------------------------------------------------------------------------------------
// model
// -------------------------------------------------------------------------------------

/** What the closed-form solve needs of a network, gathered once (`closedFormPlan`). */
export interface ClosedFormPlan {
  readonly network: Network
  /** Per population: the index of the spike projection it reads (−1: none). */
  readonly spikeProjection: Int32Array
}

/** Where a closed-form solve samples its neurons: at `times`, into traces and voltages (k·N + neuron), v at the end into finalVoltages. */
export interface ClosedFormSample {
  readonly times: Float64Array
  readonly traces: Float64Array
  readonly voltages: Float64Array
  readonly finalVoltages: Float64Array
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

/**
 * A Gauss–Legendre rule of Q nodes on [0, 1] with what the quadratures here need of it: the
 * integration matrix IM[m·Q + k] = ∫_0^{ξ_m} ℓ_k (ℓ_k the Lagrange polynomial of node k), and the
 * monomial coefficients of ℓ_k, POLY[k·Q + i] (of θ^i), and of its antiderivative from 0,
 * ANTI[k·Q + i] (of θ^{i+1}).
 */
interface Rule {
  readonly Q: number
  readonly XI: Float64Array
  readonly WQ: Float64Array
  readonly IM: Float64Array
  readonly POLY: Float64Array
  readonly ANTI: Float64Array
}

const rules = new Map<number, Rule>()

function ruleOf(Q: number): Rule {
  const known = rules.get(Q)
  if (known !== undefined) return known
  const { nodes: XI, weights: WQ } = gaussLegendre(Q)
  const POLY = new Float64Array(Q * Q)
  for (let k = 0; k < Q; k++) {
    // Π_{i≠k} (θ − ξ_i)/(ξ_k − ξ_i), expanded
    const c = new Float64Array(Q)
    c[0] = 1
    let deg = 0
    for (let i = 0; i < Q; i++) {
      if (i === k) continue
      const den = XI[k] - XI[i]
      for (let e = deg + 1; e >= 0; e--) c[e] = ((e > 0 ? c[e - 1] : 0) - XI[i] * (e <= deg ? c[e] : 0)) / den
      deg++
    }
    POLY.set(c, k * Q)
  }
  const ANTI = new Float64Array(Q * Q)
  for (let k = 0; k < Q; k++) for (let i = 0; i < Q; i++) ANTI[k * Q + i] = POLY[k * Q + i] / (i + 1)
  const IM = new Float64Array(Q * Q)
  for (let m = 0; m < Q; m++) {
    for (let k = 0; k < Q; k++) {
      let acc = 0
      let pw = XI[m]
      for (let i = 0; i < Q; i++, pw *= XI[m]) acc += ANTI[k * Q + i] * pw
      IM[m * Q + k] = acc
    }
  }
  const rule = { Q, XI, WQ, IM, POLY, ANTI }
  rules.set(Q, rule)
  return rule
}

/** expm1(x)/x, 1 at 0. */
const relExpm1 = (x: number): number => (Math.abs(x) < 1e-8 ? 1 + x / 2 : Math.expm1(x) / x)

/**
 * One neuron between two events: v(Δ), a(Δ) from (v0, a0) at the segment's start. The constants
 * are set by `set`, the start by `base`; the functions read them (one object reused, no
 * allocation per call).
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

/** A growable list of numbers in a Float64Array, kept from solve to solve. */
class Numbers {
  a = new Float64Array(256)
  n = 0
  push(x: number): void {
    if (this.n === this.a.length) this.grow(this.n + 1)
    this.a[this.n++] = x
  }
  /** Room for `size` entries (the list's length unchanged). */
  grow(size: number): void {
    if (size <= this.a.length) return
    const b = new Float64Array(Math.max(size, 2 * this.a.length))
    b.set(this.a.subarray(0, this.n))
    this.a = b
  }
  clear(): void {
    this.n = 0
  }
}

/**
 * The zone pieces and sub-pieces of a solve, and its grid, in arrays that the next solve reuses
 * (a training run solves thousands of trials of one shape).
 */
class Workspace {
  readonly pcN = new Numbers()
  readonly pcT0 = new Numbers()
  readonly pcV0 = new Numbers()
  readonly pcA0 = new Numbers()
  readonly pcAl = new Numbers()
  readonly pcBe = new Numbers()
  readonly pcReset = new Numbers()
  /** First sub-piece of each piece; entry P is the end of the last. */
  readonly pcSub = new Numbers()
  readonly pcS0 = new Numbers()
  readonly pcS1 = new Numbers()
  readonly spT = new Numbers()
  readonly spH = new Numbers()
  readonly spS0 = new Numbers()
  readonly spC = new Numbers()
  readonly grid = new Numbers()
  readonly g = new Numbers()
  pieces = 0
  subs = 0
  reset(): void {
    for (const list of [this.pcN, this.pcT0, this.pcV0, this.pcA0, this.pcAl, this.pcBe, this.pcReset, this.pcSub, this.pcS0, this.pcS1, this.spT, this.spH, this.spS0, this.spC, this.grid, this.g]) list.clear()
    this.pieces = 0
    this.subs = 0
    this.pcSub.push(0)
  }
  addPiece(n: number, t0: number, v0: number, a0: number, alpha: number, beta: number, reset: boolean): number {
    this.pcN.push(n)
    this.pcT0.push(t0)
    this.pcV0.push(v0)
    this.pcA0.push(a0)
    this.pcAl.push(alpha)
    this.pcBe.push(beta)
    this.pcReset.push(reset ? 1 : 0)
    this.pcS0.push(0)
    this.pcS1.push(0)
    this.pcSub.push(this.subs)
    return this.pieces++
  }
  addSub(t0: number, h: number, s0: number, Q: number): number {
    this.spT.push(t0)
    this.spH.push(h)
    this.spS0.push(s0)
    this.spC.grow((this.subs + 1) * Q)
    this.spC.n = (this.subs + 1) * Q
    return this.subs++
  }
}

const workspace = new Workspace()

/**
 * L and dL/dθ of `network` on `trial` at θ in closed form (`closedFormPlan`), or the SolveError of
 * a non-finite value or a bad initial state. `withGradient: false` computes the loss alone;
 * `sample`, when given, receives v and s of every neuron at its times (`simulate`'s grid).
 */
export function closedFormGradient(
  plan: ClosedFormPlan,
  trial: Trial,
  theta: Float64Array,
  options: ClosedFormOptions,
  withGradient = true,
  sample?: ClosedFormSample,
): Either<SolveError, GradientSolution> {
  const clock0 = performance.now()
  const net = plan.network
  const T = trial.duration
  const pops = net.populations
  const { readout, losses } = net
  const R = readout.size
  const y0 = trialInitialState(net, trial)
  const rtol = options.rtol
  // resolution from rtol: the rule, the zone's pieces per gate width, the longest cost interval
  const rule = ruleOf(rtol >= 1e-4 ? 4 : rtol >= 1e-7 ? 6 : 8)
  const { Q, XI, WQ, IM, POLY, ANTI } = rule
  const perWidth = rtol >= 1e-4 ? 2 : Math.ceil(3 * Math.pow(1e-4 / rtol, 1 / 8))
  let tauMin = Math.min(...pops.map((p) => p.tauS), ...net.inputs.map((i) => i.tauS))
  for (const pop of pops) for (let j = 0; j < pop.size; j++) tauMin = Math.min(tauMin, pop.neuron.leaky!.tau(pop.paramTable ?? pop.params, pop.size, j))
  const hMax = Math.min(tauMin, T / 16) * Math.min(1, Math.pow(rtol / 1e-3, 1 / 4))
  const hZone = hMax

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

  // ---- forward, neuron by neuron: zone pieces, their sub-pieces, the trace over them ----
  // a piece: neuron, its segment's start (t, v, a), [alpha, beta], whether it ends in a reset,
  // its first sub-piece and the trace at both ends; a sub-piece: [t0, t0 + h], the trace at t0,
  // and the coefficients c_i of s(t0 + hθ) = e^{−hθ/τs} (s0 + (h/τs) Σ_i c_i θ^{i+1})
  const ws = workspace
  ws.reset()
  const events: FiredEvent[] = []
  const sg = new Segment()
  const nTm = new Float64Array(Ntot)
  const nTa = new Float64Array(Ntot)
  const nTs = new Float64Array(Ntot)
  const nB = new Float64Array(Ntot)
  const nShift = new Float64Array(Ntot)
  const nPop = new Int32Array(Ntot)
  const nS0 = new Float64Array(Ntot)
  const pieceFirst = new Int32Array(Ntot + 1)
  const cuts = new Numbers()
  const bpList = Array.from(trial.breakpoints ?? [], Number).filter((b) => b > 0 && b < T)
  // where the adjoint's forcing may bend: the loss's breakpoints (c may jump) and every input
  // spike (v̇ of every neuron in its zone jumps, so the readout bends) — zone sub-pieces stop there
  const kinks = Float64Array.from(new Set([...bpList, ...spikeLists.flatMap((l) => Array.from(l.t))])).sort()
  const H = new Float64Array(Q)
  const rN = new Float64Array(Q)
  const gN = new Float64Array(Q)
  const eM = new Float64Array(Q)
  const eA = new Float64Array(Q)
  /** At the rule's nodes of [d0, d0 + h] of the segment in sg: v̇ into rN, g(v) into gN (gate of population q, shift), e^{−hξ/τm} and e^{−hξ/τa} into eM and eA. */
  const atNodes = (q: number, shift: number, d0: number, h: number): void => {
    const tm = sg.tm
    const ta = sg.ta
    const gate = pops[q].gate
    const em0 = Math.exp(-d0 / tm)
    const ea0 = Math.exp(-d0 / ta)
    const close = Math.abs(ta - tm) < 1e-6 * tm
    for (let m = 0; m < Q; m++) {
      eM[m] = Math.exp((-h * XI[m]) / tm)
      eA[m] = Math.exp((-h * XI[m]) / ta)
      const em = em0 * eM[m]
      const ea = ea0 * eA[m]
      const v = close ? sg.v(d0 + h * XI[m]) : sg.b + (sg.v0 - sg.b) * em + (sg.a0 * ta * (ea - em)) / (ta - tm)
      rN[m] = (-v + sg.b + sg.a0 * ea) / tm
      gN[m] = v - shift
    }
    if (gate.evaluate !== undefined) gate.evaluate(gN, 0, Q, gN)
    else for (let m = 0; m < Q; m++) gN[m] = gate.value(gN[m])
  }
  /** s of neuron n at the sample times, from its pieces first … end − 1 (decaying between them). */
  const sampleTraces = (n: number, first: number, end: number, ts: number, out: ClosedFormSample): void => {
    const { pcAl, pcBe, pcS0, pcS1, pcSub, spT, spH, spS0, spC } = ws
    let pc = first
    let sPrev = nS0[n]
    let tPrev = 0
    for (let k = 0; k < out.times.length; k++) {
      const t = out.times[k]
      while (pc < end && pcBe.a[pc] < t) {
        sPrev = pcS1.a[pc]
        tPrev = pcBe.a[pc]
        pc++
      }
      let value: number
      if (pc < end && pcAl.a[pc] <= t) {
        const last = pcSub.a[pc + 1] - 1
        let u = pcSub.a[pc]
        if (last < u) value = pcS0.a[pc]
        else {
          while (u < last && t > spT.a[u] + spH.a[u]) u++
          const th = (t - spT.a[u]) / spH.a[u]
          let poly = 0
          for (let i = Q - 1; i >= 0; i--) poly = (poly + spC.a[u * Q + i]) * th
          value = Math.exp(-(t - spT.a[u]) / ts) * (spS0.a[u] + (spH.a[u] / ts) * poly)
        }
      } else value = sPrev * Math.exp(-(t - tPrev) / ts)
      out.traces[k * Ntot + n] = value
    }
  }
  for (let q = 0; q < pops.length; q++) {
    const pop = pops[q]
    const N = pop.size
    const lk = pop.neuron.leaky!
    const p = pop.paramTable ?? pop.params
    const sp = spikeLists[q]
    const gateLo = pop.gate.center - pop.gate.width / 2
    const width = pop.gate.width
    const ts = pop.tauS
    for (let j = 0; j < N; j++) {
      const n = pop.neuronOffset + j
      pieceFirst[n] = ws.pieces
      const tm = lk.tau(p, N, j)
      const vth = lk.threshold(p, N, j)
      const vr = lk.resetValue(p, N, j)
      const shift = pop.gateShift?.[j] ?? 0
      const lo = gateLo + shift
      const b = pop.biasOffset >= 0 ? theta[pop.biasOffset + j] : 0
      sg.set(b, tm, sp.tau)
      nTm[n] = tm
      nTa[n] = sp.tau
      nTs[n] = ts
      nB[n] = b
      nShift[n] = shift
      nPop[n] = q
      let a = 0
      for (let c = 0; c < sp.C; c++) {
        const e = sp.entry[j * sp.C + c]
        if (e >= 0) a += theta[e] * y0[sp.trace + c]
      }
      let v = y0[pop.stateOffset + pop.neuron.voltageIndex * N + j]
      if (!(v < vth)) return left(invalidProblem(`populations.${pop.name}.initialState`, `has v = ${v} for neuron ${j}, at or above its threshold ${vth}: start it below (the closed form, like the reset event, sees a threshold crossed only from below)`))
      // the trace, valid at sAt
      let s = y0[pop.traceOffset + j]
      let sAt = 0
      nS0[n] = s
      let inZone = v >= lo
      let alpha = 0
      let kS = 0
      /** v at the sample times before `until` (and at it, when `inclusive`), on the segment based at tBase. */
      const sampleV = (until: number, inclusive: boolean, tBase: number): void => {
        if (sample === undefined) return
        const times = sample.times
        while (kS < times.length && (times[kS] < until || (inclusive && times[kS] === until))) {
          sample.voltages[kS * Ntot + n] = sg.v(times[kS] - tBase)
          kS++
        }
      }
      /** The piece [alpha, at] of the segment based at tSeg: its sub-pieces and the trace over them. */
      const closePiece = (tSeg: number, at: number, reset: boolean): void => {
        const pc = ws.addPiece(n, tSeg, sg.v0, sg.a0, alpha, at, reset)
        // sub-pieces: split at the extremum, then at levels a fraction of the width apart
        const d0 = alpha - tSeg
        const d1 = at - tSeg
        cuts.clear()
        cuts.push(d0)
        const dx = extremum(sg, d0, d1)
        const parts = Number.isNaN(dx) ? 1 : 2
        for (let k = 0; k < parts; k++) {
          const u0 = k === 0 ? d0 : dx
          const u1 = k === parts - 1 ? d1 : dx
          const w0 = sg.v(u0)
          const w1 = sg.v(u1)
          const K = Math.max(1, Math.ceil((perWidth * Math.abs(w1 - w0)) / width))
          let prev = u0
          for (let i = 1; i < K; i++) {
            const u = levelRoot(sg, prev, u1, w0 + ((w1 - w0) * i) / K)
            cuts.push(u)
            prev = u
          }
          cuts.push(u1)
        }
        // and where the adjoint's forcing may bend
        let first = 0
        let last = kinks.length
        while (first < last) {
          const mid = (first + last) >> 1
          if (kinks[mid] - tSeg <= d0) first = mid + 1
          else last = mid
        }
        for (let k = first; k < kinks.length; k++) {
          const u = kinks[k] - tSeg
          if (!(u < d1)) break
          if (!(u > d0)) continue
          let at2 = cuts.n
          while (at2 > 0 && cuts.a[at2 - 1] > u) at2--
          if (cuts.a[at2 - 1] === u) continue
          cuts.push(0)
          cuts.a.copyWithin(at2 + 1, at2, cuts.n - 1)
          cuts.a[at2] = u
        }
        // the trace at alpha, then sub-piece by sub-piece
        s *= Math.exp(-(alpha - sAt) / ts)
        ws.pcS0.a[pc] = s
        for (let k = 0; k + 1 < cuts.n; k++) {
          const u0 = cuts.a[k]
          const h = cuts.a[k + 1] - u0
          if (!(h > 0)) continue
          // no sub-piece longer than hZone: the integrands hold e^{t/τs}, e^{−t/τm}
          if (h > hZone) {
            const parts = Math.ceil(h / hZone)
            cuts.grow(cuts.n + parts - 1)
            cuts.a.copyWithin(k + parts, k + 1, cuts.n)
            for (let i = 1; i < parts; i++) cuts.a[k + i] = u0 + (h * i) / parts
            cuts.n += parts - 1
            k--
            continue
          }
          atNodes(q, shift, u0, h)
          for (let m = 0; m < Q; m++) H[m] = (gN[m] * rN[m]) / Math.exp((-h * XI[m]) / ts)
          const sub = ws.addSub(tSeg + u0, h, s, Q)
          const coef = ws.spC.a
          let total = 0
          for (let i = 0; i < Q; i++) {
            let c = 0
            for (let k2 = 0; k2 < Q; k2++) c += ANTI[k2 * Q + i] * H[k2]
            coef[sub * Q + i] = c
            total += c
          }
          s = Math.exp(-h / ts) * (s + (h / ts) * total)
        }
        ws.pcSub.a[pc + 1] = ws.subs
        ws.pcS1.a[pc] = s
        sAt = at
      }
      for (let k = 0; k <= sp.t.length; k++) {
        const tEnd = k < sp.t.length ? sp.t[k] : T
        sg.base(v, a)
        let tSeg = k === 0 ? 0 : sp.t[k - 1]
        let from = 0
        let span = tEnd - tSeg
        let guard = 0
        for (; guard < 100_000; guard++) {
          const dx = extremum(sg, from, span)
          let hit = Number.NaN
          let reset = false
          for (let r = 0; r < 2; r++) {
            const u0 = r === 0 ? from : dx
            const u1 = r === 0 && !Number.isNaN(dx) ? dx : span
            if (r === 1 && Number.isNaN(dx)) break
            const f0 = sg.v(u0)
            const f1 = sg.v(u1)
            if (!inZone) {
              // the first rising crossing of lo
              if (f0 < lo && f1 >= lo) {
                hit = levelRoot(sg, u0, u1, lo)
                break
              }
              continue
            }
            // in the zone: the first of a rising crossing of v_th, a falling one of lo
            if (f1 >= vth && f0 < vth) {
              hit = levelRoot(sg, u0, u1, vth)
              reset = true
              break
            }
            if (f1 < lo && f0 >= lo) {
              hit = levelRoot(sg, u0, u1, lo)
              break
            }
          }
          if (Number.isNaN(hit)) break
          if (!inZone) {
            inZone = true
            alpha = tSeg + hit
            from = hit
            continue
          }
          closePiece(tSeg, tSeg + hit, reset)
          inZone = false
          if (reset) {
            sampleV(tSeg + hit, false, tSeg)
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
        if (guard === 100_000) {
          return left({
            ...maxStepsExceeded(tSeg + from, guard),
            message: `the closed form found 100 000 events of neuron ${j} of population "${pop.name}" between two input spikes, the last at t = ${tSeg + from} ms: its voltage sits on its gate's edge or its threshold; solve this network with structure 'monolithic'`,
          })
        }
        // the segment's end: v, a there; an input spike adds to a
        sampleV(tEnd, k === sp.t.length, tSeg)
        const dEnd = tEnd - tSeg
        v = sg.v(dEnd)
        a = sg.a(dEnd)
        if (inZone) {
          closePiece(tSeg, tEnd, false)
          alpha = tEnd
        }
        if (k < sp.t.length) {
          const e = sp.entry[j * sp.C + sp.c[k]]
          if (e >= 0) a += theta[e] / sp.tau
        }
      }
      if (!Number.isFinite(v) || !Number.isFinite(s)) return left(nonFiniteState(T, pop.stateOffset + j, 'the closed-form solution', `v of neuron ${j} of population "${pop.name}"`))
      if (sample !== undefined) {
        sample.finalVoltages[n] = v
        sampleTraces(n, pieceFirst[n], ws.pieces, ts, sample)
      }
    }
  }
  pieceFirst[Ntot] = ws.pieces
  const P = ws.pieces
  const { pcN, pcT0, pcV0, pcA0, pcAl, pcBe, pcReset, pcSub, pcS0, pcS1, spT, spH, spS0, spC } = ws

  // ---- the cost's grid: piece boundaries, breakpoints, 0, T, no interval longer than hMax ----
  const grid = ws.grid
  grid.push(0)
  grid.push(T)
  for (const bp of bpList) grid.push(bp)
  for (let k = 0; k < P; k++) {
    grid.push(pcAl.a[k])
    grid.push(pcBe.a[k])
  }
  const raw = grid.a.subarray(0, grid.n).sort()
  const g = ws.g
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
  const byStart = Int32Array.from({ length: P }, (_, k) => k).sort((x, y) => pcStart[x] - pcStart[y] || x - y)

  // ---- the sweep: the readout, the loss, c = ∂l/∂o at every node ----
  const S = G - 1
  const agg = new Float64Array(R)
  for (let n = 0; n < Ntot; n++) {
    if (readOff[n] < 0) continue
    for (let r = 0; r < R; r++) agg[r] += theta[readOff[n] + r * readStride[n]] * nS0[n]
  }
  const cN = withGradient ? new Float64Array(S * Q * R) : new Float64Array(0)
  const gamma = new Float64Array(S * R)
  const grad = new Float64Array(theta.length)
  const active: number[] = []
  const cursor: number[] = []
  // the readout weights of each active piece's neuron, R per slot (kept aligned with `active`)
  let wAct = new Float64Array(16 * Math.max(R, 1))
  const o = new Float64Array(R)
  const zeroS = new Float64Array(Ntot)
  const target = new Float64Array(Math.max(R, 1))
  const gradO = new Float64Array(R)
  const gradS = new Float64Array(Ntot)
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
      const n = pcN.a[pc]
      if (readOff[n] >= 0) for (let r = 0; r < R; r++) agg[r] += theta[readOff[n] + r * readStride[n]] * pcS1.a[pc]
      active.splice(k, 1)
      cursor.splice(k, 1)
      wAct.copyWithin(k * R, (k + 1) * R, (active.length + 1) * R)
    }
    while (next < P && pcStart[byStart[next]] === i) {
      const pc = byStart[next++]
      const n = pcN.a[pc]
      if (readOff[n] < 0) continue
      for (let r = 0; r < R; r++) agg[r] -= theta[readOff[n] + r * readStride[n]] * pcS0.a[pc]
      if (pcEnd[pc] > i) {
        if ((active.length + 1) * R > wAct.length) {
          const grown = new Float64Array(2 * wAct.length)
          grown.set(wAct)
          wAct = grown
        }
        for (let r = 0; r < R; r++) wAct[active.length * R + r] = theta[readOff[n] + r * readStride[n]]
        active.push(pc)
        cursor.push(pcSub.a[pc])
      } else for (let r = 0; r < R; r++) agg[r] += theta[readOff[n] + r * readStride[n]] * pcS1.a[pc]
    }
    for (let m = 0; m < Q; m++) decay[m] = Math.exp((-h * XI[m]) / tauS)
    // the active neurons' traces at the nodes, from their sub-pieces
    for (let k = 0; k < active.length; k++) {
      const pc = active[k]
      const last = pcSub.a[pc + 1] - 1
      let u = cursor[k]
      // e^{−(x − t_u)/τs} = e^{−(t0 − t_u)/τs} e^{−(x − t0)/τs}: one exp per sub-piece met
      let eu = Math.exp(-(t0 - spT.a[u]) / tauS)
      for (let m = 0; m < Q; m++) {
        const x = t0 + h * XI[m]
        while (u < last && x > spT.a[u] + spH.a[u]) {
          u++
          eu = Math.exp(-(t0 - spT.a[u]) / tauS)
        }
        const hu = spH.a[u]
        const th = (x - spT.a[u]) / hu
        let poly = 0
        for (let i2 = Q - 1; i2 >= 0; i2--) poly = (poly + spC.a[u * Q + i2]) * th
        sNodes[k * Q + m] = eu * decay[m] * (spS0.a[u] + (hu / tauS) * poly)
      }
      cursor[k] = u
    }
    for (let m = 0; m < Q; m++) {
      const x = t0 + h * XI[m]
      for (let r = 0; r < R; r++) o[r] = agg[r] * decay[m]
      for (let k = 0; k < active.length; k++) {
        const sv = sNodes[k * Q + m]
        for (let r = 0; r < R; r++) o[r] += wAct[k * R + r] * sv
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
          const n = pcN.a[active[k]]
          const sv = h * WQ[m] * sNodes[k * Q + m]
          for (let r = 0; r < R; r++) grad[readOff[n] + r * readStride[n]] += sv * gradO[r]
        }
      }
    }
    const e = Math.exp(-h / tauS)
    for (let r = 0; r < R; r++) agg[r] *= e
  }
  if (!Number.isFinite(loss)) return left(nonFiniteState(T, 0, 'the loss', 'the closed-form readout'))
  const forwardMs = performance.now() - clock0
  if (!withGradient) return right(solution(loss, grad, events, { forwardMs, backwardMs: 0 }, S, nodes, 0))

  // ---- backward: the channels P_r (τs Ṗ = P − c, P(T) = 0) at the grid, and D_r = P_r − c_r as a
  // polynomial on each interval: DC[(i·R + r)·Q + k], the coefficient of θ^k ----
  const clock1 = performance.now()
  const Pg = new Float64Array(G * R)
  for (let i = S - 1; i >= 0; i--) {
    const e = Math.exp(-(gt[i + 1] - gt[i]) / tauS)
    for (let r = 0; r < R; r++) Pg[i * R + r] = e * Pg[(i + 1) * R + r] + gamma[i * R + r] / tauS
  }
  const DC = new Float64Array(S * R * Q)
  const ck = new Float64Array(Q)
  const dv = new Float64Array(Q)
  for (let i = 0; i < S; i++) {
    const h = gt[i + 1] - gt[i]
    for (let m = 0; m < Q; m++) decay[m] = Math.exp((-h * XI[m]) / tauS)
    const eh = Math.exp(-h / tauS)
    for (let r = 0; r < R; r++) {
      for (let k = 0; k < Q; k++) ck[k] = cN[(i * Q + k) * R + r] * decay[k]
      for (let m = 0; m < Q; m++) {
        let acc = 0
        for (let k = 0; k < Q; k++) acc += (WQ[k] - IM[m * Q + k]) * ck[k]
        const pN = (eh / decay[m]) * Pg[(i + 1) * R + r] + ((h / tauS) * acc) / decay[m]
        dv[m] = pN - cN[(i * Q + m) * R + r]
      }
      const base = (i * R + r) * Q
      for (let k = 0; k < Q; k++) {
        let acc = 0
        for (let m = 0; m < Q; m++) acc += dv[m] * POLY[m * Q + k]
        DC[base + k] = acc
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
      const tm = nTm[n]
      const vth = lk.threshold(p, N, j)
      const vr = lk.resetValue(p, N, j)
      const b = nB[n]
      const shift = nShift[n]
      sg.set(b, tm, ta)
      const row = readOff[n]
      const stride = readStride[n]
      let pv = 0
      let pa = 0
      let db = 0
      let tc = T
      let ks = sp.t.length - 1
      let ci = S - 1
      for (let pc = pieceFirst[n + 1] - 1; pc >= pieceFirst[n] - 1; pc--) {
        // back through the gap before tc (out of the zone), in closed form, input spikes on the way
        const beta = pc >= pieceFirst[n] ? pcBe.a[pc] : 0
        for (;;) {
          const stop = ks >= 0 && sp.t[ks] >= beta ? sp.t[ks] : beta
          const d = tc - stop
          if (d > 0) {
            pa = pa * Math.exp(-d / ta) + pv * sg.phiTa(d)
            db -= pv * Math.expm1(-d / tm)
            pv *= Math.exp(-d / tm)
            tc = stop
          }
          if (!(ks >= 0 && sp.t[ks] >= beta)) break
          const e = sp.entry[j * sp.C + sp.c[ks]]
          if (e >= 0 && inputOn) grad[e] += pa / ta
          ks--
        }
        tc = beta
        // the readout's gradient over the gap after the piece: s decays from its value at β
        if (readTrainable) {
          const from = pc >= pieceFirst[n] ? pcEnd[pc] : 0
          const to = pc + 1 < pieceFirst[n + 1] ? pcStart[pc + 1] : G - 1
          const e = Math.exp(-(gt[to] - gt[from]) / ts)
          const s = pc >= pieceFirst[n] ? pcS1.a[pc] : nS0[n]
          for (let r = 0; r < R; r++) grad[row + r * stride] += s * ts * (Pg[from * R + r] - e * Pg[to * R + r])
        }
        if (pc < pieceFirst[n]) break
        sg.base(pcV0.a[pc], pcA0.a[pc])
        const tSeg = pcT0.a[pc]
        if (pcReset.a[pc] === 1) {
          const aHit = sg.a(beta - tSeg)
          pv *= (-vr + b + aHit) / (-vth + b + aHit)
        }
        // the zone piece, sub-piece by sub-piece, back from β to α
        for (let u = pcSub.a[pc + 1] - 1; u >= pcSub.a[pc]; u--) {
          const t0 = spT.a[u]
          const h = spH.a[u]
          atNodes(q, shift, t0 - tSeg, h)
          for (let m = Q - 1; m >= 0; m--) {
            const x = t0 + h * XI[m]
            while (ci > 0 && gt[ci] > x) ci--
            const th = (x - gt[ci]) / (gt[ci + 1] - gt[ci])
            let dps = 0
            for (let r = 0; r < R; r++) {
              const base = (ci * R + r) * Q
              let poly = 0
              for (let k = Q - 1; k >= 0; k--) poly = poly * th + DC[base + k]
              dps += theta[row + r * stride] * poly
            }
            F[m] = eM[m] * gN[m] * (dps / ts)
          }
          const eh = Math.exp(-h / tm)
          let end = 0
          for (let m = 0; m < Q; m++) {
            let acc = 0
            for (let k = 0; k < Q; k++) acc += (WQ[k] - IM[m * Q + k]) * F[k]
            pvN[m] = ((eh * pv) - h * acc) / eM[m]
            end += WQ[m] * F[m]
          }
          let paSum = 0
          let bSum = 0
          for (let m = 0; m < Q; m++) {
            paSum += WQ[m] * eA[m] * pvN[m]
            bSum += WQ[m] * pvN[m]
          }
          pa = Math.exp(-h / ta) * pa + (h / tm) * paSum
          db += (h / tm) * bSum
          pv = eh * pv - h * end
        }
        tc = pcAl.a[pc]
      }
      if (biasOn) grad[pop.biasOffset + j] += db
      if (inputOn) {
        for (let c = 0; c < sp.C; c++) {
          const e = sp.entry[j * sp.C + c]
          if (e >= 0) grad[e] += pa * y0[sp.trace + c]
        }
      }
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
