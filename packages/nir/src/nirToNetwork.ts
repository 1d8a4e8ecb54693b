import { right, type Either } from 'fp-ts/lib/Either.js'
import { type GateRef, type Invalid, issue, type Issue, leftInvalid, type NetworkDescription } from '@spikegrad/core'
import { readConnections } from './connections.js'
import { indexGraph, nodeAt } from './graphIndex.js'
import { lifPopulation, type LifPopulation } from './lifPopulation.js'
import { filled, type NirCubaLif, type NirGraph, type NirInput, type NirNode } from './nirGraph.js'

/**
 * A spikegrad network (a `NetworkDescription` and its weights by block name) from a NIR graph:
 * the inverse of `networkToNir` (docs/nir.md has the table).
 *
 *   Input (shape [N])             → spike input group (tauS: the tau_syn of the CubaLIFs it feeds)
 *   Linear / Affine → CubaLIF q   → projection q<-p: W_jk = r_j · w_in_j · weight_jk
 *                                    (Affine: b_j += r_j · w_in_j · bias_j)
 *   CubaLIF q                     → LIF population: tau_m = tau_mem, v_th = v_threshold,
 *                                    v_reset = v_reset, bias b = v_leak; its tauS is the tau_syn
 *                                    of the CubaLIFs it feeds (or the tau of the readout's LI)
 *   Linear → LI → Output          → readout O_p = r · weight (LI: v_leak = 0, tau = tauS of p)
 *   Linear → Output               → readout O_p = weight (read from the trace: see docs/nir.md)
 *
 * Gate: NIR's synapse jumps when v crosses the threshold; spikegrad's gated synapse delivers the
 * same unit of charge across a zone of finite width below it, the jump being the limit of zero
 * width. The importer therefore chooses a gate: `gate.name` (default 'poly-bump') of width
 * `gate.width`, or by default `gateFraction` (0.1) of v_threshold − v_reset. A LIF node (no
 * synaptic current: its voltage jumps at each input spike) is refused unless `lifTauSyn` (ms)
 * is given: it is then read as a CubaLIF of that synaptic time constant (the LIF is the limit
 * 0). Unknown node types, nodes spikegrad has no form for, parameters that differ between the
 * neurons of a node where spikegrad keeps one value per population, and every graph shape
 * outside the table are refused with issues naming the node and the reason.
 *
 * @param options - `gate`: the gate's name and width for every population (each part
 *   defaulting as above); `gateFraction`: the default width as a fraction of v_threshold −
 *   v_reset (0.1); `timeUnit`: unit of the file's time constants, 'ms' (default) or 's';
 *   `lifTauSyn`: the synaptic time constant (ms) that LIF nodes are read with.
 */
