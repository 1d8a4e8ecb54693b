import { right, type Either } from 'fp-ts/lib/Either.js'
import { type Invalid, issue, type Issue, leftInvalid, type Network, type NetworkPopulation, projectionMatrix } from '@spikegrad/core'
import { filled, type NirGraph, type NirMetadata, type NirNode, type NirTensor } from './nirGraph.js'

/**
 * A spikegrad network with parameters θ as a NIR graph (docs/nir.md has the table):
 *
 *   spike input c              → Input (shape [N_c])
 *   projection W_qp            → Linear (weight W_qp, N_q × N_p; zeros off a mask or sparse pattern)
 *   LIF population q + trace   → CubaLIF: tau_mem = tau_m, tau_syn = the trace time constant of
 *                                q's sources, r = 1, w_in = 1, v_leak = b_q, v_threshold = v_th,
 *                                v_reset = v_reset
 *   readout o = Σ_p O_p s_p    → Linear (O_p) → LI (tau = tau_s of p, r = 1, v_leak = 0) → Output
 *   recurrence W_qq            → the cycle q → Linear → q
 *
 * spikegrad filters a spike train once, in the trace s_p of its source; NIR's CubaLIF filters
 * what arrives, in the synaptic current of its target. The two agree when every source of a
 * population has one trace time constant, which the export requires. Refused with an issue
 * naming the part and the reason: a population whose neuron is not LIF (the theta/QIF neuron
 * has no NIR node), an analog input (NIR carries spikes into a CubaLIF's synaptic current, and
 * spikegrad adds analog signals to the current unfiltered), a population whose sources have
 * different trace time constants, a name holding "/" (HDF5's path separator).
 *
 * @param options - `timeUnit`: unit of the time constants in the file, 'ms' (default; NIR's
 *   table of primitives states ms) or 's' (what several Python frameworks write); `metadata`:
 *   the graph's metadata (see `exportMetadata`).
 */
export function networkToNir(net: Network, theta: Float64Array, options: { readonly timeUnit?: 'ms' | 's'; readonly metadata?: NirMetadata } = {}): Either<Invalid, NirGraph> {
  const scale = options.timeUnit === 's' ? 1e-3 : 1
  const issues: Issue[] = []
  const nodes: Record<string, NirNode> = {}
  const edges: [string, string][] = []
  const taken = new Set<string>()
  const claim = (name: string, at: string): string => {
    if (name.includes('/')) issues.push(issue(at, `the name "${name}" holds "/", which HDF5 reads as a path`, 'rename it without "/"'))
    let unique = name
    while (taken.has(unique)) unique = `${unique}_`
    taken.add(unique)
    return unique
  }

  const inputNodes = net.inputs.map((input, c) => {
    const at = `network.inputs[${c}] "${input.name}"`
    if (input.kind === 'analog') {
      issues.push(
        issue(
          at,
          'is an analog input: spikegrad adds its signal to the input current as it is, while a NIR Input carries spikes into the synaptic current of a CubaLIF (filtered by tau_syn); NIR has no exact equivalent',
          'export a network whose inputs are spike trains (kind "spikes")',
        ),
      )
    }
    const name = claim(input.name, at)
    nodes[name] = { type: 'Input', shape: [input.size] }
    return name
  })
  const traceTau = (p: NetworkPopulation): number => (p.tauSOffset >= 0 ? theta[p.tauSOffset]! : p.tauS)
  const sourceTau = (pr: Network['projections'][number]): number =>
    pr.source.kind === 'population' ? traceTau(net.populations[pr.source.index]!) : net.inputs[pr.source.index]!.tauS

  const popNodes = net.populations.map((pop, q) => {
    const at = `network.populations[${q}] "${pop.name}"`
    if (pop.tauSValues !== undefined) {
      issues.push(issue(`${at}.tauS`, 'is one value per neuron; a NIR CubaLIF downstream filters this population\'s spikes with its own tau_syn, one per target neuron', 'give the population one tauS to export it'))
    }
    const name = claim(pop.name, at)
    const node = populationNode(net, pop, q, theta, scale, sourceTau, traceTau(pop), at, issues)
    if (node !== undefined) nodes[name] = node
    return name
  })

  net.projections.forEach((pr, i) => {
    if (pr.delay !== undefined) {
      issues.push(
        issue(
          `network.projections[${i}] "${pr.name}"`,
          `has ${pr.delay.kind} delays, which this export does not write yet (NIR's Delay node holds one delay per channel)`,
          'export the network without delays',
        ),
      )
    }
    const name = claim(pr.name, `network.projections[${i}] "${pr.name}"`)
    const m = projectionMatrix(net, pr.name, theta)
    nodes[name] = { type: 'Linear', weight: { shape: [m.rows, m.cols], data: m.values } }
    const from = pr.source.kind === 'population' ? popNodes[pr.source.index]! : inputNodes[pr.source.index]!
    edges.push([from, name], [name, popNodes[pr.target]!])
  })

  // readout: one LI per distinct trace time constant among its sources, summed at the Output
  const output = claim('output', 'network.readout')
  const filters = new Map<number, string>()
  for (const term of net.readout.terms) {
    const pop = net.populations[term.population]!
    const tau = traceTau(pop)
    let li = filters.get(tau)
    if (li === undefined) {
      li = claim(filters.size === 0 ? 'readout' : `readout_${filters.size + 1}`, 'network.readout')
      filters.set(tau, li)
      const R = net.readout.size
      nodes[li] = { type: 'LI', tau: filled(R, tau * scale), r: filled(R, 1), v_leak: filled(R, 0) }
      edges.push([li, output])
    }
    const linear = claim(term.name, 'network.readout')
    const N = pop.size
    nodes[linear] = { type: 'Linear', weight: { shape: [net.readout.size, N], data: theta.slice(term.offset, term.offset + net.readout.size * N) } }
    edges.push([popNodes[term.population]!, linear], [linear, li])
  }
  nodes[output] = { type: 'Output', shape: [net.readout.size] }

  if (issues.length > 0) return leftInvalid(issues)
  return right({ nodes, edges, ...(options.metadata && Object.keys(options.metadata).length > 0 && { metadata: options.metadata }) })
}

