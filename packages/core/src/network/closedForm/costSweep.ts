/**
 * The closed form's cost: the grid of zone entries and exits (with the loss's breakpoints, 0 and
 * T, no interval longer than hMax), then one sweep along it. The readout o = Σ O s is the
 * decaying sum of the neurons outside their zones plus the few inside; the loss
 * L = ∫ l(t, o) dt is Gauss–Legendre on every interval, and c = ∂l/∂o is kept at every node for
 * the backward pass, with γ_r = ∫ c_r e^{−(t−t_i)/τs} dt over interval i.
 */
import { nonFiniteState, type SolveError } from '../../ode/solveError.js'
import { exact, room, roomInt, type Workspace } from './workspace.js'

/** The grid into w.g and each piece's first and last grid index into w.pcStart, w.pcEnd; pieces by start into w.byStart. */
export function buildGrid(w: Workspace): void {
  const { grid, g, pcAl, pcBe, hMax, T } = w
  const P = w.pieces
  grid.push(0)
  grid.push(T)
  for (let k = 0; k < w.bp.n; k++) grid.push(w.bp.a[k])
  for (let k = 0; k < P; k++) {
    grid.push(pcAl.a[k])
    grid.push(pcBe.a[k])
  }
  const raw = grid.a.subarray(0, grid.n).sort()
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
  w.pcStart = roomInt(w.pcStart, P)
  w.pcEnd = roomInt(w.pcEnd, P)
  for (let k = 0; k < P; k++) {
    w.pcStart[k] = gridIndex(g.a, G, pcAl.a[k])
    w.pcEnd[k] = gridIndex(g.a, G, pcBe.a[k])
  }
  // pieces ordered by their first grid index, ties by piece index (a counting sort)
  w.startCount = roomInt(w.startCount, G + 1)
  w.byStart = roomInt(w.byStart, P)
  const count = w.startCount
  count.fill(0, 0, G + 1)
  for (let k = 0; k < P; k++) count[w.pcStart[k] + 1]++
  for (let i = 0; i < G; i++) count[i + 1] += count[i]
  for (let k = 0; k < P; k++) w.byStart[count[w.pcStart[k]]++] = k
}

/** The first index of the grid gt[0 … G − 1] whose point is ≥ x. */
function gridIndex(gt: Float64Array, G: number, x: number): number {
  let lo = 0
  let hi = G - 1
  while (lo < hi) {
    const mid = (lo + hi) >> 1
    if (gt[mid] < x) lo = mid + 1
    else hi = mid
  }
  return lo
}