export function nirToNetwork(
  graph: NirGraph,
  options: { readonly gate?: Partial<GateRef>; readonly gateFraction?: number; readonly timeUnit?: 'ms' | 's'; readonly lifTauSyn?: number } = {},
): Either<Invalid, ImportedNetwork> {
  const toMs = options.timeUnit === 's' ? 1e3 : 1
  const issues: Issue[] = []
  const index = indexGraph(options.lifTauSyn === undefined ? graph : withLifAsCubaLif(graph, options.lifTauSyn / toMs), issues)
  if (index === undefined) return leftInvalid(issues)
  const { size } = index

  const inputs = index.ofType('Input')
  const outputs = index.ofType('Output')
  for (const name of index.ofType('LIF')) {
    issues.push(
      issue(
        nodeAt(name),
        'is a LIF: its voltage jumps at each input spike, and every spikegrad synapse is a trace with a time constant',
        'import it as a CubaLIF with a short synaptic time constant (spikegrad import --lif-tau-syn 0.5, or lifTauSyn: 0.5 in code, in ms; NIR\'s LIF is the limit 0), or export the network with CubaLIF neurons',
      ),
    )
  }
  if (outputs.length !== 1) issues.push(issue('graph', `has ${outputs.length} Output nodes; a spikegrad network has one readout`, 'give the graph exactly one Output'))
  if (index.ofType('CubaLIF', 'LIF').length === 0) issues.push(issue('graph', 'holds no CubaLIF node; a spikegrad network needs at least one population'))
  for (const name of inputs) {
    const shape = (index.graph.nodes[name] as NirInput).shape
    if (shape.length !== 1) issues.push(issue(nodeAt(name), `is an Input of shape [${shape.join(', ')}]; spikegrad's input groups are flat`, 'flatten the input to one dimension'))
    if (index.sources.get(name)!.length > 0) issues.push(issue(nodeAt(name), 'is an Input with incoming edges'))
  }
  const populations = new Map<string, LifPopulation>()
  for (const name of index.ofType('CubaLIF')) {
    const pop = lifPopulation(name, index.graph.nodes[name] as NirCubaLif, toMs, issues)
    if (pop !== undefined) populations.set(name, pop)
  }
  if (issues.length > 0) return leftInvalid(issues)

  const output = outputs[0]!
  const R = size(output)
  const { projections, readout, filteredBy } = readConnections(index, populations, output, toMs, issues)
  const pairs = new Set<string>()
  for (const pr of projections) {
    const key = `${pr.to}<-${pr.from}`
    if (pairs.has(key)) issues.push(issue(nodeAt(pr.to), `receives "${pr.from}" along two paths; spikegrad has one projection per pair`, 'merge them into one Linear node'))
    pairs.add(key)
  }
  const readFrom = new Set<string>()
  for (const term of readout) {
    if (readFrom.has(term.from)) issues.push(issue(nodeAt(term.from), 'reaches the Output along two paths; spikegrad reads each population once', 'merge them into one Linear node'))
    readFrom.add(term.from)
  }
  if (issues.length > 0) return leftInvalid(issues)

  // each source's trace time constant: the one all it feeds agree on (a population that feeds nothing keeps its own tau_syn)
  const traceTau = (source: string): number | undefined => {
    const seen = filteredBy.get(source)
    if (seen === undefined) {
      if (populations.has(source)) return populations.get(source)!.tauSyn
      issues.push(issue(nodeAt(source), 'feeds no CubaLIF; its trace time constant cannot be known', 'remove the Input or connect it'))
      return undefined
    }
    if (seen.some((s) => s.tau !== seen[0]!.tau)) {
      issues.push(
        issue(nodeAt(source), `its spikes are filtered with different time constants (${seen.map((s) => `${s.by}: ${s.tau} ms`).join(', ')}); spikegrad keeps one trace per population or input`, 'give every target of this node the same tau_syn'),
      )
      return undefined
    }
    return seen[0]!.tau
  }
  const inputTaus = inputs.map(traceTau)
  const popNames = [...populations.keys()]
  const popTaus = popNames.map(traceTau)
  if (issues.length > 0) return leftInvalid(issues)

  const gateFraction = options.gateFraction ?? 0.1
  const network: NetworkDescription = {
    inputs: inputs.map((name, c) => ({ name, kind: 'spikes' as const, size: size(name), tauS: inputTaus[c]! })),
    populations: popNames.map((name, q) => {
      const p = populations.get(name)!
      return {
        name,
        size: size(name),
        neuron: { name: 'lif', params: { tau_m: p.tau_m, v_th: p.v_th, v_reset: p.v_reset } },
        gate: { name: 'poly-bump', width: gateFraction * (p.v_th - p.v_reset), ...options.gate },
        tauS: popTaus[q]!,
      }
    }),
    projections: projections.map((pr) => ({ from: pr.from, to: pr.to })),
    readout: { size: R, from: readout.map((t) => t.from) },
  }
  const weights: Record<string, unknown> = {}
  for (const pr of projections) weights[`${pr.to}<-${pr.from}`] = rows(pr.weight, pr.rows, pr.cols)
  for (const name of popNames) weights[`bias:${name}`] = Array.from(populations.get(name)!.bias)
  for (const term of readout) weights[`readout<-${term.from}`] = rows(term.weight, R, size(term.from))
  return right({ network, weights })
}

/** A network read from NIR: its description (no losses: NIR has none) and its weights by block name. */
export interface ImportedNetwork {
  readonly network: NetworkDescription
  readonly weights: Record<string, unknown>
}

const rows = (m: Float64Array, R: number, C: number): number[][] => Array.from({ length: R }, (_, r) => Array.from(m.subarray(r * C, (r + 1) * C)))

/**
 * The graph with every LIF node as the CubaLIF of synaptic time constant `tauSyn` (in the
 * file's unit) and w_in = 1: a LIF's voltage jumps by r·w/tau at each spike of weight w; the
 * CubaLIF delivers the same charge spread over tau_syn, and is the LIF in the limit tau_syn → 0.
 */
function withLifAsCubaLif(graph: NirGraph, tauSyn: number): NirGraph {
  const nodes: Record<string, NirNode> = {}
  for (const [name, n] of Object.entries(graph.nodes)) {
    nodes[name] =
      n.type === 'LIF'
        ? { type: 'CubaLIF', tau_syn: filled(n.tau.data.length, tauSyn), tau_mem: n.tau, r: n.r, v_leak: n.v_leak, v_threshold: n.v_threshold, v_reset: n.v_reset, w_in: filled(n.tau.data.length, 1) }
        : n
  }
  return { ...graph, nodes }
}
