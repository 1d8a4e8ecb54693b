import { left, right, type Either } from 'fp-ts/lib/Either.js'
import { blockForward, type BlockForwardSolution } from '../../ode/blocks/blockGradient.js'
import type { Block, BlockCost, BlockEventOccurrence, BlockFinalCost, BlockProblem } from '../../ode/blocks/blockProblem.js'
import type { EventOccurrence } from '../../ode/problem.js'
import { invalidProblem, type SolveError } from '../../ode/solveError.js'
import type { SolveOptions } from '../../ode/solveOptions.js'
import { trialSetupFailed } from '../../plugin/trialSetupFailed.js'
import type { Trial } from '../../plugin/task.js'
import type { Network } from '../network.js'
import { trialInitialState } from '../networkEvents.js'
import { componentOrder } from './componentOrder.js'
import { populationBlock, type BlockPlaces, type LinkHolder } from './populationBlock.js'
import { recurrentBlock, type RecurrentBlock } from './recurrentBlock.js'
import { populationLosses, readingBreakpoints, resetFamilyName, runningOnVariables } from '../populationLosses.js'

/**
 * A network on one trial as a structured problem (DESIGN §8): the strongly connected components
 * of its population graph in topological order (`componentOrder`), each a block — a population
 * that projects onto none of its own neurons and lies on no cycle as one component per neuron
 * (`populationBlock`), a recurrent component as one component solved as the whole network would
 * be (`recurrentBlock`) — and the cost L = ∫ Σ_terms l(t, o, s) dt + Σ_terms Φ(s(T), s(0), tau)
 * on the traces, o = Σ_p O_p s_p. Otherwise `{ reason }`: a network that is one recurrent
 * component (nothing to split: the monolithic `networkProblem` solves it), delays that touch a
 * recurrent component, or a loss with a running term on neuron variables.
 * @throws RangeError when the trial's spikes do not fit the network's spike inputs.
 */
export function networkBlocks(net: Network, trial: Trial): BlockProblem | { readonly reason: string } {
  const components = componentOrder(net)
  const recurrent = components.filter((c) => c.recurrent)
  if (components.length === 1 && recurrent.length === 1) {
    const names = components[0].populations.map((q) => `"${net.populations[q].name}"`).join(', ')
    return { reason: components[0].populations.length > 1 ? `the populations ${names} form a cycle, and nothing else: the network is one recurrent component` : `the population ${names} is recurrent, and the network has no other` }
  }
  const inRecurrent = new Uint8Array(net.populations.length)
  for (const c of recurrent) for (const q of c.populations) inRecurrent[q] = 1
  const delayedLoop = net.projections.find((pr) => pr.delay !== undefined && (inRecurrent[pr.target] === 1 || (pr.source.kind === 'population' && inRecurrent[pr.source.index] === 1)))
  if (delayedLoop !== undefined) return { reason: `the projection ${delayedLoop.name} has delays and touches a recurrent component, which is solved as one ODE` }
  const onVariables = runningOnVariables(net.losses)
  if (onVariables !== undefined) return { reason: `the loss "${onVariables.kind}" has a running term on neuron variables, which jump at resets (the structured solve's cost reads the traces only)` }
  const P = net.populations.length
  const places: BlockPlaces = { block: new Int32Array(P), whole: new Uint8Array(P), base: new Int32Array(P) }
  components.forEach((c, b) => {
    let base = 0
    for (const q of c.populations) {
      places.block[q] = b
      places.whole[q] = c.recurrent ? 1 : 0
      places.base[q] = c.recurrent ? base : 0
      base += net.populations[q].size
    }
  })
  const holder: LinkHolder = { links: undefined }
  const y0 = trialInitialState(net, trial)
  const blocks = components.map((c) => (c.recurrent ? recurrentBlock(net, trial, c.populations, places, holder, y0) : populationBlock(net, trial, c.populations[0], places, holder, y0)))
  const members = components.map((c) => c.populations)
  return {
    parameterCount: net.layout.size,
    parameterBlocks: net.layout.blocks,
    blocks,
    cost: networkCost(net, trial, members, y0, blocks),
    connect(links) {
      holder.links = links
    },
    // a delayed projection from a population reads its recording at t − d (and its events in `prepare`)
    laggedReads: net.projections.some((pr) => pr.delay !== undefined && pr.source.kind === 'population'),
  }
}

