import { issue, type Issue } from '@spikegrad/core'
import { nodeAt, type GraphIndex } from './graphIndex.js'
import type { LifPopulation } from './lifPopulation.js'
import type { NirLi } from './nirGraph.js'

/**
 * The connections of a NIR graph in spikegrad's terms: projections (source → Linear or Affine
 * → CubaLIF, or a direct edge with identity weights), readout terms (CubaLIF → Linear → LI →
 * Output, or without the LI), and for every source the time constants its spikes are filtered
 * with by what it feeds (which must agree: spikegrad keeps one trace per source).
 */
export interface Connections {
  readonly projections: readonly { readonly from: string; readonly to: string; readonly weight: Float64Array; readonly rows: number; readonly cols: number }[]
  readonly readout: readonly { readonly from: string; readonly weight: Float64Array }[]
  readonly filteredBy: ReadonlyMap<string, readonly { readonly tau: number; readonly by: string }[]>
}

/**
 * Reads every Linear/Affine node and every direct edge between neuron nodes; issues name the
 * node or edge that fits none of the shapes above. Weights into population j are scaled by its
 * gain r_j · w_in_j; an Affine's bias is added (times the gain) to the population's bias; an
 * LI's r scales the readout rows.
 */
export function readConnections(index: GraphIndex, populations: ReadonlyMap<string, LifPopulation>, output: string, toMs: number, issues: Issue[]): Connections {
  const { graph, size } = index
  const R = size(output)
  const projections: Connections['projections'][number][] = []
  const readout: Connections['readout'][number][] = []
  const filteredBy = new Map<string, { tau: number; by: string }[]>()
  const filtered = (source: string, tau: number, by: string) => void (filteredBy.get(source)?.push({ tau, by }) ?? filteredBy.set(source, [{ tau, by }]))
  const checkedFilters = new Set<string>()

  /** The readout filter's tau and r, checked once: it feeds the Output alone, has no offset, one tau. */
  const readoutFilter = (name: string): { tau: number; r: Float64Array } => {
    const li = graph.nodes[name] as NirLi
    if (!checkedFilters.has(name)) {
      checkedFilters.add(name)
      const t = index.targets.get(name)!
      if (t.length !== 1 || t[0] !== output) issues.push(issue(nodeAt(name), `feeds ${t.map((x) => `"${x}"`).join(', ') || 'nothing'}; an LI is read as the readout's filter and must feed the Output "${output}" alone`))
      if (li.tau.data.length !== R) issues.push(issue(`${nodeAt(name)}.tau`, `has ${li.tau.data.length} entries; the Output "${output}" has ${R}`))
      if (!li.v_leak.data.every((x) => x === 0)) issues.push(issue(`${nodeAt(name)}.v_leak`, "is not zero; spikegrad's readout has no offset"))
      if (!li.tau.data.every((x) => x === li.tau.data[0])) issues.push(issue(`${nodeAt(name)}.tau`, "differs between channels; spikegrad's readout reads each population's trace, one time constant per population"))
    }
    return { tau: li.tau.data[0]! * toMs, r: li.r.data }
  }

  /** A projection or readout term into `target` (a CubaLIF, an LI or the Output) with weights `w` (rows × size(source)). */
  const connect = (source: string, target: string, w: Float64Array, via: string, bias?: Float64Array) => {
    const cols = size(source)
    const t = graph.nodes[target]!
    if (t.type === 'CubaLIF') {
      const pop = populations.get(target)!
      scaleRows(w, pop.gain, cols)
      if (bias !== undefined) {
        if (bias.length !== size(target)) issues.push(issue(`${nodeAt(via)}.bias`, `has ${bias.length} entries; expected ${size(target)}`))
        else for (let j = 0; j < bias.length; j++) pop.bias[j] = pop.bias[j]! + pop.gain[j]! * bias[j]!
      }
      projections.push({ from: source, to: target, weight: w, rows: size(target), cols })
      filtered(source, pop.tauSyn, `the tau_syn of "${target}"`)
      return
    }
    if (graph.nodes[source]!.type !== 'CubaLIF') return void issues.push(issue(nodeAt(via), `reads the Input "${source}" into the readout; spikegrad's readout reads populations`))
    if (bias !== undefined) return void issues.push(issue(nodeAt(via), "is an Affine into the readout; spikegrad's readout has no bias", 'use a Linear node'))
    if (t.type === 'LI') {
      const li = readoutFilter(target)
      scaleRows(w, li.r, cols)
      filtered(source, li.tau, `the tau of the readout filter "${target}"`)
    }
    readout.push({ from: source, weight: w })
  }

  for (const name of index.ofType('Linear', 'Affine')) {
    const node = graph.nodes[name] as Extract<typeof graph.nodes[string], { type: 'Linear' | 'Affine' }>
    const s = index.sources.get(name)!
    const t = index.targets.get(name)!
    const sourceType = s.length === 1 ? graph.nodes[s[0]!]!.type : undefined
    if (sourceType !== 'Input' && sourceType !== 'CubaLIF') {
      issues.push(issue(nodeAt(name), `has ${s.length === 1 ? `the source "${s[0]}" (a ${sourceType})` : `${s.length} sources`}; a projection reads one Input or CubaLIF`))
      continue
    }
    if (t.length !== 1) {
      issues.push(issue(nodeAt(name), `feeds ${t.length} nodes; a spikegrad projection has one target`, 'give each target its own Linear node'))
      continue
    }
    const targetType = graph.nodes[t[0]!]!.type
    if (targetType !== 'CubaLIF' && targetType !== 'LI' && targetType !== 'Output') {
      issues.push(issue(nodeAt(name), `feeds "${t[0]}", a ${targetType}; a projection feeds a CubaLIF and the readout an LI or the Output`))
      continue
    }
    const rows = targetType === 'CubaLIF' ? size(t[0]!) : R
    const cols = size(s[0]!)
    const w = node.weight
    if (w.shape.length !== 2 || w.shape[0] !== rows || w.shape[1] !== cols) {
      issues.push(issue(`${nodeAt(name)}.weight`, `has shape [${w.shape.join(', ')}] between "${s[0]}" (${cols}) and "${t[0]}" (${rows}); expected [${rows}, ${cols}]`))
      continue
    }
    connect(s[0]!, t[0]!, Float64Array.from(w.data), name, node.type === 'Affine' ? node.bias.data : undefined)
  }

  // edges that bypass a Linear node: identity weights between nodes of one size
  for (const [a, b] of graph.edges) {
    const ta = graph.nodes[a]!.type
    const tb = graph.nodes[b]!.type
    const weighted = ta === 'Linear' || ta === 'Affine' || tb === 'Linear' || tb === 'Affine'
    if (weighted || (ta === 'LI' && tb === 'Output')) continue
    if ((ta === 'Input' || ta === 'CubaLIF') && (tb === 'CubaLIF' || tb === 'LI' || tb === 'Output')) {
      const rows = tb === 'CubaLIF' ? size(b) : R
      if (rows !== size(a)) issues.push(issue(`edge ("${a}", "${b}")`, `connects ${size(a)} to ${rows} without a Linear node between them`))
      else connect(a, b, identity(rows), a)
    } else issues.push(issue(`edge ("${a}", "${b}")`, `goes from a ${ta} to a ${tb}, which spikegrad has no form for`))
  }
  return { projections, readout, filteredBy }
}

const identity = (n: number): Float64Array => {
  const m = new Float64Array(n * n)
  for (let j = 0; j < n; j++) m[j * n + j] = 1
  return m
}

/** Row j of the row-major `w` (cols wide) times scale_j; rows scaled by exactly 1 keep their bits. */
function scaleRows(w: Float64Array, scale: Float64Array, cols: number): void {
  for (let j = 0; j < scale.length; j++) {
    const s = scale[j]!
    if (s !== 1) for (let k = 0; k < cols; k++) w[j * cols + k] = s * w[j * cols + k]!
  }
}
