import { left, right, type Either } from 'fp-ts/lib/Either.js'
import { blockForward, type BlockForwardSolution } from '../../ode/blocks/blockGradient.js'
import type { BlockCost, BlockProblem } from '../../ode/blocks/blockProblem.js'
import { invalidProblem, type SolveError } from '../../ode/solveError.js'
import type { SolveOptions } from '../../ode/solveOptions.js'
import { trialSetupFailed } from '../../plugin/trialSetupFailed.js'
import type { Trial } from '../../plugin/task.js'
import type { Network } from '../network.js'
import { trialInitialState } from '../networkEvents.js'
import { feedforwardOrder } from './feedforwardOrder.js'
import { populationBlock, type LinkHolder } from './populationBlock.js'

/**
 * A network on one trial as a structured problem (DESIGN §8), when its population graph has no
 * cycle: one block per population in topological order, one component per neuron
 * (`populationBlock`), and the cost L = ∫ Σ_terms l(t, o, s) dt + Σ_terms Φ(s(T), s(0), tau) on
 * the traces, o = Σ_p O_p s_p. Otherwise `{ reason }`: the network is one strongly connected
 * component (or holds one), which the monolithic `networkProblem` solves.
 * @throws RangeError when the trial's spikes do not fit the network's spike inputs.
 */
export function networkBlocks(net: Network, trial: Trial): BlockProblem | { readonly reason: string } {
  const ordered = feedforwardOrder(net)
  if ('reason' in ordered) return ordered
  const { order } = ordered
  const blockOf = new Int32Array(net.populations.length)
  order.forEach((q, b) => (blockOf[q] = b))
  const holder: LinkHolder = { links: undefined }
  const y0 = trialInitialState(net, trial)
  const blocks = order.map((q) => populationBlock(net, trial, q, blockOf, holder, y0))
  return {
    parameterCount: net.layout.size,
    parameterBlocks: net.layout.blocks,
    blocks,
    cost: networkCost(net, trial, order, y0),
    connect(links) {
      holder.links = links
    },
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

/** The network's losses on the outputs w (the traces, block by block) as a `BlockCost`. */
function networkCost(net: Network, trial: Trial, order: readonly number[], y0: Float64Array): BlockCost {
  const { populations: pops, readout, layout, losses } = net
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
  return {
    value(t, wv, theta) {
      gather(wv)
      readoutOf(theta)
      const weight = trial.target(t, target)
      let l = 0
      for (const loss of losses) l += loss.value(t, o, s, target, weight)
      return l
    },
    gradOutputs(t, wv, theta, out) {
      lossGradients(t, wv, theta)
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
    ...(trial.breakpoints !== undefined && trial.breakpoints.length > 0 && { breakpoints: trial.breakpoints }),
  }
}
