import type { Block } from '../../ode/blocks/blockProblem.js'
import type { Trial } from '../../plugin/task.js'
import type { Network, NetworkInput, NetworkPopulation, NetworkProjection, ProjectionSource } from '../network.js'
import { networkProblemParts } from '../networkProblem.js'
import type { BlockPlaces, LinkHolder } from './populationBlock.js'

/** A recurrent component's block, and where each entry of its state lives in the whole network's. */
export type RecurrentBlock = Block & { readonly stateInNetwork: Int32Array }

/**
 * A recurrent component of a network — populations that read one another in a cycle, or one that
 * projects onto itself — as one block of one component, solved as the monolithic problem solves
 * a network (DESIGN §8: "recurrent components keep today's solve"), on steps of its own.
 *
 * The component is posed as a network of its own (`networkProblem` on a sub-network that keeps the
 * whole network's θ layout, so its parameters and gradients need no mapping): its populations,
 * the projections into them, the spike and analog inputs they read, and — for every population
 * before it that projects into it — an analog input whose signal is that population's traces,
 * read from its block's recording. The component's outputs are its traces (population order);
 * its running cost is 0 with the forcing of its traces the links give (the cost's ∂l/∂s and the
 * cotangents the blocks after it recorded); its cotangent is u = ∂_I f ⊙ p_x of each of its
 * neurons, for the populations before it.
 *
 * The caller checks that no projection into, out of or within the component has delays.
 */
