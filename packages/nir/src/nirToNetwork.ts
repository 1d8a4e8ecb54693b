import { right, type Either } from 'fp-ts/lib/Either.js'
import type { GateRef, Invalid, Issue, NetworkDescription } from '@spikegrad/core'
import { issue, leftInvalid } from '@spikegrad/core/internal'
import type { NirCubaLif, NirGraph, NirLi, NirNode } from './nirGraph.js'

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
 * `gate.width`, or by default `gateFraction` (0.1) of v_threshold − v_reset. Unknown node types, nodes spikegrad has
 * no form for, parameters that differ between the neurons of a node where spikegrad keeps one
 * value per population, and every graph shape outside the table are refused with issues naming
 * the node and the reason.
 *
 * @param timeUnit - unit of the file's time constants: 'ms' (default) or 's' (converted to ms).
 */
export function nirToNetwork(
  graph: NirGraph,
  options: { readonly gate?: Partial<GateRef>; readonly gateFraction?: number; readonly timeUnit?: 'ms' | 's' } = {},
): Either<Invalid, ImportedNetwork> {
  const toMs = options.timeUnit === 's' ? 1e3 : 1
  const issues: Issue[] = []
  const at = (name: string) => `node "${name}"`
  const preds = new Map<string, string[]>()
  const succs = new Map<string, string[]>()
  for (const name of Object.keys(graph.nodes)) {
    preds.set(name, [])
    succs.set(name, [])
  }
  for (const [a, b] of graph.edges) {
    if (!(a in graph.nodes) || !(b in graph.nodes)) {
      issues.push(issue(`edge ("${a}", "${b}")`, `names a node the graph does not hold`))
      continue
    }
    succs.get(a)!.push(b)
    preds.get(b)!.push(a)
  }
  if (issues.length > 0) return leftInvalid(issues)

  // order: nodes as they first appear in the edges (the writer's order), then the rest
  const order = [...new Set([...graph.edges.flat(), ...Object.keys(graph.nodes)])]
  const byType = <T extends NirNode['type']>(type: T) => order.filter((n) => graph.nodes[n]!.type === type)
  const populations = byType('CubaLIF')
  const inputs = byType('Input')
  const outputs = byType('Output')
  for (const name of byType('LIF')) {
    issues.push(issue(at(name), 'is a LIF: it receives spikes unfiltered (v jumps at each spike), and spikegrad has no synapse without a trace', 'export the network with CubaLIF neurons'))
  }
  if (outputs.length !== 1) issues.push(issue('graph', `has ${outputs.length} Output nodes; a spikegrad network has one readout`, 'give the graph exactly one Output'))
  if (populations.length === 0) issues.push(issue('graph', 'holds no CubaLIF node; a spikegrad network needs at least one population'))
  for (const name of inputs) {
    const shape = (graph.nodes[name] as Extract<NirNode, { type: 'Input' }>).shape
    if (shape.length !== 1) issues.push(issue(at(name), `is an Input of shape [${shape.join(', ')}]; spikegrad's input groups are flat`, 'flatten the input to one dimension'))
    if (preds.get(name)!.length > 0) issues.push(issue(at(name), 'is an Input with incoming edges'))
  }
  if (issues.length > 0) return leftInvalid(issues)

  const size = (name: string): number => {
    const n = graph.nodes[name]!
    return n.type === 'Input' || n.type === 'Output' ? n.shape[0]! : n.type === 'CubaLIF' ? n.v_threshold.data.length : NaN
  }
  const popParams = new Map<string, { tau_m: number; v_th: number; v_reset: number; tauSyn: number; gain: Float64Array; bias: Float64Array }>()
  for (const name of populations) {
    const node = graph.nodes[name] as NirCubaLif
    const one = (field: keyof Omit<NirCubaLif, 'type' | 'metadata'>): number | undefined => {
      const t = node[field]
      if (t.shape.length !== 1) {
        issues.push(issue(`${at(name)}.${field}`, `has shape [${t.shape.join(', ')}]; spikegrad's populations are flat`, 'give the neurons as one dimension'))
        return undefined
      }
      const v = t.data[0]!
      if (!t.data.every((x) => x === v)) {
        issues.push(issue(`${at(name)}.${field}`, `differs between the neurons of the node (from ${Math.min(...t.data)} to ${Math.max(...t.data)}); a spikegrad population keeps one value`, 'split the node into nodes whose neurons share it'))
        return undefined
      }
      return v
    }
    const [tauMem, tauSyn, vTh, vReset] = [one('tau_mem'), one('tau_syn'), one('v_threshold'), one('v_reset')]
    for (const field of ['r', 'w_in', 'v_leak'] as const) {
      // r, w_in and v_leak may differ per neuron: they are folded into the weights and the bias
      if (node[field].shape.length !== 1) issues.push(issue(`${at(name)}.${field}`, `has shape [${node[field].shape.join(', ')}]; spikegrad's populations are flat`))
    }
    if (tauMem === undefined || tauSyn === undefined || vTh === undefined || vReset === undefined) continue
    if (!(tauMem > 0) || !(tauSyn > 0)) issues.push(issue(at(name), `has tau_mem = ${tauMem} and tau_syn = ${tauSyn}; both must be positive`))
    if (!(vReset < vTh)) issues.push(issue(at(name), `has v_reset = ${vReset} not below v_threshold = ${vTh}`, 'a LIF neuron resets below its threshold'))
    const N = node.v_threshold.data.length
    const gain = new Float64Array(N)
    for (let j = 0; j < N; j++) gain[j] = node.r.data[j]! * node.w_in.data[j]!
    popParams.set(name, { tau_m: tauMem * toMs, v_th: vTh, v_reset: vReset, tauSyn: tauSyn * toMs, gain, bias: Float64Array.from(node.v_leak.data) })
  }
  if (issues.length > 0) return leftInvalid(issues)

  // projections: source → [Linear | Affine] → CubaLIF, or source → CubaLIF (identity)
  const projections: { from: string; to: string; weight: Float64Array; rows: number; cols: number }[] = []
  const readoutTerms: { from: string; weight: Float64Array; tau?: number; li?: string }[] = []
  const traceTaus = new Map<string, { tau: number; by: string }[]>()
  const noteTau = (source: string, tau: number, by: string) => traceTaus.get(source)?.push({ tau, by }) ?? traceTaus.set(source, [{ tau, by }])
  const outName = outputs[0]!
  const R = size(outName)
  const readoutFilters = new Set<string>()

  const matrix = (name: string, source: string, rows: number): Float64Array | undefined => {
    const n = graph.nodes[name]!
    const cols = size(source)
    if (n.type !== 'Linear' && n.type !== 'Affine') {
      const identity = new Float64Array(rows * cols)
      if (rows !== cols) {
        issues.push(issue(`edge ("${source}", …)`, `connects ${cols} neurons to ${rows} without a Linear node between them`))
        return undefined
      }
      for (let j = 0; j < rows; j++) identity[j * cols + j] = 1
      return identity
    }
    const w = n.weight
    if (w.shape.length !== 2 || w.shape[0] !== rows || w.shape[1] !== cols) {
      issues.push(issue(`${at(name)}.weight`, `has shape [${w.shape.join(', ')}] between "${source}" (${cols}) and its target (${rows}); expected [${rows}, ${cols}]`))
      return undefined
    }
    return Float64Array.from(w.data)
  }

  const linears = order.filter((n) => graph.nodes[n]!.type === 'Linear' || graph.nodes[n]!.type === 'Affine')
  for (const name of linears) {
    const p = preds.get(name)!
    const s = succs.get(name)!
    if (p.length !== 1 || !['Input', 'CubaLIF'].includes(graph.nodes[p[0]!]!.type)) {
      issues.push(issue(at(name), `has ${p.length === 1 ? `the source "${p[0]}" (a ${graph.nodes[p[0]!]!.type})` : `${p.length} sources`}; a projection reads one Input or CubaLIF`))
      continue
    }
    if (s.length !== 1) {
      issues.push(issue(at(name), `feeds ${s.length} nodes; a spikegrad projection has one target`, 'give each target its own Linear node'))
      continue
    }
    const source = p[0]!
    const target = s[0]!
    const t = graph.nodes[target]!
    if (t.type === 'CubaLIF') {
      const w = matrix(name, source, size(target))
      if (w === undefined) continue
      const { gain, bias } = popParams.get(target)!
      const cols = size(source)
      for (let j = 0; j < size(target); j++) for (let k = 0; k < cols; k++) w[j * cols + k] = gain[j]! === 1 ? w[j * cols + k]! : gain[j]! * w[j * cols + k]!
      const n = graph.nodes[name]!
      if (n.type === 'Affine') {
        if (n.bias.data.length !== size(target)) issues.push(issue(`${at(name)}.bias`, `has ${n.bias.data.length} entries; expected ${size(target)}`))
        else for (let j = 0; j < size(target); j++) bias[j] = bias[j]! + gain[j]! * n.bias.data[j]!
      }
      projections.push({ from: source, to: target, weight: w, rows: size(target), cols })
      noteTau(source, popParams.get(target)!.tauSyn, `the tau_syn of "${target}"`)
    } else if (t.type === 'LI' || t.type === 'Output') {
      if (graph.nodes[source]!.type !== 'CubaLIF') {
        issues.push(issue(at(name), `reads the Input "${source}" into the readout; spikegrad's readout reads populations`))
        continue
      }
      if (graph.nodes[name]!.type === 'Affine') {
        issues.push(issue(at(name), 'is an Affine into the readout; spikegrad\'s readout has no bias', 'use a Linear node'))
        continue
      }
      const w = matrix(name, source, R)
      if (w === undefined) continue
      if (t.type === 'LI') {
        const li = readoutFilter(target, t)
        if (li === undefined) continue
        for (let j = 0; j < R; j++) for (let k = 0; k < size(source); k++) w[j * size(source) + k] = li.r[j]! === 1 ? w[j * size(source) + k]! : li.r[j]! * w[j * size(source) + k]!
        noteTau(source, li.tau * toMs, `the tau of the readout filter "${target}"`)
      }
      readoutTerms.push({ from: source, weight: w })
    } else issues.push(issue(at(name), `feeds "${target}", a ${t.type}; a projection feeds a CubaLIF and the readout an LI or the Output`))
  }

  function readoutFilter(name: string, li: NirLi): { tau: number; r: Float64Array } | undefined {
    if (!readoutFilters.has(name)) {
      readoutFilters.add(name)
      const s = succs.get(name)!
      if (s.length !== 1 || s[0] !== outName) issues.push(issue(at(name), `feeds ${s.map((x) => `"${x}"`).join(', ') || 'nothing'}; an LI is read as the readout's filter and must feed the Output "${outName}" alone`))
      if (li.tau.data.length !== R) issues.push(issue(`${at(name)}.tau`, `has ${li.tau.data.length} entries; the Output "${outName}" has ${R}`))
      if (!li.v_leak.data.every((x) => x === 0)) issues.push(issue(`${at(name)}.v_leak`, 'is not zero; spikegrad\'s readout has no offset'))
      if (!li.tau.data.every((x) => x === li.tau.data[0])) issues.push(issue(`${at(name)}.tau`, 'differs between channels; spikegrad\'s readout reads each population\'s trace, one time constant per population'))
    }
    return { tau: li.tau.data[0]!, r: li.r.data }
  }

  // edges that bypass a Linear: source → CubaLIF, CubaLIF → LI/Output (identity weights)
  for (const [a, b] of graph.edges) {
    const ta = graph.nodes[a]!.type
    const tb = graph.nodes[b]!.type
    if ((ta === 'Input' || ta === 'CubaLIF') && tb === 'CubaLIF') {
      const w = matrix(b, a, size(b))
      if (w === undefined) continue
      const { gain } = popParams.get(b)!
      for (let j = 0; j < size(b); j++) w[j * size(a) + j] = gain[j]!
      projections.push({ from: a, to: b, weight: w, rows: size(b), cols: size(a) })
      noteTau(a, popParams.get(b)!.tauSyn, `the tau_syn of "${b}"`)
    } else if (ta === 'CubaLIF' && (tb === 'LI' || tb === 'Output')) {
      if (size(a) !== R) issues.push(issue(`edge ("${a}", "${b}")`, `connects ${size(a)} neurons to ${R} readout channels without a Linear node`))
      else {
        const w = new Float64Array(R * R)
        for (let j = 0; j < R; j++) w[j * R + j] = 1
        if (tb === 'LI') {
          const li = readoutFilter(b, graph.nodes[b] as NirLi)
          if (li === undefined) continue
          for (let j = 0; j < R; j++) w[j * R + j] = li.r[j]!
          noteTau(a, li.tau * toMs, `the tau of the readout filter "${b}"`)
        }
        readoutTerms.push({ from: a, weight: w })
      }
    } else if (tb === 'Output' && ta !== 'LI' && ta !== 'Linear' && ta !== 'Affine') {
      issues.push(issue(`edge ("${a}", "${b}")`, `feeds the Output from a ${ta}; the readout is Linear → LI → Output (or Linear → Output)`))
    } else if (tb === 'LI' && ta !== 'Linear' && ta !== 'Affine') {
      issues.push(issue(`edge ("${a}", "${b}")`, `feeds the readout filter from a ${ta}`))
    } else if (ta === 'LI' && tb !== 'Output') {
      issues.push(issue(`edge ("${a}", "${b}")`, 'leaves an LI for something other than the Output'))
    } else if (ta === 'Output') {
      issues.push(issue(`edge ("${a}", "${b}")`, 'leaves the Output'))
    }
  }
  if (issues.length > 0) return leftInvalid(issues)

  // each source's trace time constant: the one its targets agree on
  const traceTau = (source: string): number | undefined => {
    const seen = traceTaus.get(source)
    if (seen === undefined) return graph.nodes[source]!.type === 'CubaLIF' ? popParams.get(source)!.tauSyn : undefined
    const first = seen[0]!.tau
    if (seen.some((s) => s.tau !== first)) {
      issues.push(
        issue(at(source), `its spikes are filtered with different time constants (${seen.map((s) => `${s.by}: ${s.tau} ms`).join(', ')}); spikegrad keeps one trace per population or input`, 'give every target of this node the same tau_syn'),
      )
      return undefined
    }
    return first
  }
  const seenPairs = new Set<string>()
  for (const pr of projections) {
    const key = `${pr.to}<-${pr.from}`
    if (seenPairs.has(key)) issues.push(issue(at(pr.to), `receives "${pr.from}" along two paths; spikegrad has one projection per pair`, 'merge them into one Linear node'))
    seenPairs.add(key)
  }
  const readoutFrom = new Set<string>()
  for (const term of readoutTerms) {
    if (readoutFrom.has(term.from)) issues.push(issue(at(term.from), 'reaches the Output along two paths; spikegrad reads each population once', 'merge them into one Linear node'))
    readoutFrom.add(term.from)
  }
  const inputTaus = inputs.map((name) => {
    const tau = traceTau(name)
    if (tau === undefined && !issues.length) issues.push(issue(at(name), 'feeds no CubaLIF; its trace time constant cannot be known', 'remove the Input or connect it'))
    return tau
  })
  const popTaus = populations.map(traceTau)
  if (issues.length > 0) return leftInvalid(issues)

  const gateFraction = options.gateFraction ?? 0.1
  const network: NetworkDescription = {
    inputs: inputs.map((name, c) => ({ name, kind: 'spikes' as const, size: size(name), tauS: inputTaus[c]! })),
    populations: populations.map((name, q) => {
      const p = popParams.get(name)!
      return {
        name,
        size: size(name),
        neuron: { name: 'lif', params: { tau_m: p.tau_m, v_th: p.v_th, v_reset: p.v_reset } },
        gate: { name: 'poly-bump', width: gateFraction * (p.v_th - p.v_reset), ...options.gate },
        tauS: popTaus[q]!,
      }
    }),
    projections: projections.map((pr) => ({ from: pr.from, to: pr.to })),
    readout: { size: R, from: readoutTerms.map((t) => t.from) },
  }
  const weights: Record<string, unknown> = {}
  for (const pr of projections) weights[`${pr.to}<-${pr.from}`] = rows(pr.weight, pr.rows, pr.cols)
  for (const name of populations) weights[`bias:${name}`] = Array.from(popParams.get(name)!.bias)
  for (const term of readoutTerms) weights[`readout<-${term.from}`] = rows(term.weight, R, size(term.from))
  return right({ network, weights })
}

/** A network read from NIR: its description (no losses: NIR has none) and its weights by block name. */
export interface ImportedNetwork {
  readonly network: NetworkDescription
  readonly weights: Record<string, unknown>
}

const rows = (m: Float64Array, R: number, C: number): number[][] => Array.from({ length: R }, (_, r) => Array.from(m.subarray(r * C, (r + 1) * C)))

