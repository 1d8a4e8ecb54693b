import { parameterName, stateComponentName } from './networkNames.js'
import type { AdjointTransform, Problem, RunningCost, TerminalCost } from '../ode/problem.js'
import type { Trial } from '../plugin/task.js'
import type { Network } from './network.js'
import type { SynapseGate } from '../plugin/synapseGate.js'
import { networkEvents } from './networkEvents.js'
import { populationLosses, readingBreakpoints } from './populationLosses.js'
import { addOuterProduct, addProduct, addTransposed } from './projectionKernels.js'
import { StateViews } from './stateViews.js'

/**
 * A network (DESIGN §6) on one trial, as a Problem for the generic solver. For every
 * population q (neuron variables x_q, traces s_q, voltage v_q) and spike-input channel c
 * (trace r_c):
 *
 *   I_q = Σ_p W_qp s_p + Σ_c U_qc r_c + Σ_a U_qa i_a(t) + b_q
 *   dx_q/dt = f_q(x_q, I_q),   tau_q ds_q/dt = −s_q + g_q(v_q) dv_q/dt,   tau_c dr_c/dt = −r_c
 *   L = ∫ Σ_terms l(t, o, s) dt + Σ_terms Φ(s(T), s(0), tau),   o = Σ_p O_p s_p
 *       (+ the terms of losses that read populations by name, `populationLosses`: a running term on
 *       traces and neuron variables, and a final one on reset times and the state at T)
 *
 * (an input spike makes r_c jump by 1/tau_c: an event at its time). The adjoint is
 * integrated in the variables of DESIGN §6, p_s,q = λ_s,q/tau_q, p_x,q = λ_x,q + e_v g_q(v_q) p_s,q,
 * u_q = ∂_I f_q ⊙ p_x,q, in which g′ cancels:
 *
 *   tau_q dp_s,q/dt = p_s,q − Σ_r W_rqᵀ u_r − ∂l/∂s_q,   dp_x,q/dt = −(∂f_q/∂x)ᵀ p_x,q − ∂l/∂x_q + e_v g_q(v_q) dp_s,q/dt
 *   dp_r,c/dt = p_r,c/tau_c − Σ_q U_qcᵀ u_q
 *   dL/dW_qp = ∫ u_q s_pᵀ dt (on the pattern's entries),  dL/dU_qc = ∫ u_q r_cᵀ dt,  dL/db_q = ∫ u_q dt,
 *   dL/dO_p = ∫ (∂l/∂o) s_pᵀ dt,  dL/dtau_q = −∫ λ_s,q · F_s,q / tau_q dt + ∂Φ/∂tau_q.
 *
 * A population may give each neuron its own tau_s and neuron parameters (DESIGN §9): its neuron
 * then reads a P × N table, tau_q is a vector, and a per-neuron block takes dL/dθ_j neuron by
 * neuron, dL/dtau_q,j = −∫ λ_s,q,j F_s,q,j / tau_q,j dt, dL/dθ_kj = ∫ λ_x,j · ∂f/∂θ_kj dt (+ the jump
 * terms of §2). A per-neuron gate zone (a per-neuron threshold) moves neuron j's gate: g(v − shift_j).
 *
 * Frozen blocks take no quadrature. The right-hand side and the VJPs allocate nothing once
 * the solver's arrays have been seen (see `StateViews`).
 * @throws RangeError when the trial's spikes do not fit the network's spike inputs, or a projection has delays.
 */
export function networkProblem(net: Network, trial: Trial): Problem {
  return networkProblemParts(net, trial).problem
}

/**
 * Added to ∂l/∂s on every trace, `out[at + j] += e_j(t)` (neuron j of the network, population
 * order): a forcing of the traces from outside the problem's own losses — what the blocks after a
 * recurrent component, and the cost, ask of its traces when it is solved as one block.
 */
export type TraceForcing = (t: number, theta: Float64Array, out: Float64Array, at: number) => void

