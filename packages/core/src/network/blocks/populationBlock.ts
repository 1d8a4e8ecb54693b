import type { Block, BlockBatch, BlockLinks } from '../../ode/blocks/blockProblem.js'
import type { AdjointTransform, EventFamily, Problem, RunningCost } from '../../ode/problem.js'
import type { Trial } from '../../plugin/task.js'
import type { Pattern } from '../connectivityPattern.js'
import { delayIndex, type Network, type NetworkDelay } from '../network.js'
import { gateEdgeEvents } from '../networkEvents.js'
import { patternColumns } from './patternColumns.js'

/** Where a block finds the solver's readers (set by `BlockProblem.connect`). */
export interface LinkHolder {
  links: BlockLinks | undefined
}

/**
 * Where each population's neurons are among the blocks: its block, and whether that block is a
 * recurrent component solved as one (`whole`: neuron j is then output and cotangent `base + j` of
 * its one component) or the population's own block of one component per neuron (output and
 * cotangent 0 of component j).
 */
export interface BlockPlaces {
  readonly block: Int32Array
  readonly whole: Uint8Array
  readonly base: Int32Array
}


/** An incoming projection as a component reads it: its pattern, θ offset and, for populations, the source's block. */
interface Incoming {
  readonly pattern: Pattern
  readonly offset: number
  readonly trainable: boolean
  /** Sparse: the column of each entry; dense: undefined (the column is e − the row's first entry). */
  readonly col: Int32Array | undefined
  /** Its delays, when it has any. */
  readonly delay: NetworkDelay | undefined
}

/**
 * A feedforward population q of a network (one that projects onto none of its own neurons) as a
 * block of N_q independent components, one per neuron (DESIGN §8). Component j's state is
 *
 *   [x_j (the neuron's m variables), s_j, a_j,1 … a_j,G],   a_j,i = Σ_c U_i[j][c] r_c(t)
 *
 * where a_j,i is the current neuron j receives from spike-input projection i: it decays with the
 * group's tau, −a/tau_i, and jumps by U_i[j][c]/tau_i at every spike of channel c (an event), so
 * the input traces need no state of their own. Its input current is
 *
 *   I_j = b_j + Σ_i a_j,i + Σ_analog U[j]·i(t) + Σ_p W_qp[j]·s_p(t)   (s_p read from p's recording)
 *
 * and its adjoint, in the variables of DESIGN §6 (p_s = λ_s/tau, p_x = λ_x + e_v g(v) p_s,
 * u_j = ∂_I f · p_x), is forced on s_j by e_j(t) = ∂l/∂s_j + Σ_r Σ_i W_rq[i][j] u_r,i(t):
 *
 *   tau dp_s/dt = p_s − e_j,   dp_x/dt = −(∂f/∂x)ᵀ p_x + e_v g(v) dp_s/dt,   dp_a,i/dt = p_a,i/tau_i − u_j
 *
 * with dL/db_j = ∫ u_j dt, dL/dW[j][k] = ∫ u_j s_k dt, dL/dU[j][a] = ∫ u_j i_a dt, and for a
 * spike projection dL/dU_i[j][c] = Σ_spikes λ_a,i⁺/tau_i + λ_a,i(0) r_c(0) (its jumps and y0).
 * The component records u_j for the blocks upstream (its cotangent).
 */