/** The loss, with the readout's gradient added into grad and c, γ into w.cN, w.gamma; or the SolveError of a non-finite loss. */
export function costSweep(w: Workspace, grad: Float64Array): { readonly loss: number; readonly nodes: number } | SolveError {
  const { theta, trial, withGradient, tauS, pcN, pcS0, pcS1, pcSub, spT, spH, spS0, spC } = w
  const { readout, losses } = w.net
  const { readRow, readStride } = w.plan
  const { Q, XI, WQ } = w.rule
  const R = readout.size
  const Ntot = w.net.layout.neurons
  const P = w.pieces
  const G = w.g.n
  const gt = w.g.a
  const S = G - 1
  const { pcStart, pcEnd, byStart, decay } = w
  const agg = (w.agg = room(w.agg, R)).fill(0, 0, R)
  for (let n = 0; n < Ntot; n++) {
    if (readRow[n] < 0) continue
    for (let r = 0; r < R; r++) agg[r] += theta[readRow[n] + r * readStride[n]] * w.nS0[n]
  }
  const cN = withGradient ? (w.cN = room(w.cN, S * Q * R)) : w.cN
  const gamma = (w.gamma = room(w.gamma, S * R)).fill(0, 0, S * R)
  // what the loss plugins are handed has their exact size
  const o = (w.o = exact(w.o, R))
  const target = (w.target = exact(w.target, Math.max(R, 1))).fill(0)
  const gradO = (w.gradO = exact(w.gradO, R))
  const zeroS = (w.zeroS = exact(w.zeroS, Ntot)).fill(0)
  const gradS = (w.gradS = exact(w.gradS, Ntot)).fill(0)
  // the active pieces (in the zone over the interval), their sub-piece cursors, the readout
  // weights of their neurons (R per slot) and their traces at the nodes (Q per slot)
  let nAct = 0
  let loss = 0
  let next = 0
  let nodes = 0
  const readTrainable = readout.trainable && withGradient
  // losses that vanish where the trial's weight does: intervals of weight 0 skip the readout there
  let skippable = losses.length > 0
  for (const ls of losses) if (ls.zeroWhereUnweighted !== true) skippable = false
  const Rt = Math.max(R, 1)
  const tN = (w.tN = room(w.tN, Q * Rt))
  const wN = w.wN
  for (let i = 0; i < S; i++) {
    const t0 = gt[i]
    const h = gt[i + 1] - t0
    // pieces that end here leave the zone: back into the readout's decaying sum
    for (let k = nAct - 1; k >= 0; k--) {
      const pc = w.active[k]
      if (pcEnd[pc] !== i) continue
      const n = pcN.a[pc]
      if (readRow[n] >= 0) for (let r = 0; r < R; r++) agg[r] += theta[readRow[n] + r * readStride[n]] * pcS1.a[pc]
      w.active.copyWithin(k, k + 1, nAct)
      w.cursor.copyWithin(k, k + 1, nAct)
      w.wAct.copyWithin(k * R, (k + 1) * R, nAct * R)
      nAct--
    }
    while (next < P && pcStart[byStart[next]] === i) {
      const pc = byStart[next++]
      const n = pcN.a[pc]
      if (readRow[n] < 0) continue
      for (let r = 0; r < R; r++) agg[r] -= theta[readRow[n] + r * readStride[n]] * pcS0.a[pc]
      if (pcEnd[pc] > i) {
        if (nAct === w.active.length) growActive(w, nAct)
        w.wAct = growKept(w.wAct, (nAct + 1) * R)
        for (let r = 0; r < R; r++) w.wAct[nAct * R + r] = theta[readRow[n] + r * readStride[n]]
        w.active[nAct] = pc
        w.cursor[nAct] = pcSub.a[pc]
        nAct++
      } else for (let r = 0; r < R; r++) agg[r] += theta[readRow[n] + r * readStride[n]] * pcS1.a[pc]
    }
    if (skippable) {
      let weighted = false
      for (let m = 0; m < Q; m++) {
        wN[m] = trial.target(t0 + h * XI[m], target)
        tN.set(target, m * Rt)
        if (wN[m] !== 0) weighted = true
      }
      if (!weighted) {
        // l = 0 and c = 0 at every node: only the readout's decaying sum moves on
        if (withGradient) cN.fill(0, i * Q * R, (i + 1) * Q * R)
        const e = Math.exp(-h / tauS)
        for (let r = 0; r < R; r++) agg[r] *= e
        continue
      }
    }
    const active = w.active
    const cursor = w.cursor
    const wAct = w.wAct
    const sNodes = (w.sNodes = growKept(w.sNodes, nAct * Q))
    for (let m = 0; m < Q; m++) decay[m] = Math.exp((-h * XI[m]) / tauS)
    // the active neurons' traces at the nodes, from their sub-pieces
    for (let k = 0; k < nAct; k++) {
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
      for (let k = 0; k < nAct; k++) {
        const sv = sNodes[k * Q + m]
        for (let r = 0; r < R; r++) o[r] += wAct[k * R + r] * sv
      }
      let weight: number
      if (skippable) {
        weight = wN[m]
        for (let r = 0; r < Rt; r++) target[r] = tN[m * Rt + r]
      } else weight = trial.target(x, target)
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
        for (let k = 0; k < nAct; k++) {
          const n = pcN.a[active[k]]
          const sv = h * WQ[m] * sNodes[k * Q + m]
          for (let r = 0; r < R; r++) grad[readRow[n] + r * readStride[n]] += sv * gradO[r]
        }
      }
    }
    const e = Math.exp(-h / tauS)
    for (let r = 0; r < R; r++) agg[r] *= e
  }
  if (!Number.isFinite(loss)) return nonFiniteState(w.T, 0, 'the loss', 'the closed-form readout')
  return { loss, nodes }
}

/** Room for one more active piece (the cursor and piece lists doubled, contents kept). */
function growActive(w: Workspace, n: number): void {
  const active = new Int32Array(2 * w.active.length)
  active.set(w.active.subarray(0, n))
  w.active = active
  const cursor = new Int32Array(2 * w.cursor.length)
  cursor.set(w.cursor.subarray(0, n))
  w.cursor = cursor
}

/** `a`, or a larger copy of it when it holds fewer than `size` entries. */
function growKept(a: Float64Array, size: number): Float64Array {
  if (a.length >= size) return a
  const b = new Float64Array(Math.max(size, 2 * a.length, 64))
  b.set(a)
  return b
}
