import { createNetwork, type Network, type NetworkSpec, patternCoordinates, Rng } from '@spikegrad/core'
import { benchNetwork, benchSeed, type BenchNetwork } from './benchNetwork.js'

// -------------------------------------------------------------------------------------
// model
// -------------------------------------------------------------------------------------

/** A sparse recurrent benchmark network and its dense twin. */
interface SparseBenchSpec {
  /** Number of neurons N. */
  readonly n: number
  /** Trial length T, ms. */
  readonly tMs: number
  /** Connection probability p of the recurrence (0 < p ≤ 1). */
  readonly probability: number
  /** Seed of the network (its pattern, weights, input and target; default {@link benchSeed}). */
  readonly seed?: number
}

/**
 * The pair: `sparse` stores its recurrence as index lists (p·N² entries, drawn from the seed);
 * `dense` is its twin, a dense recurrence holding the same values and zeros elsewhere. Both
 * have the bench network's neurons, gate, input, bias, readout and trial, so they integrate the
 * same equations: their losses agree to rounding and their gradients agree on the sparse
 * entries, and only the cost of the products differs.
 */
interface SparseBenchPair {
  readonly sparse: BenchNetwork
  readonly dense: BenchNetwork
  /** Stored recurrent entries of the sparse network (its pattern's size). */
  readonly entries: number
  /** For entry e of the sparse recurrence, the index of the same weight in the dense twin's θ. */
  readonly denseIndex: Int32Array
  /** θ offset of the sparse recurrence's first entry. */
  readonly sparseOffset: number
}

/**
 * Builds the pair from {@link benchNetwork}'s network of the same N, T and seed: the same
 * input weights, drive, readout, initial phases, input and target; the recurrence keeps the
 * entries of a pattern drawn at probability p, with the bench network's weights scaled by
 * 1/√p, so that each neuron's recurrent input has the same variance (W_jk ~ N(0, g²/(pN))).
 */
export function sparseBenchPair(spec: SparseBenchSpec): SparseBenchPair {
  const { n: N, tMs, probability: p } = spec
  const seed = spec.seed ?? benchSeed
  const base = benchNetwork({ n: N, tMs, seed })
  const recurrent = block(base.network, 'hidden<-hidden')
  const sparseNet = networkWith(base.spec!, { probability: p, seed: new Rng(seed).fork().int(2 ** 31) })
  const pr = sparseNet.projections.find((q) => q.name === 'hidden<-hidden')!
  const { row, col } = patternCoordinates(pr.pattern)
  const scale = 1 / Math.sqrt(p)

  const denseTheta = Float64Array.from(base.initialValue.theta)
  denseTheta.fill(0, recurrent.offset, recurrent.offset + N * N)
  const sparseTheta = new Float64Array(sparseNet.layout.size)
  const denseIndex = new Int32Array(pr.pattern.entries)
  for (const b of base.network.layout.blocks) {
    if (b.name === 'hidden<-hidden') continue
    const to = block(sparseNet, b.name)
    sparseTheta.set(base.initialValue.theta.subarray(b.offset, b.offset + b.length), to.offset)
  }
  for (let e = 0; e < pr.pattern.entries; e++) {
    const k = recurrent.offset + row[e]! * N + col[e]!
    const w = base.initialValue.theta[k]! * scale
    sparseTheta[pr.offset + e] = w
    denseTheta[k] = w
    denseIndex[e] = k
  }
  return {
    sparse: { network: sparseNet, trial: base.trial, initialValue: { ...base.initialValue, theta: sparseTheta } },
    dense: { network: base.network, trial: base.trial, initialValue: { ...base.initialValue, theta: denseTheta } },
    entries: pr.pattern.entries,
    denseIndex,
    sparseOffset: pr.offset,
  }
}

function block(net: Network, name: string): { offset: number; length: number } {
  const b = net.layout.blocks.find((x) => x.name === name)
  if (b === undefined) throw new Error(`sparseBenchPair: the bench network has no block "${name}"`)
  return b
}

function networkWith(spec: NetworkSpec, connectivity: { probability: number; seed: number }): Network {
  const projections = (spec.projections ?? []).map((q) => (q.from === 'hidden' && q.to === 'hidden' ? { ...q, connectivity } : q))
  const net = createNetwork({ ...spec, projections })
  if (net._tag === 'Left') throw new Error(`sparseBenchPair: ${net.left.message}`)
  return net.right
}