/**
 * The forward pass of `network` on `trial` solved by its structure (`networkBlocks`,
 * `blockForward`): its loss, events and the blocks' states at `saveAt`, with the problem (its
 * blocks in their order). A trial that does not fit, or a network with a cycle, is a SolveError.
 */
export function networkForward(
  network: Network,
  theta: Float64Array,
  trial: Trial,
  saveAt: Float64Array,
  solve: SolveOptions,
): Either<SolveError, { readonly problem: BlockProblem; readonly solution: BlockForwardSolution }> {
  let problem: ReturnType<typeof networkBlocks>
  try {
    problem = networkBlocks(network, trial)
  } catch (e) {
    return left(trialSetupFailed('the trial does not fit the network', e))
  }
  if ('reason' in problem) return left(invalidProblem('network', `cannot be solved by its structure: ${problem.reason}`))
  const solved = blockForward(problem, { t0: 0, t1: trial.duration, theta }, saveAt, solve)
  return solved._tag === 'Left' ? solved : right({ problem, solution: solved.right })
}

/**
 * The network's losses on the outputs w (the traces, block by block) as a `BlockCost`, and the
 * terms of losses that read populations by name (`populationLosses`, built on the whole network's
 * state layout): running terms on traces in l, final terms (reset times, variables and traces at
 * T, charges) as the cost's `final`, on a whole-network state assembled from the components'.
 */
