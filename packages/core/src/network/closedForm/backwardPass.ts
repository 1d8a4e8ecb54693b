/**
 * The closed form's backward pass (the adjoint of closedFormNetwork.ts). First the few channels
 * P_r, τs Ṗ = P − c with P(T) = 0, at the grid, and D_r = P_r − c_r on each interval as a
 * polynomial; then neuron by neuron, back in time: p_v and p_a in closed form outside the zone,
 * by quadrature inside (ṗ_v = p_v/τm + g(v) ṗ_s with p_s = Σ_r O_r D_r/τs), the reset's jump
 * p_v⁻ = p_v⁺ f⁺/f⁻, and the gradients of the bias (∫ p_v/τm), the input weights (p_a/τa at each
 * of their spikes, p_a(0) r_c(0)) and the readout between pieces (∫ c_r s).
 */
import { atNodes } from './forwardPass.js'
import { room, type Workspace } from './workspace.js'

/** The channels into w.Pg (G·R) and the polynomials of D into w.DC ((i·R + r)·Q + k, the coefficient of θ^k). */
export function channels(w: Workspace): void {
  const { tauS, cN, gamma, decay, ck, dv } = w
  const { Q, XI, WQ, IM, POLY } = w.rule
  const R = w.net.readout.size
  const G = w.g.n
  const S = G - 1
  const gt = w.g.a
  const Pg = (w.Pg = room(w.Pg, G * R))
  Pg.fill(0, S * R, G * R)
  for (let i = S - 1; i >= 0; i--) {
    const e = Math.exp(-(gt[i + 1] - gt[i]) / tauS)
    for (let r = 0; r < R; r++) Pg[i * R + r] = e * Pg[(i + 1) * R + r] + gamma[i * R + r] / tauS
  }
  const DC = (w.DC = room(w.DC, S * R * Q))
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
}

/** Every read neuron's adjoint, its gradients added into grad. */
export function backwardPass(w: Workspace, grad: Float64Array): void {
  const pops = w.net.populations
  for (let q = 0; q < pops.length; q++) for (let j = 0; j < pops[q].size; j++) neuronBackward(w, q, j, grad)
}

function neuronBackward(w: Workspace, q: number, j: number, grad: Float64Array): void {
  const pop = w.net.populations[q]
  const n = pop.neuronOffset + j
  const { readRow, readStride } = w.plan
  if (readRow[n] < 0) return
  const { sg, theta, y0, T, spkT, spkC, pieceFirst, pcBe, pcAl, pcS1, pcV0, pcA0, pcT0, pcReset, pcSub, spT, spH, pcStart, pcEnd, Pg, DC, eM, eA, gN, F, pvN } = w
  const { Q, XI, WQ, IM } = w.rule
  const R = w.net.readout.size
  const G = w.g.n
  const S = G - 1
  const gt = w.g.a
  const C = w.plan.inputSize[q]
  const ta = w.plan.inputTau[q]
  const trace = w.plan.inputTrace[q]
  const entry = w.plan.inputEntry[q]
  const k0 = w.spkFirst[q]
  const ts = pop.tauS
  const biasOn = pop.biasOffset >= 0 && pop.biasTrainable
  const inputOn = w.plan.inputTrainable[q] === 1
  const readTrainable = w.net.readout.trainable
  const tm = w.plan.tau[n]
  const vth = w.plan.threshold[n]
  const vr = w.plan.resetValue[n]
  const b = w.nB[n]
  const shift = w.nShift[n]
  sg.set(b, tm, ta)
  const row = readRow[n]
  const stride = readStride[n]
  let pv = 0
  let pa = 0
  let db = 0
  let tc = T
  let ks = w.spkFirst[q + 1] - 1
  let ci = S - 1
  for (let pc = pieceFirst[n + 1] - 1; pc >= pieceFirst[n] - 1; pc--) {
    // back through the gap before tc (out of the zone), in closed form, input spikes on the way
    const beta = pc >= pieceFirst[n] ? pcBe.a[pc] : 0
    for (;;) {
      const stop = ks >= k0 && spkT.a[ks] >= beta ? spkT.a[ks] : beta
      const d = tc - stop
      if (d > 0) {
        pa = pa * Math.exp(-d / ta) + pv * sg.phiTa(d)
        db -= pv * Math.expm1(-d / tm)
        pv *= Math.exp(-d / tm)
        tc = stop
      }
      if (!(ks >= k0 && spkT.a[ks] >= beta)) break
      const e = entry[j * C + spkC.a[ks]]
      if (e >= 0 && inputOn) grad[e] += pa / ta
      ks--
    }
    tc = beta
    // the readout's gradient over the gap after the piece: s decays from its value at β
    if (readTrainable) {
      const from = pc >= pieceFirst[n] ? pcEnd[pc] : 0
      const to = pc + 1 < pieceFirst[n + 1] ? pcStart[pc + 1] : G - 1
      const e = Math.exp(-(gt[to] - gt[from]) / ts)
      const s = pc >= pieceFirst[n] ? pcS1.a[pc] : w.nS0[n]
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
      atNodes(w, q, shift, t0 - tSeg, h)
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
        pvN[m] = (eh * pv - h * acc) / eM[m]
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
    for (let c = 0; c < C; c++) {
      const e = entry[j * C + c]
      if (e >= 0) grad[e] += pa * y0[trace + c]
    }
  }
}
