import type { Network } from '../network.js'

// -------------------------------------------------------------------------------------
// model
// -------------------------------------------------------------------------------------

/** What the closed-form solve needs of a network, gathered once (`closedFormPlan`). */
export interface ClosedFormPlan {
  readonly network: Network
  /** Per population: the index of the spike projection it reads (−1: none). */
  readonly spikeProjection: Int32Array
  /** Per neuron (population order): the θ offset of its weight on readout row 0 (−1 when not read), and the stride to the next row. */
  readonly readRow: Int32Array
  readonly readStride: Int32Array
  /** Per population: neuron j's θ offset of its weight from input channel c at j·C + c (−1: none). */
  readonly inputEntry: readonly Int32Array[]
  /** Per population, of the spike input it reads: its channels C (0: none), tau (1 when none), the offset of its traces in y0, and whether its weights train (1) or not (0). */
  readonly inputSize: Int32Array
  readonly inputTau: Float64Array
  readonly inputTrace: Int32Array
  readonly inputTrainable: Uint8Array
  /** Per population: the family of its reset events. */
  readonly resetFamily: readonly string[]
  /** Per neuron (population order): its tau, v_th and v_reset (`Neuron.leaky`; not trained, so fixed with the network). */
  readonly tau: Float64Array
  readonly threshold: Float64Array
  readonly resetValue: Float64Array
  /** The shortest time constant of the network (every tau, tau_s and input tau): what bounds a quadrature piece. */
  readonly tauMin: number
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
  const Ntot = net.layout.neurons
  const tau = new Float64Array(Ntot)
  const threshold = new Float64Array(Ntot)
  const resetValue = new Float64Array(Ntot)
  let tauMin = Infinity
  for (const input of net.inputs) tauMin = Math.min(tauMin, input.tauS)
  for (const pop of net.populations) {
    const where = `the population "${pop.name}"`
    if (pop.neuron.leaky === undefined || pop.neuron.stateNames.length !== 1) return { reason: `${where}'s neuron "${pop.neuron.kind}" does not declare itself a leaky integrator` }
    if (pop.gate.edges.length > 0 || (pop.gate.period ?? 0) > 0) return { reason: `${where}'s gate "${pop.gate.kind}" has edges or a period` }
    if (pop.paramOffsets.some((o) => o >= 0)) return { reason: `${where} trains neuron parameters` }
    if (pop.tauSOffset >= 0) return { reason: `${where} trains tau_s` }
    if (pop.tauSValues !== undefined) return { reason: `${where} has one tau_s per neuron` }
    tauMin = Math.min(tauMin, pop.tauS)
    const p = pop.paramTable ?? pop.params
    for (let j = 0; j < pop.size; j++) {
      const lk = pop.neuron.leaky
      const tm = lk.tau(p, pop.size, j)
      const vth = lk.threshold(p, pop.size, j)
      const vr = lk.resetValue(p, pop.size, j)
      if (!(tm > 0 && tm < Infinity) || !Number.isFinite(vth) || !Number.isFinite(vr)) {
        return { reason: `${where}'s neuron ${j} is no leaky integrator at its parameters (tau ${tm}, v_th ${vth}, v_reset ${vr})` }
      }
      tau[pop.neuronOffset + j] = tm
      threshold[pop.neuronOffset + j] = vth
      resetValue[pop.neuronOffset + j] = vr
      tauMin = Math.min(tauMin, tm)
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
  const readRow = new Int32Array(net.layout.neurons).fill(-1)
  const readStride = new Int32Array(net.layout.neurons)
  for (const term of readout.terms) {
    const pop = net.populations[term.population]
    for (let j = 0; j < pop.size; j++) {
      readRow[pop.neuronOffset + j] = term.offset + j
      readStride[pop.neuronOffset + j] = pop.size
    }
  }
  const inputEntry = net.populations.map((pop, q) => {
    const pi = spikeProjection[q]
    if (pi < 0) return new Int32Array(0)
    const pr = net.projections[pi]
    const C = net.inputs[pr.source.index].size
    const entry = new Int32Array(pop.size * C).fill(-1)
    const p = pr.pattern
    for (let j = 0; j < pop.size; j++) {
      if (p.kind === 'dense') for (let c = 0; c < C; c++) entry[j * C + c] = pr.offset + j * C + c
      else for (let e = p.rowStart[j]; e < p.rowStart[j + 1]; e++) entry[j * C + p.col[e]] = pr.offset + e
    }
    return entry
  })
  const resetFamily = net.populations.map((pop) => `reset:${pop.name}`)
  const P = net.populations.length
  const inputSize = new Int32Array(P)
  const inputTau = new Float64Array(P).fill(1)
  const inputTrace = new Int32Array(P)
  const inputTrainable = new Uint8Array(P)
  for (let q = 0; q < P; q++) {
    const pi = spikeProjection[q]
    if (pi < 0) continue
    const input = net.inputs[net.projections[pi].source.index]
    inputSize[q] = input.size
    inputTau[q] = input.tauS
    inputTrace[q] = input.traceOffset
    inputTrainable[q] = net.projections[pi].trainable ? 1 : 0
  }
  return { network: net, spikeProjection, readRow, readStride, inputEntry, resetFamily, inputSize, inputTau, inputTrace, inputTrainable, tau, threshold, resetValue, tauMin }
}