export function populationBlock(
  net: Network,
  trial: Trial,
  q: number,
  /** Where every population's neurons are among the blocks. */
  places: BlockPlaces,
  holder: LinkHolder,
  /** y0 of the monolithic problem (the spike inputs' traces at 0, `trialInitialState`). */
  y0: Float64Array,
): Block {
  const pop = net.populations[q]
  const N = pop.size
  const neuron = pop.neuron
  const gate = pop.gate
  const m = neuron.stateNames.length
  const vIdx = neuron.voltageIndex
  const S = m
  const projections = net.projections.map((pr, i) => ({ pr, i })).filter(({ pr }) => pr.target === q)
  const spikeIn = projections.filter(({ pr }) => pr.source.kind === 'spikes')
  const analogIn = projections.filter(({ pr }) => pr.source.kind === 'analog')
  const popIn = projections.filter(({ pr }) => pr.source.kind === 'population')
  const G = spikeIn.length
  const d = m + 1 + G
  const incoming = (pr: (typeof projections)[number]['pr']): Incoming => ({
    pattern: pr.pattern,
    offset: pr.offset,
    trainable: pr.trainable,
    col: pr.pattern.kind === 'sparse' ? pr.pattern.col : undefined,
    delay: pr.delay,
  })
  // spike projections: each input group's tau and channels
  const spk = spikeIn.map(({ pr }) => incoming(pr))
  const spkTau = Float64Array.from(spikeIn, ({ pr }) => net.inputs[pr.source.index].tauS)
  const spkInput = spikeIn.map(({ pr }) => net.inputs[pr.source.index])
  // every spike in (0, T) of every spike projection's group, in time order: (time, projection, channel)
  const spikes: { t: number; i: number; c: number }[] = []
  spkInput.forEach((input, i) => {
    for (let c = 0; c < input.size; c++) {
      const list = trial.spikes![input.channelOffset + c]
      for (let k = 0; k < list.length; k++) if (list[k] > 0 && list[k] < trial.duration) spikes.push({ t: list[k], i, c })
    }
  })
  spikes.sort((a, b) => a.t - b.t || a.i - b.i || a.c - b.c)
  const spT = Float64Array.from(spikes, (s) => s.t)
  const spI = Int32Array.from(spikes, (s) => s.i)
  const spC = Int32Array.from(spikes, (s) => s.c)
  const M = spikes.length
  const ana = analogIn.map(({ pr }) => incoming(pr))
  const anaChan = Int32Array.from(analogIn, ({ pr }) => net.inputs[pr.source.index].channelOffset)
  const inp = new Float64Array(Math.max(net.layout.analogChannels, 1))
  const analog = ana.length > 0
  const pin = popIn.map(({ pr }) => incoming(pr))
  const blockOf = places.block
  const pinBlock = Int32Array.from(popIn, ({ pr }) => blockOf[pr.source.index])
  // source neuron c of incoming projection i is output 0 of component c — or, in a recurrent
  // component, output pinJBase[i] + c of its one component, a recording of which all the source's
  // neurons are read at once into pinBuf[i] (one search, through the cursor of the reading row's
  // first entry); a recurrent component holds no delay, so delayed reads are always of the first kind
  const pinJBase = Int32Array.from(popIn, ({ pr }) => (places.whole[pr.source.index] === 1 ? places.base[pr.source.index] : 0))
  const pinWhole = Uint8Array.from(popIn, ({ pr }) => places.whole[pr.source.index])
  const pinSize = Int32Array.from(popIn, ({ pr }) => net.populations[pr.source.index].size)
  const pinBuf = popIn.map(({ pr }) => new Float64Array(places.whole[pr.source.index] === 1 ? net.populations[pr.source.index].size : 0))
  // projections leaving q (for the cotangent forcing of s_j)
  const outgoing = net.projections.filter((pr) => pr.source.kind === 'population' && pr.source.index === q)
  const outCols = outgoing.map((pr) => patternColumns(pr.pattern))
  const outOff = Int32Array.from(outgoing, (pr) => pr.offset)
  const outBlock = Int32Array.from(outgoing, (pr) => blockOf[pr.target])
  // target neuron r of outgoing projection i records its cotangent as entry (jBase + r·jMul) of component r·kMul
  const outKMul = Int32Array.from(outgoing, (pr) => 1 - places.whole[pr.target])
  const outJMul = Int32Array.from(outgoing, (pr) => places.whole[pr.target])
  const outJBase = Int32Array.from(outgoing, (pr) => (places.whole[pr.target] === 1 ? places.base[pr.target] : 0))
  const outDelay = outgoing.map((pr) => pr.delay)
  const T = trial.duration
  const self = blockOf[q]

  // the selected neuron: its rows of every incoming projection
  let sel = 0
  const spkFirst = new Int32Array(G)
  const spkEnd = new Int32Array(G)
  const anaFirst = new Int32Array(ana.length)
  const anaEnd = new Int32Array(ana.length)
  const pinFirst = new Int32Array(pin.length)
  const pinEnd = new Int32Array(pin.length)
  const rows = (list: readonly Incoming[], first: Int32Array, end: Int32Array, j: number): void => {
    for (let i = 0; i < list.length; i++) {
      const p = list[i].pattern
      first[i] = p.kind === 'dense' ? j * p.cols : p.rowStart[j]
      end[i] = p.kind === 'dense' ? (j + 1) * p.cols : p.rowStart[j + 1]
    }
  }
  /** The θ index of entry (sel, c) of spike projection i, or −1. */
  const spikeEntry = (i: number, c: number): number => {
    const p = spk[i]
    if (p.col === undefined) return p.offset + spkFirst[i] + c
    for (let e = spkFirst[i]; e < spkEnd[i]; e++) if (p.col[e] === c) return p.offset + e
    return -1
  }
  // parameters: the population's shared values, or (neurons with their own, DESIGN §9) the
  // selected neuron's, gathered from the P × N table
  const NP = neuron.parameters.length
  const pq = Float64Array.from(pop.params)
  const pAcc = new Float64Array(NP)
  const paramOff = Int32Array.from(pop.paramOffsets)
  const trainedParams = pop.paramOffsets.some((off) => off >= 0) && neuron.paramVjp !== undefined
  const table = pop.paramTable === undefined ? undefined : Float64Array.from(pop.paramTable)
  const perNeuron = Uint8Array.from(pop.perNeuronParams, (b) => (b ? 1 : 0))
  const tauV = pop.tauSValues === undefined ? undefined : Float64Array.from(pop.tauSValues)
  const tauOff = pop.tauSOffset
  const gather = (): void => {
    if (table !== undefined) for (let k = 0; k < NP; k++) pq[k] = table[k * N + sel]
  }
  /**
   * The per-neuron values θ holds into the table and tau_s list: once per solve (`prepare`, before
   * the block's forward pass; θ is fixed for the solve), O(N) — not in the per-call `params`,
   * which a component's functions call at every evaluation (it made each call O(N), each solve
   * O(N²) in the population's size).
   */
  const refresh = (theta: Float64Array): void => {
    if (tauV !== undefined && tauOff >= 0) for (let j = 0; j < N; j++) tauV[j] = theta[tauOff + j]
    if (!trainedParams || table === undefined) return
    for (let k = 0; k < NP; k++) {
      const off = paramOff[k]
      if (off < 0) continue
      if (perNeuron[k] === 1) for (let j = 0; j < N; j++) table[k * N + j] = theta[off + j]
      else table.fill(theta[off], k * N, (k + 1) * N)
    }
    gather()
  }
  /** The selected neuron's parameters into pq: shared trained values from θ, per-neuron ones from the table `refresh` filled. */
  const params = (theta: Float64Array): void => {
    if (!trainedParams) return
    if (table === undefined) {
      for (let k = 0; k < paramOff.length; k++) if (paramOff[k] >= 0) pq[k] = theta[paramOff[k]]
      return
    }
    gather()
  }
  /** θ index of parameter k's entry for neuron j (its block's first entry when shared). */
  const paramIndex = (k: number, j: number): number => (perNeuron[k] === 1 ? paramOff[k] + j : paramOff[k])
  /** acc += the selected neuron's parameter gradient in pAcc (P values, N = 1). */
  const addParams = (acc: Float64Array): void => {
    for (let k = 0; k < NP; k++) if (paramOff[k] >= 0) acc[paramIndex(k, sel)] += pAcc[k]
  }
  /** tau_s of neuron j. */
  const tauAt = (theta: Float64Array, j: number): number => (tauV !== undefined ? tauV[j] : tauOff >= 0 ? theta[tauOff] : pop.tauS)
  const tauOf = (theta: Float64Array): number => tauAt(theta, sel)
  const tauIndex = (j: number): number => (tauV !== undefined ? tauOff + j : tauOff)
  // a per-neuron gate zone: neuron j's gate is g(v − shift_j)
  const shift = pop.gateShift
  const shiftOf = (j: number): number => (shift === undefined ? 0 : shift[j])
  const select = (j: number): void => {
    sel = j
    rows(spk, spkFirst, spkEnd, j)
    rows(ana, anaFirst, anaEnd, j)
    rows(pin, pinFirst, pinEnd, j)
    gather()
  }

  // delayed spike inputs: each neuron has its own input-spike times (s + d of each spike of each
  // channel it reads), placed by `prepare` from θ's delays — one table of W slots per neuron,
  // W the most spikes any neuron reads, padded with ∞ (never reached)
  const spikeDelays = spk.some((p) => p.delay !== undefined)
  let W = 0
  if (spikeDelays) {
    for (let j = 0; j < N; j++) {
      select(j)
      let count = 0
      for (let i = 0; i < G; i++) {
        for (let e = spkFirst[i]; e < spkEnd[i]; e++) count += trial.spikes![spkInput[i].channelOffset + (spk[i].col === undefined ? e - spkFirst[i] : spk[i].col![e])].length
      }
      W = Math.max(W, count)
    }
  }
  const evT = new Float64Array(N * W)
  /** Per slot: the spike projection, the θ index of the weight, of the delay (−1: none or fixed). */
  const evI = new Int32Array(N * W)
  const evW = new Int32Array(N * W)
  const evD = new Int32Array(N * W)
  const evViews = Array.from({ length: spikeDelays ? N : 0 }, (_, j) => evT.subarray(j * W, (j + 1) * W))
  const trainedSpikeDelays = spk.some((p) => p.delay?.trainable === true)
  const prepareSpikes = (theta: Float64Array): void => {
    const order: number[] = []
    const tmpT: number[] = []
    const tmpI: number[] = []
    const tmpW: number[] = []
    const tmpD: number[] = []
    for (let j = 0; j < N; j++) {
      select(j)
      tmpT.length = tmpI.length = tmpW.length = tmpD.length = 0
      for (let i = 0; i < G; i++) {
        const p = spk[i]
        for (let e = spkFirst[i]; e < spkEnd[i]; e++) {
          const c = p.col === undefined ? e - spkFirst[i] : p.col[e]
          const di = p.delay === undefined ? -1 : delayIndex(p.delay, e, j, c)
          const d = di < 0 ? 0 : theta[di]
          const list = trial.spikes![spkInput[i].channelOffset + c]
          for (let k = 0; k < list.length; k++) {
            const t = list[k] + d
            if (!(t > 0 && t < T)) continue
            tmpT.push(t)
            tmpI.push(i)
            tmpW.push(p.offset + e)
            tmpD.push(p.delay?.trainable === true ? di : -1)
          }
        }
      }
      order.length = 0
      for (let k = 0; k < tmpT.length; k++) order.push(k)
      order.sort((a, b) => tmpT[a] - tmpT[b] || a - b)
      const base = j * W
      for (let k = 0; k < W; k++) {
        if (k < order.length) {
          const o = order[k]
          evT[base + k] = tmpT[o]
          evI[base + k] = tmpI[o]
          evW[base + k] = tmpW[o]
          evD[base + k] = tmpD[o]
        } else {
          evT[base + k] = Number.POSITIVE_INFINITY
          evD[base + k] = -1
        }
      }
    }
  }
  // delayed population inputs: s_k(t − d) bends where source k had an event (ṡ jumps at a reset
  // inside the gate's zone), so neuron j stops at every t_event + d_jk — the steps, and the
  // quadrature of dL/dd = −∫ u W ṡ(t − d) dt over them, never straddle a jump of the integrand
  const pinDelays = pin.some((p) => p.delay !== undefined)
  let B = 0
  let bendT = new Float64Array(0)
  let bendViews: Float64Array[] = []
  const prepareBends = (theta: Float64Array): void => {
    const l = links()
    const sourceTimes = pin.map((p, i) => (p.delay === undefined ? [] : Array.from({ length: net.populations[popIn[i].pr.source.index].size }, (_, k) => l.eventTimes(pinBlock[i], k))))
    const lists: number[][] = []
    for (let j = 0; j < N; j++) {
      select(j)
      const list: number[] = []
      for (let i = 0; i < pin.length; i++) {
        const p = pin[i]
        if (p.delay === undefined) continue
        for (let e = pinFirst[i]; e < pinEnd[i]; e++) {
          const k = p.col === undefined ? e - pinFirst[i] : p.col[e]
          const d = theta[delayIndex(p.delay, e, j, k)]
          for (const te of sourceTimes[i][k]) if (te + d > 0 && te + d < T) list.push(te + d)
        }
      }
      list.sort((a, b) => a - b)
      lists.push(list)
    }
    B = lists.reduce((most, l) => Math.max(most, l.length), 0)
    bendT = new Float64Array(N * B).fill(Number.POSITIVE_INFINITY)
    lists.forEach((l, j) => bendT.set(l, j * B))
    bendViews = Array.from({ length: N }, (_, j) => bendT.subarray(j * B, (j + 1) * B))
  }
  const prepare = (theta: Float64Array): void => {
    refresh(theta)
    if (spikeDelays) prepareSpikes(theta)
    if (pinDelays) prepareBends(theta)
  }

  /**
   * a_j,i(0) of a delayed spike projection i for neuron `sel` (the spikes a delay moves to ≤ 0),
   * and with `lambda` given, acc += its VJP: ∂/∂U = Σ e^{(s+d)/τ}/τ, ∂/∂d = U Σ e^{(s+d)/τ}/τ².
   */
  const delayedInitialCurrent = (i: number, theta: Float64Array, lambda?: number, acc?: Float64Array): number => {
    const p = spk[i]
    const tau = spkTau[i]
    let a = 0
    for (let e = spkFirst[i]; e < spkEnd[i]; e++) {
      const c = p.col === undefined ? e - spkFirst[i] : p.col[e]
      const di = p.delay === undefined ? -1 : delayIndex(p.delay, e, sel, c)
      const d = di < 0 ? 0 : theta[di]
      const list = trial.spikes![spkInput[i].channelOffset + c]
      let r = 0
      for (let k = 0; k < list.length; k++) if (list[k] + d <= 0) r += Math.exp((list[k] + d) / tau) / tau
      a += theta[p.offset + e] * r
      if (lambda !== undefined && acc !== undefined) {
        if (p.trainable) acc[p.offset + e] += lambda * r
        if (di >= 0 && p.delay!.trainable) acc[di] += (lambda * theta[p.offset + e] * r) / tau
      }
    }
    return a
  }

  const biasOff = pop.biasOffset
  const biasTrained = biasOff >= 0 && pop.biasTrainable

  // scratch (one neuron)
  const Ib = new Float64Array(1)
  const dI = new Float64Array(1)
  const fx = new Float64Array(m)
  const vx = new Float64Array(m)
  const lt = new Float64Array(m)
  const gv = new Float64Array(1)
  const dgv = new Float64Array(1)
  const links = (): BlockLinks => holder.links!
  // every read of another block's recording goes through a cursor per entry (connection): each
  // neuron reads its sources at times of its own (its own steps, and t ∓ d through a delay), and
  // readers that shared one cursor per source dragged it back and forth — a search at every read
  // (the first-spike readout's three output neurons spent half their time there)
  const pinCursors = pin.map((p) => new Int32Array(p.pattern.entries))
  const outCursors = outgoing.map((pr) => new Int32Array(pr.pattern.entries))
  /** Output 0 of component k of block b at a delayed time tt: before 0, the source holds its state at 0. */
  const delayedOutput = (l: BlockLinks, b: number, k: number, tt: number, cursors: Int32Array, e: number): number => l.output(b, k, 0, tt > 0 ? tt : 0, cursors, e)
  /**
   * acc += u ∂I/∂θ for incoming population projection i's entries of row j at t: the weights
   * (u · s_k(t − d)) and the trained delays (−u · W · ṡ_k(t − d), zero before 0).
   */
  const populationParamVjp = (i: number, j: number, first: number, end: number, u: number, t: number, theta: Float64Array, acc: Float64Array): void => {
    const l = links()
    const p = pin[i]
    const b = pinBlock[i]
    const dl = p.delay
    const dense = p.col === undefined
    if (dl === undefined && pinWhole[i] === 1) {
      if (!p.trainable || first === end) return
      const buf = pinBuf[i]
      l.outputs(b, 0, pinJBase[i], pinSize[i], t, buf, 0, pinCursors[i], first)
      for (let e = first; e < end; e++) acc[p.offset + e] += u * buf[dense ? e - first : p.col![e]]
      return
    }
    for (let e = first; e < end; e++) {
      const k = dense ? e - first : p.col![e]
      if (dl === undefined) {
        if (p.trainable) acc[p.offset + e] += u * l.output(b, k, 0, t, pinCursors[i], e)
        continue
      }
      const di = delayIndex(dl, e, j, k)
      const tt = t - theta[di]
      if (p.trainable) acc[p.offset + e] += u * delayedOutput(l, b, k, tt, pinCursors[i], e)
      if (dl.trainable && tt > 0) acc[di] -= u * theta[p.offset + e] * l.outputRate(b, k, 0, tt, pinCursors[i], e)
    }
  }

  /** I_j at (t, y); the analog input in `inp`. */
  const current = (t: number, y: Float64Array, theta: Float64Array): number => {
    let I = biasOff >= 0 ? theta[biasOff + sel] : 0
    for (let i = 0; i < G; i++) I += y[S + 1 + i]
    if (analog) {
      trial.input(t, inp)
      for (let i = 0; i < ana.length; i++) {
        const p = ana[i]
        const base = anaChan[i]
        for (let e = anaFirst[i]; e < anaEnd[i]; e++) I += theta[p.offset + e] * inp[base + (p.col === undefined ? e - anaFirst[i] : p.col[e])]
      }
    }
    if (pin.length > 0) {
      const l = links()
      for (let i = 0; i < pin.length; i++) {
        const p = pin[i]
        const b = pinBlock[i]
        const dl = p.delay
        if (pinWhole[i] === 1 && pinFirst[i] < pinEnd[i]) {
          const buf = pinBuf[i]
          l.outputs(b, 0, pinJBase[i], pinSize[i], t, buf, 0, pinCursors[i], pinFirst[i])
          for (let e = pinFirst[i]; e < pinEnd[i]; e++) I += theta[p.offset + e] * buf[p.col === undefined ? e - pinFirst[i] : p.col[e]]
          continue
        }
        for (let e = pinFirst[i]; e < pinEnd[i]; e++) {
          const k = p.col === undefined ? e - pinFirst[i] : p.col[e]
          I += theta[p.offset + e] * (dl === undefined ? l.output(b, k, 0, t, pinCursors[i], e) : delayedOutput(l, b, k, t - theta[delayIndex(dl, e, sel, k)], pinCursors[i], e))
        }
      }
    }
    return I
  }
  const vs = new Float64Array(1)
  const gateAt = (y: Float64Array, withDerivative: boolean): void => {
    if (gate.evaluate !== undefined) {
      if (shift === undefined) gate.evaluate(y, vIdx, 1, gv, withDerivative ? dgv : undefined)
      else {
        vs[0] = y[vIdx] - shift[sel]
        gate.evaluate(vs, 0, 1, gv, withDerivative ? dgv : undefined)
      }
      return
    }
    const v = y[vIdx] - shiftOf(sel)
    gv[0] = gate.value(v)
    if (withDerivative) dgv[0] = gate.derivative(v)
  }
  /** e_j(t) = ∂l/∂s_j + Σ_r Σ_i W_rq[i][j] u_r,i(t). */
  const forcingOf = (j: number, t: number, theta: Float64Array): number => {
    const l = links()
    let e = l.costGradient(self, j, 0, t)
    for (let r = 0; r < outgoing.length; r++) {
      const cols = outCols[r]
      const b = outBlock[r]
      const off = outOff[r]
      const dl = outDelay[r]
      if (dl === undefined) {
        const cursors = outCursors[r]
        const kMul = outKMul[r]
        const jMul = outJMul[r]
        const jBase = outJBase[r]
        for (let k = cols.start[j]; k < cols.start[j + 1]; k++) {
          const row = cols.row[k]
          e += theta[off + cols.entry[k]] * l.cotangent(b, row * kMul, jBase + row * jMul, t, cursors, cols.entry[k])
        }
        continue
      }
      // the target reads s_j at t' − d: its cotangent at t + d forces s_j at t (none past the end)
      for (let k = cols.start[j]; k < cols.start[j + 1]; k++) {
        const entry = cols.entry[k]
        const row = cols.row[k]
        const tt = t + theta[delayIndex(dl, entry, row, j)]
        if (tt <= T) e += theta[off + entry] * l.cotangent(b, row, 0, tt, outCursors[r], entry)
      }
    }
    return e
  }
  const forcing = (t: number, theta: Float64Array): number => forcingOf(sel, t, theta)
  /** λ̃_x = λ_x + e_v g λ_s / tau into lt, and the neuron's VJP: vx = (∂f/∂x)ᵀλ̃, dI = ∂_I f λ̃. Needs Ib, pq, gv. */
  const neuronVjp = (y: Float64Array, lam: Float64Array, tau: number): void => {
    for (let a = 0; a < m; a++) lt[a] = lam[a]
    lt[vIdx] += (gv[0] * lam[S]) / tau
    neuron.vjp(pq, 1, y, Ib, lt, vx, dI)
  }
  const currentFrom = (t: number, y: Float64Array, theta: Float64Array, aux: Float64Array | undefined): void => {
    if (aux === undefined) Ib[0] = current(t, y, theta)
    else {
      Ib[0] = aux[0]
      if (analog) trial.input(t, inp)
    }
  }

  const rhs = (t: number, y: Float64Array, theta: Float64Array, out: Float64Array): void => {
    params(theta)
    Ib[0] = current(t, y, theta)
    neuron.rhs(pq, 1, y, Ib, fx)
    for (let a = 0; a < m; a++) out[a] = fx[a]
    gateAt(y, false)
    out[S] = (-y[S] + gv[0] * fx[vIdx]) / tauOf(theta)
    for (let i = 0; i < G; i++) out[S + 1 + i] = -y[S + 1 + i] / spkTau[i]
  }

  const vjpState = (t: number, y: Float64Array, theta: Float64Array, lam: Float64Array, out: Float64Array, aux?: Float64Array): void => {
    params(theta)
    currentFrom(t, y, theta, aux)
    const tau = tauOf(theta)
    neuron.rhs(pq, 1, y, Ib, fx)
    gateAt(y, true)
    neuronVjp(y, lam, tau)
    for (let a = 0; a < m; a++) out[a] = vx[a]
    out[vIdx] += (dgv[0] * fx[vIdx] * lam[S]) / tau
    out[S] = -lam[S] / tau
    for (let i = 0; i < G; i++) out[S + 1 + i] = -lam[S + 1 + i] / spkTau[i] + dI[0]
  }

  const vjpParams = (t: number, y: Float64Array, theta: Float64Array, lam: Float64Array, scale: number, acc: Float64Array, aux?: Float64Array): void => {
    params(theta)
    currentFrom(t, y, theta, aux)
    const tau = tauOf(theta)
    gateAt(y, false)
    neuronVjp(y, lam, tau)
    const u = scale * dI[0]
    if (biasTrained) acc[biasOff + sel] += u
    for (let i = 0; i < ana.length; i++) {
      const p = ana[i]
      if (!p.trainable) continue
      const base = anaChan[i]
      for (let e = anaFirst[i]; e < anaEnd[i]; e++) acc[p.offset + e] += u * inp[base + (p.col === undefined ? e - anaFirst[i] : p.col[e])]
    }
    for (let i = 0; i < pin.length; i++) populationParamVjp(i, sel, pinFirst[i], pinEnd[i], u, t, theta, acc)
    if (tauOff >= 0) {
      neuron.rhs(pq, 1, y, Ib, fx)
      const fs = (-y[S] + gv[0] * fx[vIdx]) / tau
      acc[tauIndex(sel)] -= (scale * lam[S] * fs) / tau
    }
    if (trainedParams) {
      pAcc.fill(0)
      neuron.paramVjp!(pq, 1, y, Ib, lt, scale, pAcc)
      addParams(acc)
    }
  }

  // the running cost's value is the BlockCost's; here only its forcing of s_j
  const runningCost: RunningCost = {
    value: () => 0,
    gradState(t, _y, theta, out) {
      out.fill(0)
      out[S] = forcing(t, theta)
    },
  }

  const adjointTransform: AdjointTransform = {
    toLambda(_t, y, theta, pa, out) {
      params(theta)
      out.set(pa)
      gateAt(y, false)
      out[vIdx] -= gv[0] * pa[S]
      out[S] = tauOf(theta) * pa[S]
    },
    fromLambda(_t, y, theta, lam, out) {
      params(theta)
      out.set(lam)
      gateAt(y, false)
      const ps = lam[S] / tauOf(theta)
      out[S] = ps
      out[vIdx] += gv[0] * ps
    },
    rhs(t, y, theta, pa, out, aux) {
      params(theta)
      currentFrom(t, y, theta, aux)
      gateAt(y, false)
      for (let a = 0; a < m; a++) lt[a] = pa[a]
      neuron.vjp(pq, 1, y, Ib, lt, vx, dI)
      const dps = (pa[S] - forcing(t, theta)) / tauOf(theta)
      out[S] = dps
      for (let a = 0; a < m; a++) out[a] = -vx[a]
      out[vIdx] += gv[0] * dps
      for (let i = 0; i < G; i++) out[S + 1 + i] = pa[S + 1 + i] / spkTau[i] - dI[0]
    },
  }

  // the batch: the same equations over many neurons at once, each at its own time (slot i holds
  // neuron comp[i]; variable v of slot i at [v · nA + i]), for `blockGradient`'s side-by-side solve
  const Iv = new Float64Array(N)
  const GV = new Float64Array(N)
  const DI = new Float64Array(N)
  const VX = new Float64Array(m * N)
  /** I of neuron j at time t with its spike-input currents a (the sum Σ_i a_j,i given). */
  const currentOf = (j: number, t: number, aSum: number, theta: Float64Array): number => {
    let I = (biasOff >= 0 ? theta[biasOff + j] : 0) + aSum
    if (analog) {
      trial.input(t, inp)
      for (let i = 0; i < ana.length; i++) {
        const p = ana[i]
        const base = anaChan[i]
        const pt = p.pattern
        if (pt.kind === 'dense') {
          const row = p.offset + j * pt.cols
          for (let c = 0; c < pt.cols; c++) I += theta[row + c] * inp[base + c]
        } else for (let e = pt.rowStart[j]; e < pt.rowStart[j + 1]; e++) I += theta[p.offset + e] * inp[base + pt.col[e]]
      }
    }
    if (pin.length > 0) {
      const l = links()
      for (let i = 0; i < pin.length; i++) {
        const p = pin[i]
        const b = pinBlock[i]
        const pt = p.pattern
        const dl = p.delay
        if (dl !== undefined) {
          const first = pt.kind === 'dense' ? j * pt.cols : pt.rowStart[j]
          const end = pt.kind === 'dense' ? first + pt.cols : pt.rowStart[j + 1]
          for (let e = first; e < end; e++) {
            const k = pt.kind === 'dense' ? e - first : pt.col[e]
            I += theta[p.offset + e] * delayedOutput(l, b, k, t - theta[delayIndex(dl, e, j, k)], pinCursors[i], e)
          }
        } else if (pinWhole[i] === 1) {
          const first = pt.kind === 'dense' ? j * pt.cols : pt.rowStart[j]
          const end = pt.kind === 'dense' ? first + pt.cols : pt.rowStart[j + 1]
          if (first === end) continue
          const buf = pinBuf[i]
          l.outputs(b, 0, pinJBase[i], pinSize[i], t, buf, 0, pinCursors[i], first)
          if (pt.kind === 'dense') for (let c = 0; c < pt.cols; c++) I += theta[p.offset + first + c] * buf[c]
          else for (let e = first; e < end; e++) I += theta[p.offset + e] * buf[pt.col[e]]
        } else if (pt.kind === 'dense') {
          const first = j * pt.cols
          const row = p.offset + first
          const cursors = pinCursors[i]
          for (let c = 0; c < pt.cols; c++) I += theta[row + c] * l.output(b, c, 0, t, cursors, first + c)
        } else {
          const cursors = pinCursors[i]
          for (let e = pt.rowStart[j]; e < pt.rowStart[j + 1]; e++) I += theta[p.offset + e] * l.output(b, pt.col[e], 0, t, cursors, e)
        }
      }
    }
    return I
  }
  const VS = new Float64Array(shift === undefined ? 0 : N)
  const gatesOf = (nA: number, comp: Int32Array, Y: Float64Array): void => {
    let V = Y
    let vo = vIdx * nA
    if (shift !== undefined) {
      for (let i = 0; i < nA; i++) VS[i] = Y[vo + i] - shift[comp[i]]
      V = VS
      vo = 0
    }
    if (gate.evaluate !== undefined) gate.evaluate(V, vo, nA, GV)
    else for (let i = 0; i < nA; i++) GV[i] = gate.value(V[vo + i])
  }
  // the slots' parameters: the shared values, or a table gathered slot by slot (P × nA, parameter-major)
  const PB = table === undefined ? pq : new Float64Array(NP * N)
  const PAB = table === undefined ? pAcc : new Float64Array(NP * N)
  const TB = new Float64Array(tauV === undefined ? 0 : N)
  const batchParams = (nA: number, comp: Int32Array, theta: Float64Array): Float64Array => {
    params(theta)
    if (tauV !== undefined) for (let i = 0; i < nA; i++) TB[i] = tauV[comp[i]]
    if (table === undefined) return pq
    for (let k = 0; k < NP; k++) for (let i = 0; i < nA; i++) PB[k * nA + i] = table[k * N + comp[i]]
    return PB
  }
  /** tau_s of slot i (after `batchParams`). */
  const tauSlot = (tau: number, i: number): number => (tauV === undefined ? tau : TB[i])
  const LT = new Float64Array(m * N)
  const FX = new Float64Array(m * N)
  // the gate's zone, for the step bounds
  const period = gate.period
  const halfZone = gate.width / 2
  const quarterZone = gate.width / 4
  const wrap = (x: number): number => (period === undefined ? x : x - period * Math.floor(x / period))
  /** v − centre, wrapped to [−P/2, P/2) for a periodic voltage. */
  const zoneOffset = (v: number): number => (period === undefined ? v - gate.center : wrap(v - gate.center + period / 2) - period / 2)
  // (a moved gate: v − shift_j stands for v)
  /**
   * The gate's pulse g(v) dv/dt lasts while v crosses the zone: a step may reach a quarter of the
   * way into it from outside, and cross a quarter of it inside, at v's speed dv — a dozen stages
   * or more on every crossing.
   */
  const gateStepBound = (v: number, dv: number): number => {
    if (dv === 0 || !Number.isFinite(dv)) return Number.POSITIVE_INFINITY
    const x = zoneOffset(v)
    // the distance v travels, in its direction of motion, before it enters the zone
    const ahead = Math.abs(x) < halfZone ? 0 : period === undefined ? (dv > 0 ? (x < 0 ? -halfZone - x : Infinity) : x > 0 ? x - halfZone : Infinity) : wrap(dv > 0 ? -halfZone - x : x - halfZone)
    return (ahead + quarterZone) / Math.abs(dv)
  }
  const conditionCount = (neuron.reset !== undefined ? 1 : 0) + (gate.discontinuity !== undefined ? 1 : gate.edges.length)
  const batch: BlockBatch = {
    vjpParams(nA, comp, ts, Y, AUX, P, theta, scale, acc) {
      const pb = batchParams(nA, comp, theta)
      for (let i = 0; i < nA; i++) Iv[i] = AUX[i]
      // in p-form λ̃_x = λ_x + e_v g λ_s / tau is p_x itself, and λ_s = tau p_s
      neuron.vjp(pb, nA, Y, Iv, P, VX, DI)
      const tau = tauOf(theta)
      const so = S * nA
      if (tauOff >= 0) {
        neuron.rhs(pb, nA, Y, Iv, FX)
        gatesOf(nA, comp, Y)
      }
      let dTau = 0
      for (let i = 0; i < nA; i++) {
        const sc = scale[i]
        if (sc === 0) continue
        const j = comp[i]
        const u = sc * DI[i]
        if (biasTrained) acc[biasOff + j] += u
        if (ana.length > 0) {
          trial.input(ts[i], inp)
          for (let q = 0; q < ana.length; q++) {
            const p = ana[q]
            if (!p.trainable) continue
            const base = anaChan[q]
            const pt = p.pattern
            if (pt.kind === 'dense') {
              const row = p.offset + j * pt.cols
              for (let c = 0; c < pt.cols; c++) acc[row + c] += u * inp[base + c]
            } else for (let e = pt.rowStart[j]; e < pt.rowStart[j + 1]; e++) acc[p.offset + e] += u * inp[base + pt.col[e]]
          }
        }
        if (pin.length > 0) {
          const l = links()
          for (let q = 0; q < pin.length; q++) {
            const p = pin[q]
            const pt = p.pattern
            if (p.delay !== undefined) {
              populationParamVjp(q, j, pt.kind === 'dense' ? j * pt.cols : pt.rowStart[j], pt.kind === 'dense' ? (j + 1) * pt.cols : pt.rowStart[j + 1], u, ts[i], theta, acc)
              continue
            }
            if (!p.trainable) continue
            const b = pinBlock[q]
            const cursors = pinCursors[q]
            if (pinWhole[q] === 1) {
              const first = pt.kind === 'dense' ? j * pt.cols : pt.rowStart[j]
              const end = pt.kind === 'dense' ? first + pt.cols : pt.rowStart[j + 1]
              if (first === end) continue
              const buf = pinBuf[q]
              l.outputs(b, 0, pinJBase[q], pinSize[q], ts[i], buf, 0, cursors, first)
              if (pt.kind === 'dense') for (let c = 0; c < pt.cols; c++) acc[p.offset + first + c] += u * buf[c]
              else for (let e = first; e < end; e++) acc[p.offset + e] += u * buf[pt.col[e]]
            } else if (pt.kind === 'dense') {
              const first = j * pt.cols
              const row = p.offset + first
              for (let c = 0; c < pt.cols; c++) acc[row + c] += u * l.output(b, c, 0, ts[i], cursors, first + c)
            } else for (let e = pt.rowStart[j]; e < pt.rowStart[j + 1]; e++) acc[p.offset + e] += u * l.output(b, pt.col[e], 0, ts[i], cursors, e)
          }
        }
        if (tauOff >= 0) {
          const d = sc * P[so + i] * ((-Y[so + i] + GV[i] * FX[vIdx * nA + i]) / tauSlot(tau, i))
          if (tauV === undefined) dTau -= d
          else acc[tauOff + j] -= d
        }
      }
      if (tauOff >= 0 && tauV === undefined) acc[tauOff] += dTau
      if (trainedParams) {
        for (let a = 0; a < m; a++) for (let i = 0; i < nA; i++) LT[a * nA + i] = scale[i] * P[a * nA + i]
        PAB.fill(0)
        neuron.paramVjp!(pb, nA, Y, Iv, LT, 1, PAB)
        if (table === undefined) {
          for (let k = 0; k < paramOff.length; k++) if (paramOff[k] >= 0) acc[paramOff[k]] += PAB[k]
        } else {
          for (let k = 0; k < NP; k++) {
            if (paramOff[k] < 0) continue
            for (let i = 0; i < nA; i++) acc[paramIndex(k, comp[i])] += PAB[k * nA + i]
          }
        }
      }
    },
    stepBounds(nA, comp, _ts, Y, F, _theta, out) {
      const vo = vIdx * nA
      for (let i = 0; i < nA; i++) out[i] = gateStepBound(Y[vo + i] - shiftOf(comp[i]), F[vo + i])
    },
    ...(conditionCount > 0 && {
      conditions(nA: number, comp: Int32Array, _ts: Float64Array, Y: Float64Array, theta: Float64Array, out: Float64Array) {
        const pb = batchParams(nA, comp, theta)
        let c = 0
        if (neuron.reset !== undefined) {
          for (let i = 0; i < nA; i++) out[i] = neuron.reset.condition(pb, nA, i, Y)
          c++
        }
        const vo = vIdx * nA
        const disc = gate.discontinuity
        if (disc !== undefined) {
          for (let i = 0; i < nA; i++) out[c * nA + i] = disc.side(Y[vo + i] - shiftOf(comp[i]))
          return
        }
        const period = gate.period
        for (const edge of gate.edges) {
          for (let i = 0; i < nA; i++) {
            const v = Y[vo + i] - shiftOf(comp[i])
            out[c * nA + i] = period === undefined ? v - edge : Math.sin((Math.PI * (v - edge)) / period)
          }
          c++
        }
      },
    }),
    rhs(nA, comp, ts, Y, theta, out, aux) {
      const pb = batchParams(nA, comp, theta)
      for (let i = 0; i < nA; i++) {
        let aSum = 0
        for (let g = 0; g < G; g++) aSum += Y[(S + 1 + g) * nA + i]
        Iv[i] = currentOf(comp[i], ts[i], aSum, theta)
      }
      if (aux !== undefined) for (let i = 0; i < nA; i++) aux[i] = Iv[i]
      neuron.rhs(pb, nA, Y, Iv, out)
      gatesOf(nA, comp, Y)
      const tau = tauOf(theta)
      const so = S * nA
      const vo = vIdx * nA
      for (let i = 0; i < nA; i++) out[so + i] = (-Y[so + i] + GV[i] * out[vo + i]) / tauSlot(tau, i)
      for (let g = 0; g < G; g++) {
        const o = (S + 1 + g) * nA
        const tg = spkTau[g]
        for (let i = 0; i < nA; i++) out[o + i] = -Y[o + i] / tg
      }
    },
    adjointRhs(nA, comp, ts, Y, AUX, P, theta, out) {
      const pb = batchParams(nA, comp, theta)
      for (let i = 0; i < nA; i++) Iv[i] = AUX[i]
      gatesOf(nA, comp, Y)
      neuron.vjp(pb, nA, Y, Iv, P, VX, DI)
      const tau = tauOf(theta)
      const so = S * nA
      const vo = vIdx * nA
      for (let v = 0; v < m * nA; v++) out[v] = -VX[v]
      for (let i = 0; i < nA; i++) {
        const dps = (P[so + i] - forcingOf(comp[i], ts[i], theta)) / tauSlot(tau, i)
        out[so + i] = dps
        out[vo + i] += GV[i] * dps
      }
      for (let g = 0; g < G; g++) {
        const o = (S + 1 + g) * nA
        const tg = spkTau[g]
        for (let i = 0; i < nA; i++) out[o + i] = P[o + i] / tg - DI[i]
      }
    },
  }

  const events: EventFamily[] = []
  const reset = neuron.reset
  if (reset !== undefined) {
    const grad = new Float64Array(m)
    const comps = Array.from({ length: m }, (_, a) => a)
    events.push({
      name: `reset:${pop.name}`,
      count: 1,
      direction: 'rising',
      components: () => comps,
      condition(_k, _t, y, theta) {
        params(theta)
        return reset.condition(pq, 1, 0, y)
      },
      conditionGradient(_k, _t, y, theta, out) {
        params(theta)
        reset.conditionGradient(pq, 1, 0, y, grad)
        for (let a = 0; a < m; a++) out[a] = grad[a]
      },
      ...(trainedParams &&
        reset.conditionParamGradient && {
          conditionParamGradient(_k: number, _t: number, y: Float64Array, theta: Float64Array, scale: number, acc: Float64Array) {
            params(theta)
            pAcc.fill(0)
            reset.conditionParamGradient!(pq, 1, 0, y, scale, pAcc)
            addParams(acc)
          },
        }),
      jump(_k, _t, _yMinus, theta, yPlus) {
        params(theta)
        reset.jump(pq, 1, 0, yPlus)
      },
      jumpVjp(_k, _t, yMinus, theta, _lamPlus, out) {
        params(theta)
        reset.jumpVjp(pq, 1, 0, yMinus, out)
      },
      ...(trainedParams &&
        reset.jumpParamVjp && {
          jumpParamVjp(_k: number, _t: number, yMinus: Float64Array, theta: Float64Array, lamPlus: Float64Array, acc: Float64Array) {
            params(theta)
            pAcc.fill(0)
            reset.jumpParamVjp!(pq, 1, 0, yMinus, lamPlus, pAcc)
            addParams(acc)
          },
        }),
    })
  }
  // the gate's edges of this one neuron: the population's events with one neuron and its variables first
  events.push(...gateEdgeEvents({ ...pop, size: 1, stateOffset: 0 }, () => shiftOf(sel)))
  if (spikeDelays && W > 0) {
    const none: readonly number[] = []
    events.push({
      name: 'input-spike',
      count: W,
      direction: 'rising',
      // the selected neuron's own times
      get times() {
        return evViews[sel]
      },
      components: () => none,
      condition: (k, t) => t - evT[sel * W + k],
      conditionGradient: () => undefined,
      conditionTimeDerivative: () => 1,
      // c = t − (s + d): ∂c/∂d = −1
      ...(trainedSpikeDelays && {
        conditionParamGradient(k: number, _t: number, _y: Float64Array, _theta: Float64Array, scale: number, acc: Float64Array) {
          const di = evD[sel * W + k]
          if (di >= 0) acc[di] -= scale
        },
      }),
      jump(k, _t, _yMinus, theta, yPlus) {
        const at = sel * W + k
        const i = evI[at]
        yPlus[S + 1 + i] += theta[evW[at]] / spkTau[i]
      },
      jumpVjp: () => undefined,
      jumpParamVjp(k, _t, _yMinus, _theta, lamPlus, acc) {
        const at = sel * W + k
        const i = evI[at]
        if (spk[i].trainable) acc[evW[at]] += lamPlus[S + 1 + i] / spkTau[i]
      },
    })
  } else if (M > 0) {
    const none: readonly number[] = []
    events.push({
      name: 'input-spike',
      count: M,
      direction: 'rising',
      times: spT,
      components: () => none,
      condition: (k, t) => t - spT[k],
      conditionGradient: () => undefined,
      conditionTimeDerivative: () => 1,
      jump(k, _t, _yMinus, theta, yPlus) {
        const e = spikeEntry(spI[k], spC[k])
        if (e >= 0) yPlus[S + 1 + spI[k]] += theta[e] / spkTau[spI[k]]
      },
      jumpVjp: () => undefined,
      jumpParamVjp(k, _t, _yMinus, _theta, lamPlus, acc) {
        const e = spikeEntry(spI[k], spC[k])
        if (e >= 0 && spk[spI[k]].trainable) acc[e] += lamPlus[S + 1 + spI[k]] / spkTau[spI[k]]
      },
    })
  }

  if (pinDelays) {
    const none: readonly number[] = []
    // stops, not jumps: the state goes on unchanged
    events.push({
      name: 'delayed-input-bend',
      get count() {
        return B
      },
      direction: 'rising',
      get times() {
        return bendViews[sel]
      },
      components: () => none,
      condition: (k, t) => t - bendT[sel * B + k],
      conditionGradient: () => undefined,
      conditionTimeDerivative: () => 1,
      jump: () => undefined,
      jumpVjp: () => undefined,
    })
  }

  const breakpoints = trial.breakpoints !== undefined && trial.breakpoints.length > 0 ? trial.breakpoints : undefined
  const problem: Problem = {
    dimension: d,
    parameterCount: net.layout.size,
    parameterBlocks: net.layout.blocks,
    describeComponent: (i) =>
      i < m
        ? `${neuron.stateNames[i]} of neuron ${sel} of population "${pop.name}"`
        : i === S
          ? `the synaptic trace of neuron ${sel} of population "${pop.name}"`
          : `the current from input "${spkInput[i - S - 1].name}" into neuron ${sel} of population "${pop.name}"`,
    rhs,
    vjpState,
    vjpParams,
    stepBound: (_t, y, f) => gateStepBound(y[vIdx] - shiftOf(sel), f[vIdx]),
    runningCost,
    adjointTransform,
    auxiliary: {
      size: 1,
      compute(t, y, theta, out) {
        out[0] = current(t, y, theta)
      },
    },
    events,
    ...(breakpoints && { breakpoints }),
  }

  // y0: the neuron's variables and trace from the network's initial state, and a_j,i(0) = Σ_c U_i[j][c] r_c(0)
  const r0 = (i: number, c: number): number => y0[spkInput[i].traceOffset + c]
  return {
    name: pop.name,
    count: N,
    problem,
    select,
    prepare,
    initialState(j, theta, out) {
      for (let a = 0; a < m; a++) out[a] = y0[pop.stateOffset + a * N + j]
      out[S] = y0[pop.traceOffset + j]
      select(j)
      for (let i = 0; i < G; i++) {
        if (spikeDelays) {
          out[S + 1 + i] = delayedInitialCurrent(i, theta)
          continue
        }
        let a = 0
        for (let c = 0; c < spkInput[i].size; c++) {
          const e = spikeEntry(i, c)
          if (e >= 0) a += theta[e] * r0(i, c)
        }
        out[S + 1 + i] = a
      }
    },
    initialStateVjp(j, theta, lambda0, acc) {
      select(j)
      for (let i = 0; i < G; i++) {
        if (spikeDelays) {
          delayedInitialCurrent(i, theta, lambda0[S + 1 + i], acc)
          continue
        }
        if (!spk[i].trainable) continue
        for (let c = 0; c < spkInput[i].size; c++) {
          const e = spikeEntry(i, c)
          if (e >= 0) acc[e] += lambda0[S + 1 + i] * r0(i, c)
        }
      }
    },
    outputs: [S],
    batch,
    // u_j, recorded only when the population reads another one (whose adjoint it forces)
    ...(pin.length > 0 && { cotangent: {
      size: 1,
      compute(t, y, theta, pa, out, aux) {
        params(theta)
        currentFrom(t, y, theta, aux)
        for (let a = 0; a < m; a++) lt[a] = pa[a]
        neuron.vjp(pq, 1, y, Ib, lt, vx, dI)
        out[0] = dI[0]
      },
    } }),
  }
}