/**
 * `networkProblem`, with a forcing of its traces added to its running cost's gradient, and
 * `inputCotangent`: out[j] = u_j = ∂_I f ⊙ p_x for every neuron j (population order) at a recorded
 * state y with its auxiliary values (the currents), from the adjoint p the problem integrates —
 * what a population that projects into this network needs of it.
 */
export function networkProblemParts(
  net: Network,
  trial: Trial,
  traceForcing?: TraceForcing,
): { readonly problem: Problem; inputCotangent(t: number, y: Float64Array, theta: Float64Array, pa: Float64Array, out: Float64Array, aux?: Float64Array): void } {
  const delayed = net.projections.find((p) => p.delay !== undefined)
  if (delayed !== undefined) {
    throw new RangeError(`the projection ${delayed.name} has delays, which the network solved as one ODE cannot hold: solve it by its structure (networkBlocks)`)
  }
  const { populations: pops, inputs, projections, readout, layout } = net
  const P = pops.length
  const n = layout.stateSize
  const Ntot = layout.neurons
  const X = layout.traceBase
  const I = new Float64Array(Ntot)
  const dI = new Float64Array(Ntot)
  const gv = new Float64Array(Ntot)
  const dgv = new Float64Array(Ntot)
  const fx = new Float64Array(X)
  const lamT = new Float64Array(X)
  const vx = new Float64Array(X)
  const inp = new Float64Array(Math.max(layout.analogChannels, 1))
  const analog = layout.analogChannels > 0
  const Nout = readout.size
  const o = new Float64Array(Nout)
  const target = new Float64Array(Math.max(Nout, 1))
  const gradO = new Float64Array(Nout)
  const gradS = new Float64Array(Ntot)

  // The layout as flat arrays, read once here: the hot loops below index plain typed arrays and
  // never the network's objects (whose shapes differ from network to network, which would make
  // every property read polymorphic in a process that solves several networks).
  const neurons = pops.map((q) => q.neuron)
  // a population whose neurons' gate zones differ reads its gate through `shiftedGate` (g(v − shift_j))
  const gateOf = pops.map((q) => (q.gateShift === undefined ? q.gate : shiftedGate(q.gate, q.gateShift)))
  const size = Int32Array.from(pops, (q) => q.size)
  const m = Int32Array.from(pops, (q) => q.neuron.stateNames.length)
  const stateOff = Int32Array.from(pops, (q) => q.stateOffset)
  const traceOff = Int32Array.from(pops, (q) => q.traceOffset)
  const neuronOff = Int32Array.from(pops, (q) => q.neuronOffset)
  /** Offset of the gate's voltage within the population's variables (voltageIndex · N). */
  const vIn = Int32Array.from(pops, (q) => q.neuron.voltageIndex * q.size)
  const biasOff = Int32Array.from(pops, (q) => q.biasOffset)
  const biasTrained = Uint8Array.from(pops, (q) => (q.biasOffset >= 0 && q.biasTrainable ? 1 : 0))
  const tauOff = Int32Array.from(pops, (q) => q.tauSOffset)
  /**
   * tau_s of every neuron of each population, as of the last `params(θ)` (trained ones from θ): its
   * own when the population gives one per neuron, else the population's repeated — so that every
   * loop reads the same kind of array, and no double crosses a call (which would box it).
   */
  const tauN = pops.map((q) => (q.tauSValues === undefined ? new Float64Array(q.size).fill(q.tauS) : Float64Array.from(q.tauSValues)))
  const tauPerNeuron = Uint8Array.from(pops, (q) => (q.tauSValues !== undefined ? 1 : 0))
  const tauTrained = Int32Array.from([...pops.keys()].filter((q) => pops[q].tauSOffset >= 0))
  const paramOff = pops.map((q) => Int32Array.from(q.paramOffsets))
  const paramPerNeuron = pops.map((q) => Uint8Array.from(q.perNeuronParams, (b) => (b ? 1 : 0)))
  /** Populations whose neurons read a per-neuron parameter table (P × N) instead of P shared values. */
  const tabled = Uint8Array.from(pops, (q) => (q.paramTable !== undefined ? 1 : 0))
  const trainedParams = Uint8Array.from(pops, (q) => (q.paramOffsets.some((off) => off >= 0) && q.neuron.paramVjp !== undefined ? 1 : 0))
  const anyTrainedParams = trainedParams.some((b) => b === 1)
  const anyTrainedTau = tauOff.some((off) => off >= 0)

  const xRange = (q: number): [number, number] => [stateOff[q], stateOff[q] + m[q] * size[q]]
  const slice = (buf: Float64Array, q: number, ofNeurons: boolean): Float64Array =>
    ofNeurons ? buf.subarray(neuronOff[q], neuronOff[q] + size[q]) : buf.subarray(...xRange(q))
  const Iq = pops.map((_, q) => slice(I, q, true))
  const dIq = pops.map((_, q) => slice(dI, q, true))
  const gvq = pops.map((_, q) => slice(gv, q, true))
  const dgvq = pops.map((_, q) => slice(dgv, q, true))
  const fxq = pops.map((_, q) => slice(fx, q, false))
  const lamTq = pops.map((_, q) => slice(lamT, q, false))
  const vxq = pops.map((_, q) => slice(vx, q, false))
  const pq = pops.map((q) => Float64Array.from(q.paramTable ?? q.params))
  const pAccq = pops.map((q) => new Float64Array((q.paramTable ?? q.params).length))
  const tauVec = new Float64Array(Ntot)
  // views of the solver's arrays: each population's neuron variables (the first population's
  // are the array itself), and all traces (the loss terms' s; the view of the last array asked for)
  const views = new StateViews(pops.map((_, q) => xRange(q)))
  const xOf = (buf: Float64Array, q: number): Float64Array => (stateOff[q] === 0 ? buf : views.of(buf)[q])
  let lastY: Float64Array | undefined
  let lastS: Float64Array = new Float64Array(0)
  const sOf = (buf: Float64Array): Float64Array => {
    if (buf !== lastY) {
      lastY = buf
      lastS = buf.subarray(X, X + Ntot)
    }
    return lastS
  }

  // spike-input traces
  const spikeInputs = inputs.filter((c) => c.kind === 'spikes')
  const rOffset = Int32Array.from(spikeInputs, (c) => c.traceOffset)
  const rSize = Int32Array.from(spikeInputs, (c) => c.size)
  const rTau = Float64Array.from(spikeInputs, (c) => c.tauS)
  const R = spikeInputs.length
  /** out[r] = alpha · src[r] / tau_c for every spike-input trace r. */
  const traceDecay = (src: Float64Array, alpha: number, out: Float64Array): void => {
    for (let c = 0; c < R; c++) {
      const off = rOffset[c]
      const a = alpha / rTau[c]
      for (let k = 0; k < rSize[c]; k++) out[off + k] = a * src[off + k]
    }
  }

  // projections: pattern, θ offset, target neurons, source (the state or the analog input) and its offset
  const J = projections.length
  const patterns = projections.map((pr) => pr.pattern)
  const prOff = Int32Array.from(projections, (pr) => pr.offset)
  const prTarget = Int32Array.from(projections, (pr) => pops[pr.target].neuronOffset)
  const prState = Uint8Array.from(projections, (pr) => (pr.source.kind === 'analog' ? 0 : 1))
  const prSource = Int32Array.from(projections, (pr) =>
    pr.source.kind === 'analog' ? inputs[pr.source.index].channelOffset : pr.source.kind === 'population' ? pops[pr.source.index].traceOffset : inputs[pr.source.index].traceOffset,
  )
  const trainedProjections = Int32Array.from([...projections.keys()].filter((i) => projections[i].trainable))
  // the forward products sum the state-read projections first, then the analog ones: for the
  // one-population network this is b + W s + U i, rounded exactly as before networks were graphs
  const productOrder = Int32Array.from([...projections.keys()].sort((a, b) => prState[b] - prState[a] || a - b))

  // readout terms o += O_p s_p
  const U = readout.terms.length
  const termOff = Int32Array.from(readout.terms, (t) => t.offset)
  const termSize = Int32Array.from(readout.terms, (t) => pops[t.population].size)
  const termTrace = Int32Array.from(readout.terms, (t) => pops[t.population].traceOffset)
  const losses = net.losses
  const L = losses.length

  /** Neuron parameter values and tau_s: trained ones from θ, the rest fixed (nothing to do when none is trained). */
  const params = (theta: Float64Array): void => {
    for (let i = 0; i < tauTrained.length; i++) {
      const q = tauTrained[i]
      const tv = tauN[q]
      const off = tauOff[q]
      if (tauPerNeuron[q] === 1) for (let j = 0; j < size[q]; j++) tv[j] = theta[off + j]
      else if (tv[0] !== theta[off]) tv.fill(theta[off])
    }
    if (!anyTrainedParams) return
    for (let q = 0; q < P; q++) {
      if (trainedParams[q] === 0) continue
      const offs = paramOff[q]
      const p = pq[q]
      if (tabled[q] === 0) {
        for (let k = 0; k < offs.length; k++) if (offs[k] >= 0) p[k] = theta[offs[k]]
        continue
      }
      // a per-neuron table: a per-neuron parameter's N entries, or a shared one repeated
      const N = size[q]
      const per = paramPerNeuron[q]
      for (let k = 0; k < offs.length; k++) {
        const off = offs[k]
        if (off < 0) continue
        if (per[k] === 1) for (let j = 0; j < N; j++) p[k * N + j] = theta[off + j]
        else p.fill(theta[off], k * N, (k + 1) * N)
      }
    }
  }
  /** dL/dθ of population q's trained neuron parameters from the accumulated `pAccq[q]` (the layout of pq[q]). */
  const addParamGradients = (q: number, acc: Float64Array): void => {
    const offs = paramOff[q]
    const pAcc = pAccq[q]
    if (tabled[q] === 0) {
      for (let k = 0; k < offs.length; k++) if (offs[k] >= 0) acc[offs[k]] += pAcc[k]
      return
    }
    const N = size[q]
    const per = paramPerNeuron[q]
    for (let k = 0; k < offs.length; k++) {
      const off = offs[k]
      if (off < 0) continue
      if (per[k] === 1) for (let j = 0; j < N; j++) acc[off + j] += pAcc[k * N + j]
      else {
        let sum = 0
        for (let j = 0; j < N; j++) sum += pAcc[k * N + j]
        acc[off] += sum
      }
    }
  }
  /** I = Σ W s + Σ U r + Σ U i(t) + b; the analog input i(t) goes into `inp`. */
  const current = (t: number, y: Float64Array, theta: Float64Array): void => {
    if (analog) trial.input(t, inp)
    for (let q = 0; q < P; q++) {
      const b = biasOff[q]
      const no = neuronOff[q]
      const N = size[q]
      if (b >= 0) for (let j = 0; j < N; j++) I[no + j] = theta[b + j]
      else for (let j = 0; j < N; j++) I[no + j] = 0
    }
    for (let k = 0; k < J; k++) {
      const i = productOrder[k]
      addProduct(patterns[i], theta, prOff[i], prState[i] === 1 ? y : inp, prSource[i], I, prTarget[i])
    }
  }
  /** I from the stored trajectory (`aux`) when given, else computed; the analog input in `inp` either way. */
  const currentFrom = (t: number, y: Float64Array, theta: Float64Array, aux: Float64Array | undefined): void => {
    if (aux === undefined) return current(t, y, theta)
    if (analog) trial.input(t, inp)
    I.set(aux)
  }
  /** g(v) (and g′(v) when asked) of population q into its slices of gv, dgv. */
  const gates = (q: number, y: Float64Array, withDerivative: boolean): void => {
    const gate = gateOf[q]
    const vOff = stateOff[q] + vIn[q]
    const N = size[q]
    if (gate.evaluate !== undefined) {
      gate.evaluate(y, vOff, N, gvq[q], withDerivative ? dgvq[q] : undefined)
      return
    }
    const g = gvq[q]
    const dg = dgvq[q]
    for (let j = 0; j < N; j++) {
      g[j] = gate.value(y[vOff + j])
      if (withDerivative) dg[j] = gate.derivative(y[vOff + j])
    }
  }
  /** λ̃_q = λ_x,q + e_v g(v) λ_s,q / tau_q and the neuron VJP: vx_q = (∂f/∂x)ᵀλ̃, dI_q = ∂_I f ⊙ λ̃. Needs I, pq, gv. */
  const neuronVjp = (q: number, y: Float64Array, lam: Float64Array): void => {
    const so = stateOff[q]
    const to = traceOff[q]
    const N = size[q]
    const lt = lamTq[q]
    for (let i = 0; i < m[q] * N; i++) lt[i] = lam[so + i]
    const vi = vIn[q]
    const g = gvq[q]
    const tv = tauN[q]
    for (let j = 0; j < N; j++) lt[vi + j] += (g[j] * lam[to + j]) / tv[j]
    neurons[q].vjp(pq[q], N, xOf(y, q), Iq[q], lt, vxq[q], dIq[q])
  }
  /** out[source traces] += alpha Σ Wᵀ dI over every projection whose source is in the state. */
  const transposedProducts = (theta: Float64Array, alpha: number, out: Float64Array): void => {
    for (let i = 0; i < J; i++) {
      if (prState[i] === 0) continue
      addTransposed(patterns[i], theta, prOff[i], dI, prTarget[i], alpha, out, prSource[i])
    }
  }

  const rhs = (t: number, y: Float64Array, theta: Float64Array, out: Float64Array): void => {
    params(theta)
    current(t, y, theta)
    for (let q = 0; q < P; q++) {
      const N = size[q]
      const to = traceOff[q]
      const so = stateOff[q]
      // into the network's own buffer, then copied (the neuron always sees the same kind of array)
      const f = fxq[q]
      neurons[q].rhs(pq[q], N, xOf(y, q), Iq[q], f)
      for (let i = 0; i < m[q] * N; i++) out[so + i] = f[i]
      gates(q, y, false)
      const vi = vIn[q]
      const g = gvq[q]
      const tv = tauN[q]
      for (let j = 0; j < N; j++) out[to + j] = (-y[to + j] + g[j] * f[vi + j]) / tv[j]
    }
    traceDecay(y, -1, out)
  }

  const vjpState = (t: number, y: Float64Array, theta: Float64Array, lam: Float64Array, out: Float64Array, aux?: Float64Array): void => {
    params(theta)
    currentFrom(t, y, theta, aux)
    for (let q = 0; q < P; q++) {
      const N = size[q]
      const so = stateOff[q]
      const to = traceOff[q]
      neurons[q].rhs(pq[q], N, xOf(y, q), Iq[q], fxq[q])
      gates(q, y, true)
      neuronVjp(q, y, lam)
      const v = vxq[q]
      for (let i = 0; i < m[q] * N; i++) out[so + i] = v[i]
      const vi = vIn[q]
      const f = fxq[q]
      const dg = dgvq[q]
      const tv = tauN[q]
      for (let j = 0; j < N; j++) {
        const ts = tv[j]
        out[so + vi + j] += (dg[j] * f[vi + j] * lam[to + j]) / ts
        out[to + j] = -lam[to + j] / ts
      }
    }
    traceDecay(lam, -1, out)
    transposedProducts(theta, 1, out)
  }

  const vjpParams = (
    t: number,
    y: Float64Array,
    theta: Float64Array,
    lam: Float64Array,
    scale: number,
    acc: Float64Array,
    aux?: Float64Array,
  ): void => {
    params(theta)
    currentFrom(t, y, theta, aux)
    for (let q = 0; q < P; q++) {
      const N = size[q]
      const to = traceOff[q]
      const no = neuronOff[q]
      gates(q, y, false)
      neuronVjp(q, y, lam)
      if (biasTrained[q] === 1) {
        const b = biasOff[q]
        for (let j = 0; j < N; j++) acc[b + j] += scale * dI[no + j]
      }
      if (tauOff[q] >= 0) {
        neurons[q].rhs(pq[q], N, xOf(y, q), Iq[q], fxq[q])
        const vi = vIn[q]
        const f = fxq[q]
        const g = gvq[q]
        const tv = tauN[q]
        if (tauPerNeuron[q] === 0) {
          const tauS = tv[0]
          let sum = 0
          for (let j = 0; j < N; j++) {
            const fs = (-y[to + j] + g[j] * f[vi + j]) / tauS
            sum -= (lam[to + j] * fs) / tauS
          }
          acc[tauOff[q]] += scale * sum
        } else {
          // dL/dtau_s,j = −∫ λ_s,j F_s,j / tau_s,j dt, neuron by neuron
          const off = tauOff[q]
          for (let j = 0; j < N; j++) {
            const fs = (-y[to + j] + g[j] * f[vi + j]) / tv[j]
            acc[off + j] -= (scale * lam[to + j] * fs) / tv[j]
          }
        }
      }
      if (trainedParams[q] === 1) {
        pAccq[q].fill(0)
        neurons[q].paramVjp!(pq[q], N, xOf(y, q), Iq[q], lamTq[q], scale, pAccq[q])
        addParamGradients(q, acc)
      }
    }
    for (let k = 0; k < trainedProjections.length; k++) {
      const i = trainedProjections[k]
      addOuterProduct(patterns[i], scale, dI, prTarget[i], prState[i] === 1 ? y : inp, prSource[i], acc, prOff[i])
    }
  }

  /** o = Σ_p O_p s_p. */
  const readoutOf = (y: Float64Array, theta: Float64Array): void => {
    o.fill(0)
    for (let u = 0; u < U; u++) {
      const N = termSize[u]
      const to = termTrace[u]
      for (let r = 0; r < Nout; r++) {
        let acc = o[r]
        const row = termOff[u] + r * N
        for (let j = 0; j < N; j++) acc += theta[row + j] * y[to + j]
        o[r] = acc
      }
    }
  }
  /** gradO = Σ_terms ∂l/∂o, gradS = Σ_terms ∂l/∂s (partial, o held fixed) at (t, y). */
  const lossGradients = (t: number, y: Float64Array, theta: Float64Array): void => {
    readoutOf(y, theta)
    const w = trial.target(t, target)
    const s = sOf(y)
    gradO.fill(0)
    gradS.fill(0)
    for (let k = 0; k < L; k++) losses[k].gradient(t, o, s, target, w, gradO, gradS)
  }
  // conditions are read on the solver's scratch arrays (cached views); jumps get fresh arrays (views made on the spot)
  const xTransient = (buf: Float64Array, q: number): Float64Array => (stateOff[q] === 0 ? buf : buf.subarray(...xRange(q)))
  const events = networkEvents(net, trial, pq, pAccq, params, addParamGradients, xOf, xTransient)
  // the losses' terms on what they read of the populations (voltages, named traces, reset times)
  const reading = populationLosses(pops, losses, trial, Nout, events, net.initialState)
  const readingRunning = reading.running
  const readingTerms = readingRunning?.terms ?? []
  const RT = readingTerms.length
  const runningCost: RunningCost = {
    value(t, y, theta) {
      readoutOf(y, theta)
      const w = trial.target(t, target)
      const s = sOf(y)
      let l = 0
      for (let k = 0; k < L; k++) l += losses[k].value(t, o, s, target, w)
      for (let k = 0; k < RT; k++) l += readingTerms[k].value(readingRunning!.view(k, t, y))
      return l
    },
    gradState(t, y, theta, out) {
      lossGradients(t, y, theta)
      out.fill(0)
      for (let i = 0; i < Ntot; i++) out[X + i] = gradS[i]
      for (let u = 0; u < U; u++) {
        const N = termSize[u]
        const to = termTrace[u]
        const off = termOff[u]
        for (let j = 0; j < N; j++) {
          let acc = out[to + j]
          for (let r = 0; r < Nout; r++) acc += theta[off + r * N + j] * gradO[r]
          out[to + j] = acc
        }
      }
      if (readingRunning !== undefined) readingRunning.addGradState(t, y, out)
      if (traceForcing !== undefined) traceForcing(t, theta, out, X)
    },
    gradParams(t, y, theta, scale, acc) {
      if (!readout.trainable) return
      lossGradients(t, y, theta)
      for (let u = 0; u < U; u++) {
        const N = termSize[u]
        const to = termTrace[u]
        for (let r = 0; r < Nout; r++) {
          const g = scale * gradO[r]
          if (g === 0) continue
          const row = termOff[u] + r * N
          for (let j = 0; j < N; j++) acc[row + j] += g * y[to + j]
        }
      }
    },
  }

  // the trial's breakpoints, and for a loss that reads populations the target spikes (a van Rossum
  // target's filtered train jumps there)
  const breakpoints = readingBreakpoints(trial, reading.running !== undefined)

  const lg = new Float64Array(n)
  const adjointTransform: AdjointTransform = {
    toLambda(_t, y, theta, pa, out) {
      params(theta)
      out.set(pa)
      for (let q = 0; q < P; q++) {
        const N = size[q]
        const to = traceOff[q]
        gates(q, y, false)
        const vOff = stateOff[q] + vIn[q]
        const g = gvq[q]
        const tv = tauN[q]
        for (let j = 0; j < N; j++) {
          out[vOff + j] -= g[j] * pa[to + j]
          out[to + j] = tv[j] * pa[to + j]
        }
      }
    },
    fromLambda(_t, y, theta, lam, out) {
      params(theta)
      out.set(lam)
      for (let q = 0; q < P; q++) {
        const N = size[q]
        const to = traceOff[q]
        gates(q, y, false)
        const vOff = stateOff[q] + vIn[q]
        const g = gvq[q]
        const tv = tauN[q]
        for (let j = 0; j < N; j++) {
          const ps = lam[to + j] / tv[j]
          out[to + j] = ps
          out[vOff + j] += g[j] * ps
        }
      }
    },
    rhs(t, y, theta, pa, out, aux) {
      params(theta)
      currentFrom(t, y, theta, aux)
      for (let q = 0; q < P; q++) {
        gates(q, y, false)
        // p_x,q is handed to the neuron in the network's own buffer, as in every other VJP: the
        // neuron's code then always sees the same kind of array (the solver's would make it polymorphic)
        const lt = lamTq[q]
        const so = stateOff[q]
        for (let i = 0; i < m[q] * size[q]; i++) lt[i] = pa[so + i]
        neurons[q].vjp(pq[q], size[q], xOf(y, q), Iq[q], lt, vxq[q], dIq[q])
      }
      runningCost.gradState(t, y, theta, lg)
      for (let i = X; i < X + Ntot; i++) out[i] = pa[i] - lg[i]
      traceDecay(pa, 1, out)
      transposedProducts(theta, -1, out)
      for (let q = 0; q < P; q++) {
        const N = size[q]
        const so = stateOff[q]
        const to = traceOff[q]
        const tv = tauN[q]
        for (let j = 0; j < N; j++) out[to + j] /= tv[j]
        const v = vxq[q]
        for (let i = 0; i < m[q] * N; i++) out[so + i] = -v[i] - lg[so + i]
        const vOff = so + vIn[q]
        const g = gvq[q]
        for (let j = 0; j < N; j++) out[vOff + j] += g[j] * out[to + j]
      }
    },
  }

  const s0 = net.initialState.subarray(X, X + Ntot)
  const gradTau = new Float64Array(Ntot)
  const fillTau = (theta: Float64Array): Float64Array => {
    params(theta)
    for (let q = 0; q < P; q++) tauVec.set(tauN[q], neuronOff[q])
    return tauVec
  }
  const terminals = losses.filter((l) => l.terminal !== undefined).map((l) => l.terminal!)
  const terminalCost: TerminalCost | undefined =
    terminals.length === 0
      ? undefined
      : {
          value(_t, y, theta) {
            const taus = fillTau(theta)
            let v = 0
            for (let k = 0; k < terminals.length; k++) v += terminals[k].value(sOf(y), s0, taus)
            return v
          },
          gradState(_t, y, theta, out) {
            out.fill(0)
            gradS.fill(0)
            const taus = fillTau(theta)
            for (let k = 0; k < terminals.length; k++) terminals[k].gradient(sOf(y), s0, taus, gradS, gradTau)
            out.set(gradS, X)
          },
          ...(anyTrainedTau && {
            gradParams(_t: number, y: Float64Array, theta: Float64Array, acc: Float64Array) {
              gradS.fill(0)
              gradTau.fill(0)
              const taus = fillTau(theta)
              for (let k = 0; k < terminals.length; k++) terminals[k].gradient(sOf(y), s0, taus, gradS, gradTau)
              for (let q = 0; q < P; q++) {
                if (tauOff[q] < 0) continue
                if (tauPerNeuron[q] === 1) {
                  for (let j = 0; j < size[q]; j++) acc[tauOff[q] + j] += gradTau[neuronOff[q] + j]
                  continue
                }
                let d = 0
                for (let j = 0; j < size[q]; j++) d += gradTau[neuronOff[q] + j]
                acc[tauOff[q]] += d
              }
            },
          }),
        }

  const problem: Problem = {
    dimension: n,
    parameterCount: layout.size,
    parameterBlocks: layout.blocks,
    describeComponent: (i) => stateComponentName(net, i),
    describeParameter: (k) => parameterName(net, k),
    rhs,
    vjpState,
    vjpParams,
    runningCost,
    ...(terminalCost && { terminalCost }),
    ...(reading.eventCost && { eventCost: reading.eventCost }),
    adjointTransform,
    // the input currents, kept along the trajectory: the backward pass then needs only the
    // transposed products per evaluation, not the forward ones too
    auxiliary: {
      size: Ntot,
      compute(t: number, y: Float64Array, theta: Float64Array, out: Float64Array) {
        current(t, y, theta)
        out.set(I)
      },
    },
    events,
    ...(breakpoints.length > 0 && { breakpoints }),
  }
  return {
    problem,
    inputCotangent(t, y, theta, pa, out, aux) {
      params(theta)
      currentFrom(t, y, theta, aux)
      for (let q = 0; q < P; q++) {
        const lt = lamTq[q]
        const so = stateOff[q]
        for (let i = 0; i < m[q] * size[q]; i++) lt[i] = pa[so + i]
        neurons[q].vjp(pq[q], size[q], xOf(y, q), Iq[q], lt, vxq[q], dIq[q])
      }
      for (let i = 0; i < Ntot; i++) out[i] = dI[i]
    },
  }
}

/**
 * The gate of a population whose neurons' zones differ: neuron j's gate is the population's moved
 * by shift_j, g_j(v) = g(v − shift_j) (the gate's `evaluate` reads the shifted voltages from a
 * scratch array, for the whole population: neuron j at offset + j; `value` and `derivative` are the
 * unshifted gate's, for one voltage already shifted).
 */
function shiftedGate(gate: SynapseGate, shift: Float64Array): SynapseGate {
  const vs = new Float64Array(shift.length)
  return {
    ...gate,
    evaluate(v, offset, count, g, dg) {
      for (let j = 0; j < count; j++) vs[j] = v[offset + j] - shift[j]
      if (gate.evaluate !== undefined) return gate.evaluate(vs, 0, count, g, dg)
      for (let j = 0; j < count; j++) {
        g[j] = gate.value(vs[j])
        if (dg !== undefined) dg[j] = gate.derivative(vs[j])
      }
    },
  }
}
