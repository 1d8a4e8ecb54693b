/**
 * The closed form's forward pass, neuron by neuron: v in closed form between input spikes, the
 * zone pieces (entry, exit, threshold crossing — roots of a monotone function), each split into
 * sub-pieces on which the trace τs ṡ = −s + g(v) v̇ is a Gauss–Legendre quadrature of
 * g(v) v̇ e^{t/τs}, stored as a polynomial (see closedFormNetwork.ts).
 */
import { invalidProblem, maxStepsExceeded, nonFiniteState, type SolveError } from '../../ode/solveError.js'
import { extremum, levelRoot } from './segment.js'
import type { Workspace } from './workspace.js'

/**
 * At the rule's nodes of [d0, d0 + h] of the segment in w.sg: v̇ into w.rN, g(v) into w.gN (gate
 * of population q, shifted by `shift`), e^{−hξ/τm} and e^{−hξ/τa} into w.eM and w.eA.
 */
export function atNodes(w: Workspace, q: number, shift: number, d0: number, h: number): void {
  const { sg, rN, gN, eM, eA } = w
  const { Q, XI } = w.rule
  const tm = sg.tm
  const ta = sg.ta
  const gate = w.net.populations[q].gate
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

/** Every neuron's pieces, sub-pieces and resets (w.events), or the SolveError of a bad start, a stuck voltage or a non-finite value. */
export function forwardPass(w: Workspace): SolveError | undefined {
  const pops = w.net.populations
  for (let q = 0; q < pops.length; q++) {
    for (let j = 0; j < pops[q].size; j++) {
      const failed = neuronForward(w, q, j)
      if (failed !== undefined) return failed
    }
  }
  w.pieceFirst[w.net.layout.neurons] = w.pieces
  return undefined
}

function neuronForward(w: Workspace, q: number, j: number): SolveError | undefined {
  const pop = w.net.populations[q]
  const N = pop.size
  const { sg, theta, y0, T, sample, spkT, spkC } = w
  const C = w.plan.inputSize[q]
  const ta = w.plan.inputTau[q]
  const trace = w.plan.inputTrace[q]
  const entry = w.plan.inputEntry[q]
  const k0 = w.spkFirst[q]
  const K = w.spkFirst[q + 1] - k0
  const n = pop.neuronOffset + j
  w.pieceFirst[n] = w.pieces
  const tm = w.plan.tau[n]
  const vth = w.plan.threshold[n]
  const vr = w.plan.resetValue[n]
  const shift = pop.gateShift?.[j] ?? 0
  const lo = pop.gate.center - pop.gate.width / 2 + shift
  const b = pop.biasOffset >= 0 ? theta[pop.biasOffset + j] : 0
  sg.set(b, tm, ta)
  w.nB[n] = b
  w.nShift[n] = shift
  let a = 0
  for (let c = 0; c < C; c++) {
    const e = entry[j * C + c]
    if (e >= 0) a += theta[e] * y0[trace + c]
  }
  let v = y0[pop.stateOffset + pop.neuron.voltageIndex * N + j]
  if (!(v < vth)) return invalidProblem(`populations.${pop.name}.initialState`, `has v = ${v} for neuron ${j}, at or above its threshold ${vth}: start it below (the closed form, like the reset event, sees a threshold crossed only from below)`)
  // the trace, valid at sAt
  let s = y0[pop.traceOffset + j]
  let sAt = 0
  w.nS0[n] = s
  let inZone = v >= lo
  let alpha = 0
  let kS = 0
  for (let k = 0; k <= K; k++) {
    const tEnd = k < K ? spkT.a[k0 + k] : T
    sg.base(v, a)
    let tSeg = k === 0 ? 0 : spkT.a[k0 + k - 1]
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
      s = closePiece(w, q, n, shift, tSeg, alpha, tSeg + hit, reset, s, sAt)
      sAt = tSeg + hit
      inZone = false
      if (reset) {
        if (sample !== undefined) kS = sampleV(w, n, kS, tSeg + hit, false, tSeg)
        w.events.push({ t: tSeg + hit, family: w.plan.resetFamily[q], index: j })
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
      return {
        ...maxStepsExceeded(tSeg + from, guard),
        message: `the closed form found 100 000 events of neuron ${j} of population "${pop.name}" between two input spikes, the last at t = ${tSeg + from} ms: its voltage sits on its gate's edge or its threshold; solve this network with structure 'monolithic'`,
      }
    }
    // the segment's end: v, a there; an input spike adds to a
    if (sample !== undefined) kS = sampleV(w, n, kS, tEnd, k === K, tSeg)
    const dEnd = tEnd - tSeg
    v = sg.v(dEnd)
    a = sg.a(dEnd)
    if (inZone) {
      s = closePiece(w, q, n, shift, tSeg, alpha, tEnd, false, s, sAt)
      sAt = tEnd
      alpha = tEnd
    }
    if (k < K) {
      const e = entry[j * C + spkC.a[k0 + k]]
      if (e >= 0) a += theta[e] / ta
    }
  }
  if (!Number.isFinite(v) || !Number.isFinite(s)) return nonFiniteState(T, pop.stateOffset + j, 'the closed-form solution', `v of neuron ${j} of population "${pop.name}"`)
  if (sample !== undefined) {
    sample.finalVoltages[n] = v
    sampleTraces(w, n, w.pieceFirst[n], w.pieces, pop.tauS)
  }
  return undefined
}

/** v at the sample times from index kS before `until` (and at it, when `inclusive`), on the segment in w.sg based at tBase; the next index. */
function sampleV(w: Workspace, n: number, kS: number, until: number, inclusive: boolean, tBase: number): number {
  const sample = w.sample!
  const times = sample.times
  const N = w.net.layout.neurons
  while (kS < times.length && (times[kS] < until || (inclusive && times[kS] === until))) {
    sample.voltages[kS * N + n] = w.sg.v(times[kS] - tBase)
    kS++
  }
  return kS
}

/**
 * The piece [α, at] of neuron n (population q) on the segment in w.sg based at tSeg: its
 * sub-pieces and the trace over them, from s (the trace at sAt). Returns the trace at `at`.
 */
function closePiece(w: Workspace, q: number, n: number, shift: number, tSeg: number, alpha: number, at: number, reset: boolean, s: number, sAt: number): number {
  const { sg, cuts, H, rN, gN, perWidth, hMax } = w
  const { Q, XI, ANTI } = w.rule
  const pop = w.net.populations[q]
  const width = pop.gate.width
  const ts = pop.tauS
  const kinks = w.kinks.a
  const nK = w.kinks.n
  const pc = w.addPiece(n, tSeg, sg.v0, sg.a0, alpha, at, reset)
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
  let last = nK
  while (first < last) {
    const mid = (first + last) >> 1
    if (kinks[mid] - tSeg <= d0) first = mid + 1
    else last = mid
  }
  for (let k = first; k < nK; k++) {
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
  w.pcS0.a[pc] = s
  for (let k = 0; k + 1 < cuts.n; k++) {
    const u0 = cuts.a[k]
    const h = cuts.a[k + 1] - u0
    if (!(h > 0)) continue
    // no sub-piece longer than hMax: the integrands hold e^{t/τs}, e^{−t/τm}
    if (h > hMax) {
      const parts = Math.ceil(h / hMax)
      cuts.grow(cuts.n + parts - 1)
      cuts.a.copyWithin(k + parts, k + 1, cuts.n)
      for (let i = 1; i < parts; i++) cuts.a[k + i] = u0 + (h * i) / parts
      cuts.n += parts - 1
      k--
      continue
    }
    atNodes(w, q, shift, u0, h)
    for (let m = 0; m < Q; m++) H[m] = (gN[m] * rN[m]) / Math.exp((-h * XI[m]) / ts)
    const sub = w.addSub(tSeg + u0, h, s, Q)
    const coef = w.spC.a
    let total = 0
    for (let i = 0; i < Q; i++) {
      let c = 0
      for (let k2 = 0; k2 < Q; k2++) c += ANTI[k2 * Q + i] * H[k2]
      coef[sub * Q + i] = c
      total += c
    }
    s = Math.exp(-h / ts) * (s + (h / ts) * total)
  }
  w.pcSub.a[pc + 1] = w.subs
  w.pcS1.a[pc] = s
  return s
}

/** s of neuron n at the sample times, from its pieces first … end − 1 (decaying between them). */
function sampleTraces(w: Workspace, n: number, first: number, end: number, ts: number): void {
  const out = w.sample!
  const Q = w.rule.Q
  const N = w.net.layout.neurons
  const { pcAl, pcBe, pcS0, pcS1, pcSub, spT, spH, spS0, spC } = w
  let pc = first
  let sPrev = w.nS0[n]
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
    out.traces[k * N + n] = value
  }
}