/** The CubaLIF of a LIF population, or undefined (with an issue) when it has no such form. */
function populationNode(
  net: Network,
  pop: NetworkPopulation,
  q: number,
  theta: Float64Array,
  scale: number,
  sourceTau: (pr: Network['projections'][number]) => number,
  ownTau: number,
  at: string,
  issues: Issue[],
): NirNode | undefined {
  if (pop.neuron.kind !== 'lif') {
    issues.push(
      issue(
        at,
        `is a population of "${pop.neuron.kind}" neurons${pop.neuron.kind === 'qif' ? ' (the theta neuron, a phase model without reset)' : ''}; NIR's spiking nodes are LIF, CubaLIF and IF, and none has its equation`,
        'export networks of LIF neurons only',
      ),
    )
    return undefined
  }
  /** The parameter's N values: trained ones from θ (one entry, or one per neuron), the rest as the network holds them. */
  const param = (name: string): NirTensor => {
    const k = pop.neuron.parameters.findIndex((p) => p.name === name)
    const off = pop.paramOffsets[k]!
    const N = pop.size
    if (pop.perNeuronParams[k] === true) return { shape: [N], data: off >= 0 ? theta.slice(off, off + N) : pop.paramTable!.slice(k * N, (k + 1) * N) }
    return filled(N, off >= 0 ? theta[off]! : pop.params[k]!)
  }
  const scaled = (t: NirTensor, by: number): NirTensor => ({ shape: t.shape, data: Float64Array.from(t.data, (x) => x * by) })
  const sources = net.projections.filter((pr) => pr.target === q && pr.source.kind !== 'analog') // analog inputs are refused on their own
  const taus = [...new Set(sources.map(sourceTau))]
  if (taus.length > 1) {
    issues.push(
      issue(
        at,
        `its sources have different trace time constants (${sources.map((pr) => `${pr.sourceName}: ${sourceTau(pr)} ms`).join(', ')}); a NIR CubaLIF filters all its input with one tau_syn`,
        'give every source of this population the same tauS',
      ),
    )
    return undefined
  }
  const N = pop.size
  const tauSyn = taus[0] ?? ownTau
  const bias: NirTensor = pop.biasOffset >= 0 ? { shape: [N], data: theta.slice(pop.biasOffset, pop.biasOffset + N) } : filled(N, 0)
  return {
    type: 'CubaLIF',
    tau_syn: filled(N, tauSyn * scale),
    tau_mem: scaled(param('tau_m'), scale),
    r: filled(N, 1),
    v_leak: bias,
    v_threshold: param('v_th'),
    v_reset: param('v_reset'),
    w_in: filled(N, 1),
  }
}