function networkCost(net: Network, trial: Trial, members: readonly (readonly number[])[], y0: Float64Array, blocks: readonly Block[]): BlockCost {
  const { populations: pops, readout, layout, losses } = net
  const reading = populationReading(net, trial, members, blocks)
  const order = members.flat()
  const Ntot = layout.neurons
  const X = layout.traceBase
  // w index → neuron index (population order)
  const neuronOf = new Int32Array(Ntot)
  let w = 0
  for (const q of order) for (let j = 0; j < pops[q].size; j++) neuronOf[w++] = pops[q].neuronOffset + j
  const s = new Float64Array(Ntot)
  const gather = (wv: Float64Array): Float64Array => {
    for (let i = 0; i < Ntot; i++) s[neuronOf[i]] = wv[i]
    return s
  }
  const Nout = readout.size
  const o = new Float64Array(Nout)
  const target = new Float64Array(Math.max(Nout, 1))
  const gradO = new Float64Array(Nout)
  const gradS = new Float64Array(Ntot)
  const terms = readout.terms.map((t) => ({ offset: t.offset, size: pops[t.population].size, first: pops[t.population].neuronOffset }))
  const readoutOf = (theta: Float64Array): void => {
    o.fill(0)
    for (const term of terms) {
      for (let r = 0; r < Nout; r++) {
        let acc = o[r]
        const row = term.offset + r * term.size
        for (let j = 0; j < term.size; j++) acc += theta[row + j] * s[term.first + j]
        o[r] = acc
      }
    }
  }
  const lossGradients = (t: number, wv: Float64Array, theta: Float64Array): void => {
    gather(wv)
    readoutOf(theta)
    const weight = trial.target(t, target)
    gradO.fill(0)
    gradS.fill(0)
    for (const loss of losses) loss.gradient(t, o, s, target, weight, gradO, gradS)
  }
  const s0 = y0.subarray(X, X + Ntot)
  const tauVec = new Float64Array(Ntot)
  const gradTau = new Float64Array(Ntot)
  const fillTau = (theta: Float64Array): Float64Array => {
    for (const p of pops) {
      if (p.tauSValues === undefined) tauVec.fill(p.tauSOffset >= 0 ? theta[p.tauSOffset] : p.tauS, p.neuronOffset, p.neuronOffset + p.size)
      else for (let j = 0; j < p.size; j++) tauVec[p.neuronOffset + j] = p.tauSOffset >= 0 ? theta[p.tauSOffset + j] : p.tauSValues[j]
    }
    return tauVec
  }
  const terminals = losses.filter((l) => l.terminal !== undefined).map((l) => l.terminal!)
  /** gradS = Σ_terms ∂Φ/∂s and gradTau = Σ_terms ∂Φ/∂tau at the traces wv (block order). */
  const terminalGradients = (wv: Float64Array, theta: Float64Array): void => {
    gather(wv)
    gradS.fill(0)
    gradTau.fill(0)
    const taus = fillTau(theta)
    for (const term of terminals) term.gradient(s, s0, taus, gradS, gradTau)
  }
  const running = reading.running
  return {
    value(t, wv, theta) {
      gather(wv)
      readoutOf(theta)
      const weight = trial.target(t, target)
      let l = 0
      for (const loss of losses) l += loss.value(t, o, s, target, weight)
      if (running !== undefined) l += running.value(t, s)
      return l
    },
    gradOutputs(t, wv, theta, out) {
      lossGradients(t, wv, theta)
      if (running !== undefined) running.addGradTraces(t, s, gradS)
      for (const term of terms) {
        for (let j = 0; j < term.size; j++) {
          let acc = gradS[term.first + j]
          for (let r = 0; r < Nout; r++) acc += theta[term.offset + r * term.size + j] * gradO[r]
          gradS[term.first + j] = acc
        }
      }
      for (let i = 0; i < Ntot; i++) out[i] = gradS[neuronOf[i]]
    },
    ...(readout.trainable && {
      gradParams(t: number, wv: Float64Array, theta: Float64Array, scale: number, acc: Float64Array) {
        lossGradients(t, wv, theta)
        for (const term of terms) {
          for (let r = 0; r < Nout; r++) {
            const g = scale * gradO[r]
            if (g === 0) continue
            const row = term.offset + r * term.size
            for (let j = 0; j < term.size; j++) acc[row + j] += g * s[term.first + j]
          }
        }
      },
    }),
    ...(terminals.length > 0 && {
      terminal: {
        value(wv: Float64Array, theta: Float64Array) {
          gather(wv)
          const taus = fillTau(theta)
          let v = 0
          for (const term of terminals) v += term.value(s, s0, taus)
          return v
        },
        gradOutputs(wv: Float64Array, theta: Float64Array, out: Float64Array) {
          terminalGradients(wv, theta)
          for (let i = 0; i < Ntot; i++) out[i] = gradS[neuronOf[i]]
        },
        gradParams(wv: Float64Array, theta: Float64Array, acc: Float64Array) {
          terminalGradients(wv, theta)
          for (const p of pops) {
            if (p.tauSOffset < 0) continue
            let dTau = 0
            if (p.tauSValues !== undefined) {
              for (let j = 0; j < p.size; j++) acc[p.tauSOffset + j] += gradTau[p.neuronOffset + j]
              continue
            }
            for (let j = 0; j < p.size; j++) dTau += gradTau[p.neuronOffset + j]
            acc[p.tauSOffset] += dTau
          }
        },
      },
    }),
    ...(reading.breakpoints.length > 0 && { breakpoints: reading.breakpoints }),
    ...(reading.final !== undefined && { final: reading.final }),
  }
}

/**
 * The population terms of the network's losses for the structured solve. They are built on the
 * whole network's state layout (`populationLosses`, as the monolithic problem has them) and fed a
 * whole-network state: running terms read the traces (every neuron's, `s` in neuron order); the
 * final terms read the components' states at T placed where the whole network keeps them, and
 * the reset times of every component as reset events of its population (in time order), and
 * their derivatives go back the same way.
 */