export function recurrentBlock(
  net: Network,
  trial: Trial,
  /** The component's populations (indices into net.populations). */
  members: readonly number[],
  places: BlockPlaces,
  holder: LinkHolder,
  /** y0 of the whole network on this trial (`trialInitialState`). */
  y0: Float64Array,
): RecurrentBlock {
  const { populations: pops, inputs: allInputs, projections: allProjections, layout } = net
  const self = places.block[members[0]]
  const inside = new Int32Array(pops.length).fill(-1)
  members.forEach((q, i) => (inside[q] = i))
  const into = allProjections.filter((pr) => inside[pr.target] >= 0)
  // populations before the component that project into it, each read as an analog input
  const upstream = [...new Set(into.filter((pr) => pr.source.kind === 'population' && inside[pr.source.index] < 0).map((pr) => pr.source.index))].sort((a, b) => a - b)
  const usedInputs = [...new Set(into.filter((pr) => pr.source.kind !== 'population').map((pr) => pr.source.index))].sort((a, b) => a - b)

  // the sub-network's state: [x of each member | s of each member | r of each spike input it reads]
  let x = 0
  for (const q of members) x += pops[q].neuron.stateNames.length * pops[q].size
  const traceBase = x
  let neurons = 0
  let at = 0
  const subPops: NetworkPopulation[] = members.map((q) => {
    const p = pops[q]
    const placed = { ...p, stateOffset: at, traceOffset: traceBase + neurons, neuronOffset: neurons }
    at += p.neuron.stateNames.length * p.size
    neurons += p.size
    return placed
  })
  let rAt = traceBase + neurons
  const inputIndex = new Map<number, number>()
  const subInputs: NetworkInput[] = usedInputs.map((c, i) => {
    const input = allInputs[c]
    inputIndex.set(c, i)
    if (input.kind !== 'spikes') return input
    const placed = { ...input, traceOffset: rAt }
    rAt += input.size
    return placed
  })
  const upstreamIndex = new Map<number, number>()
  const upstreamChannel = new Int32Array(upstream.length)
  let channels = layout.analogChannels
  upstream.forEach((q, i) => {
    upstreamIndex.set(q, subInputs.length)
    upstreamChannel[i] = channels
    subInputs.push({ name: pops[q].name, kind: 'analog', size: pops[q].size, channelOffset: channels, traceOffset: -1, tauS: Number.NaN })
    channels += pops[q].size
  })
  const sourceOf = (s: ProjectionSource): ProjectionSource =>
    s.kind === 'population'
      ? inside[s.index] >= 0
        ? { kind: 'population', index: inside[s.index] }
        : { kind: 'analog', index: upstreamIndex.get(s.index)! }
      : { kind: s.kind, index: inputIndex.get(s.index)! }
  const subProjections: NetworkProjection[] = into.map((pr) => ({ ...pr, source: sourceOf(pr.source), target: inside[pr.target] }))
  const stateSize = rAt
  const stateInNetwork = new Int32Array(stateSize)
  members.forEach((q, i) => {
    const p = pops[q]
    const m = p.neuron.stateNames.length
    for (let e = 0; e < m * p.size; e++) stateInNetwork[subPops[i].stateOffset + e] = p.stateOffset + e
    for (let j = 0; j < p.size; j++) stateInNetwork[subPops[i].traceOffset + j] = p.traceOffset + j
  })
  usedInputs.forEach((c, i) => {
    const input = allInputs[c]
    if (input.kind === 'spikes') for (let k = 0; k < input.size; k++) stateInNetwork[subInputs[i].traceOffset + k] = input.traceOffset + k
  })
  const initialState = Float64Array.from(stateInNetwork, (at) => y0[at])
  const sub: Network = {
    populations: subPops,
    inputs: subInputs,
    projections: subProjections,
    readout: { size: 0, terms: [], trainable: false, init: net.readout.init },
    losses: [],
    layout: { ...layout, stateSize, neurons, traceBase, analogChannels: channels },
    initialState,
  }

  const links = () => holder.links!
  // the trial as the component sees it: the network's analog inputs, then the traces of the
  // populations before it (read with a cursor per source neuron: one reader, moving monotonically)
  const upBlock = Int32Array.from(upstream, (q) => places.block[q])
  const upWhole = Uint8Array.from(upstream, (q) => places.whole[q])
  const upBase = Int32Array.from(upstream, (q) => places.base[q])
  const upSize = Int32Array.from(upstream, (q) => pops[q].size)
  const upCursors = upstream.map((q) => new Int32Array(pops[q].size))
  const ownAnalog = layout.analogChannels > 0
  const seen: Trial = {
    ...trial,
    input(t, out) {
      if (ownAnalog) trial.input(t, out)
      const l = links()
      for (let i = 0; i < upstream.length; i++) {
        const b = upBlock[i]
        const ch = upstreamChannel[i]
        const cursors = upCursors[i]
        if (upWhole[i] === 1) for (let c = 0; c < upSize[i]; c++) out[ch + c] = l.output(b, 0, upBase[i] + c, t, cursors, c)
        else for (let c = 0; c < upSize[i]; c++) out[ch + c] = l.output(b, c, 0, t, cursors, c)
      }
    },
  }

  // the forcing of its traces by the blocks after it: e_j += Σ_r W_rj u_r for every projection out
  const leaving = allProjections.filter((pr) => pr.source.kind === 'population' && inside[pr.source.index] >= 0 && inside[pr.target] < 0)
  const outPattern = leaving.map((pr) => pr.pattern)
  const outOffset = Int32Array.from(leaving, (pr) => pr.offset)
  const outSource = Int32Array.from(leaving, (pr) => subPops[inside[pr.source.index]].neuronOffset)
  const outBlock = Int32Array.from(leaving, (pr) => places.block[pr.target])
  const outWhole = Uint8Array.from(leaving, (pr) => places.whole[pr.target])
  const outBase = Int32Array.from(leaving, (pr) => places.base[pr.target])
  const outCursors = leaving.map((pr) => new Int32Array(pr.pattern.rows))
  const forcing = (t: number, theta: Float64Array, out: Float64Array, base: number): void => {
    const l = links()
    for (let j = 0; j < neurons; j++) out[base + j] += l.costGradient(self, 0, j, t)
    for (let i = 0; i < leaving.length; i++) {
      const p = outPattern[i]
      const b = outBlock[i]
      const cursors = outCursors[i]
      const to = base + outSource[i]
      for (let r = 0; r < p.rows; r++) {
        const u = outWhole[i] === 1 ? l.cotangent(b, 0, outBase[i] + r, t, cursors, r) : l.cotangent(b, r, 0, t, cursors, r)
        if (u === 0) continue
        if (p.kind === 'dense') {
          const row = outOffset[i] + r * p.cols
          for (let c = 0; c < p.cols; c++) out[to + c] += theta[row + c] * u
        } else for (let e = p.rowStart[r]; e < p.rowStart[r + 1]; e++) out[to + p.col[e]] += theta[outOffset[i] + e] * u
      }
    }
  }
  const parts = networkProblemParts(sub, seen, forcing)
  return {
    name: members.map((q) => pops[q].name).join('+'),
    count: 1,
    problem: parts.problem,
    select: () => undefined,
    initialState(_k, _theta, out) {
      out.set(initialState)
    },
    outputs: Array.from({ length: neurons }, (_, j) => traceBase + j),
    ...(upstream.length > 0 && { cotangent: { size: neurons, compute: parts.inputCotangent } }),
    stateInNetwork,
  }
}