function populationReading(
  net: Network,
  trial: Trial,
  members: readonly (readonly number[])[],
  blocks: readonly Block[],
): {
  readonly running?: { value(t: number, s: Float64Array): number; addGradTraces(t: number, s: Float64Array, gradS: Float64Array): void }
  readonly final?: BlockFinalCost
  readonly breakpoints: readonly number[]
} {
  const { populations: pops } = net
  const families = pops.map((p) => resetFamilyName(p.name))
  const reading = populationLosses(
    pops,
    net.losses,
    trial,
    net.readout.size,
    families.map((name) => ({ name })),
    net.initialState,
  )
  const breakpoints = readingBreakpoints(trial, reading.running !== undefined)
  const n = net.initialState.length
  const y = new Float64Array(n)
  const gy = new Float64Array(n)
  const traceOf = pops.map((p) => p.traceOffset)
  /** s (neuron order) into y's traces. */
  const placeTraces = (s: Float64Array): void => {
    for (const p of pops) for (let j = 0; j < p.size; j++) y[p.traceOffset + j] = s[p.neuronOffset + j]
  }
  const pr = reading.running
  const running =
    pr === undefined
      ? undefined
      : {
          value(t: number, s: Float64Array): number {
            placeTraces(s)
            let l = 0
            for (let k = 0; k < pr.terms.length; k++) l += pr.terms[k].value(pr.view(k, t, y))
            return l
          },
          addGradTraces(t: number, s: Float64Array, gradS: Float64Array): void {
            placeTraces(s)
            gy.fill(0)
            pr.addGradState(t, y, gy)
            for (let q = 0; q < pops.length; q++) for (let j = 0; j < pops[q].size; j++) gradS[pops[q].neuronOffset + j] += gy[traceOf[q] + j]
          },
        }
  const ec = reading.eventCost
  if (ec === undefined) return { ...(running && { running }), breakpoints }
  // where component k's variable v of block b lives in the whole network's state: a recurrent
  // component's says itself; a population's neuron k keeps its variables and its trace
  const inNetwork = blocks.map((block) => ('stateInNetwork' in block ? (block as RecurrentBlock).stateInNetwork : undefined))
  const placeOf = (b: number, k: number, v: number): number => {
    const known = inNetwork[b]
    if (known !== undefined) return known[v]
    const p = pops[members[b][0]]
    const m = p.neuron.stateNames.length
    return v < m ? p.stateOffset + v * p.size + k : v === m ? p.traceOffset + k : -1
  }
  // the population of each reset family of each block (−1: not a reset); a reset's neuron is its
  // component (a population's block) or its index in the family (a recurrent component's)
  const resetPopulation = blocks.map((block) =>
    Int32Array.from(block.problem.events ?? [], (f) => (f.name.startsWith('reset:') ? pops.findIndex((p) => resetFamilyName(p.name) === f.name) : -1)),
  )
  /** The reset events among the components' state events, as the whole network's (time order), and the index of each among `events`. */
  const occurrences = (events: readonly BlockEventOccurrence[]): { list: EventOccurrence[]; from: Int32Array } => {
    const picked: number[] = []
    events.forEach((e, i) => {
      if (resetPopulation[e.block][e.family] >= 0) picked.push(i)
    })
    picked.sort((a, c) => events[a].t - events[c].t || a - c)
    return {
      list: picked.map((i) => {
        const e = events[i]
        return { t: e.t, family: resetPopulation[e.block][e.family], index: inNetwork[e.block] !== undefined ? e.index : e.component }
      }),
      from: Int32Array.from(picked),
    }
  }
  const assemble = (finals: readonly Float64Array[]): void => {
    y.set(net.initialState)
    blocks.forEach((block, b) => {
      const d = block.problem.dimension
      for (let k = 0; k < block.count; k++) {
        for (let v = 0; v < d; v++) {
          const at = placeOf(b, k, v)
          if (at >= 0) y[at] = finals[b][k * d + v]
        }
      }
    })
  }
  const T = trial.duration
  const final: BlockFinalCost = {
    value(events, finals, theta) {
      assemble(finals)
      return ec.value(occurrences(events).list, T, y, theta)
    },
    gradient(events, finals, theta, gradTimes, gradFinals, acc) {
      assemble(finals)
      const { list, from } = occurrences(events)
      const times = new Float64Array(list.length)
      gy.fill(0)
      ec.gradient(list, T, y, theta, times, gy, acc)
      for (let i = 0; i < list.length; i++) gradTimes[from[i]] += times[i]
      blocks.forEach((block, b) => {
        const d = block.problem.dimension
        for (let k = 0; k < block.count; k++) {
          for (let v = 0; v < d; v++) {
            const at = placeOf(b, k, v)
            if (at >= 0) gradFinals[b][k * d + v] += gy[at]
          }
        }
      })
    },
  }
  return { ...(running && { running }), final, breakpoints }
}
