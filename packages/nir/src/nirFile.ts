import { right, type Either } from 'fp-ts/lib/Either.js'
import { type Invalid, issue, type Issue, leftInvalid } from '@spikegrad/core'
import { readHdf5, writeHdf5, type H5Node, type H5Value } from './hdf5Tree.js'
import { NIR_VERSION, nirTypesWithoutSpikegradForm, type NirGraph, type NirMetadata, type NirNode, type NirTensor } from './nirGraph.js'

/**
 * NIR files: the HDF5 layout of NIR's `nir/serialization.py` (`write` and `read`). The root
 * holds `version` (a string) and the group `node`, the graph: `type` = "NIRGraph", the group
 * `nodes` with one group per node, and `edges`, an E × 2 dataset of strings. A node's group
 * holds `type` (a string) and one dataset per field of its class (`nir/ir/*.py`, `to_dict`:
 * the dataclass fields without `input_type` and `output_type`), plus a `metadata` group when
 * its metadata is not empty. See docs/nir.md for the fields of every node type.
 */

// -------------------------------------------------------------------------------------
// constructors
// -------------------------------------------------------------------------------------

/** The bytes of the NIR file of `graph`. */
export async function writeNir(graph: NirGraph): Promise<Uint8Array> {
  const nodes = new Map<string, H5Node>(Object.entries(graph.nodes).map(([name, node]) => [name, encodeNode(node)]))
  const edges: H5Node =
    graph.edges.length > 0
      ? dataset({ kind: 'strings', shape: [graph.edges.length, 2], values: graph.edges.flat() })
      : dataset({ kind: 'numbers', shape: [0], values: new Float64Array(0), integer: false })
  const graphGroup = group([['type', text('NIRGraph')], ['nodes', group([...nodes])], ['edges', edges], ...metadataEntry(graph.metadata)])
  return writeHdf5(group([['version', text(NIR_VERSION)], ['node', graphGroup]]))
}

/**
 * The graph of a NIR file. A file that is not HDF5, is truncated, lacks a field, holds a field
 * of the wrong shape, or holds a node type spikegrad has no form for is refused with issues
 * naming the HDF5 path (`/node/nodes/conv/type: …`) and the reason.
 */
export async function readNir(bytes: Uint8Array, what = 'file'): Promise<Either<Invalid, NirGraph>> {
  const tree = await readHdf5(bytes)
  if (!tree.ok) return leftInvalid([issue(what, tree.problem, 'give a NIR file (HDF5, as nir.write writes it)')])
  const root = tree.root as Extract<H5Node, { kind: 'group' }>
  const issues: Issue[] = []
  const node = root.children.get('node')
  if (node?.kind !== 'group') return leftInvalid([issue(`${what}: /node`, 'is missing: this HDF5 file holds no NIR graph', 'give a file written by nir.write')])
  const graph = decodeGraph(node, '/node', issues, what)
  return issues.length > 0 || graph === undefined ? leftInvalid(issues) : right(graph)
}

// -------------------------------------------------------------------------------------
// internals: writing
// -------------------------------------------------------------------------------------

const dataset = (value: H5Value): H5Node => ({ kind: 'dataset', value })
const group = (entries: readonly (readonly [string, H5Node])[]): H5Node => ({ kind: 'group', children: new Map(entries) })
const text = (s: string): H5Node => dataset({ kind: 'strings', shape: [], values: [s] })
const tensor = (t: NirTensor): H5Node => dataset({ kind: 'numbers', shape: t.shape, values: t.data, integer: false })
const integers = (xs: readonly number[]): H5Node => dataset({ kind: 'numbers', shape: [xs.length], values: Float64Array.from(xs), integer: true })

function metadataEntry(metadata: NirMetadata | undefined): [string, H5Node][] {
  if (metadata === undefined || Object.keys(metadata).length === 0) return []
  const entries = Object.entries(metadata).map(([k, v]): [string, H5Node] =>
    typeof v === 'string' ? [k, text(v)] : [k, dataset({ kind: 'numbers', shape: [], values: Float64Array.of(v), integer: Number.isInteger(v) })],
  )
  return [['metadata', group(entries)]]
}

function encodeNode(node: NirNode): H5Node {
  const fields: [string, H5Node][] = [['type', text(node.type)]]
  switch (node.type) {
    case 'Input':
    case 'Output':
      fields.push(['shape', integers(node.shape)])
      break
    case 'Linear':
      fields.push(['weight', tensor(node.weight)])
      break
    case 'Affine':
      fields.push(['weight', tensor(node.weight)], ['bias', tensor(node.bias)])
      break
    case 'CubaLIF':
      for (const k of cubaLifFields) fields.push([k, tensor(node[k])])
      break
    case 'LIF':
      for (const k of lifFields) fields.push([k, tensor(node[k])])
      break
    case 'LI':
      for (const k of liFields) fields.push([k, tensor(node[k])])
      break
  }
  return group([...fields, ...metadataEntry(node.metadata)])
}

const cubaLifFields = ['tau_syn', 'tau_mem', 'r', 'v_leak', 'v_threshold', 'v_reset', 'w_in'] as const
const lifFields = ['tau', 'r', 'v_leak', 'v_threshold', 'v_reset'] as const
const liFields = ['tau', 'r', 'v_leak'] as const

// -------------------------------------------------------------------------------------
// internals: reading
// -------------------------------------------------------------------------------------

type Group = Extract<H5Node, { kind: 'group' }>

/** Fields that older NIR writers stored and NIR's reader derives again (ignored here too). */
const derivedFields = new Set(['input_type', 'output_type'])

function decodeGraph(g: Group, at: string, issues: Issue[], what: string): NirGraph | undefined {
  const where = (p: string) => `${what}: ${p}`
  const type = readText(g, 'type', at, issues, what)
  if (type === undefined) return undefined
  if (type !== 'NIRGraph') {
    issues.push(issue(where(`${at}/type`), `is "${type}"; the root node of a NIR file must be a NIRGraph`))
    return undefined
  }
  const nodesGroup = g.children.get('nodes')
  if (nodesGroup?.kind !== 'group') {
    issues.push(issue(where(`${at}/nodes`), 'is missing (a NIRGraph holds its nodes in a group "nodes")'))
    return undefined
  }
  const nodes: Record<string, NirNode> = {}
  for (const [name, child] of nodesGroup.children) {
    const p = `${at}/nodes/${name}`
    if (child.kind !== 'group') {
      issues.push(issue(where(p), 'is a dataset; every node of a NIRGraph is a group'))
      continue
    }
    const node = decodeNode(child, p, issues, what)
    if (node !== undefined) nodes[name] = node
  }
  const edges = readEdges(g, at, issues, what)
  for (const key of g.children.keys()) {
    if (!['type', 'nodes', 'edges', 'metadata', ...derivedFields].includes(key)) issues.push(issue(where(`${at}/${key}`), 'is not a field of NIRGraph', 'NIR\'s reader refuses it too; remove it'))
  }
  if (edges === undefined) return undefined
  edges.forEach(([a, b], i) => {
    for (const end of [a, b]) if (!(end in nodes) && nodesGroup.children.get(end) === undefined) issues.push(issue(where(`${at}/edges[${i}]`), `names the node "${end}", which the graph does not hold`))
  })
  const metadata = readMetadata(g, at, issues, what)
  return { nodes, edges, ...(metadata && { metadata }) }
}

function readEdges(g: Group, at: string, issues: Issue[], what: string): [string, string][] | undefined {
  const e = g.children.get('edges')
  if (e?.kind !== 'dataset') {
    issues.push(issue(`${what}: ${at}/edges`, 'is missing (a NIRGraph lists its edges as an E × 2 dataset of node names)'))
    return undefined
  }
  const v = e.value
  if (v.kind === 'numbers' && v.values.length === 0) return []
  if (v.kind !== 'strings' || v.shape.length !== 2 || v.shape[1] !== 2) {
    issues.push(issue(`${what}: ${at}/edges`, `must be an E × 2 dataset of node names, got ${v.kind === 'strings' ? 'strings' : 'numbers'} of shape [${v.shape.join(', ')}]`))
    return undefined
  }
  const out: [string, string][] = []
  for (let i = 0; i < v.shape[0]!; i++) out.push([v.values[2 * i]!, v.values[2 * i + 1]!])
  return out
}

function readText(g: Group, key: string, at: string, issues: Issue[], what: string): string | undefined {
  const d = g.children.get(key)
  if (d?.kind !== 'dataset' || d.value.kind !== 'strings' || d.value.values.length !== 1) {
    issues.push(issue(`${what}: ${at}/${key}`, d === undefined ? 'is missing' : 'must be one string'))
    return undefined
  }
  return d.value.values[0]
}

function readMetadata(g: Group, at: string, issues: Issue[], what: string): NirMetadata | undefined {
  const m = g.children.get('metadata')
  if (m === undefined) return undefined
  if (m.kind !== 'group') {
    issues.push(issue(`${what}: ${at}/metadata`, 'must be a group'))
    return undefined
  }
  const out: Record<string, string | number> = {}
  for (const [k, d] of m.children) {
    // metadata is free-form: keep strings and single numbers, pass over the rest (NIR: no backend relies on it)
    if (d.kind === 'dataset' && d.value.values.length === 1) out[k] = d.value.kind === 'strings' ? d.value.values[0]! : d.value.values[0]!
  }
  return out
}

/** The fields of each node type this package reads, as NIR's classes declare them; `optional` fields take NIR's defaults. */
const nodeFields: Readonly<Record<string, { readonly required: readonly string[]; readonly optional?: Readonly<Record<string, number>> }>> = {
  Input: { required: ['shape'] },
  Output: { required: ['shape'] },
  Linear: { required: ['weight'] },
  Affine: { required: ['weight', 'bias'] },
  CubaLIF: { required: ['tau_syn', 'tau_mem', 'r', 'v_leak', 'v_threshold'], optional: { v_reset: 0, w_in: 1 } },
  LIF: { required: ['tau', 'r', 'v_leak', 'v_threshold'], optional: { v_reset: 0 } },
  LI: { required: ['tau', 'r', 'v_leak'] },
}

function decodeNode(g: Group, at: string, issues: Issue[], what: string): NirNode | undefined {
  const type = readText(g, 'type', at, issues, what)
  if (type === undefined) return undefined
  const spec = nodeFields[type]
  if (spec === undefined) {
    const known = nirTypesWithoutSpikegradForm.includes(type) || type === 'NIRGraph'
    issues.push(
      issue(
        `${what}: ${at}/type`,
        known ? `is "${type}", a NIR node that spikegrad has no form for` : `is "${type}", not a node type of NIR`,
        known ? `spikegrad imports ${Object.keys(nodeFields).join(', ')} (see docs/nir.md)` : `NIR's node types are ${Object.keys(nodeFields).concat(nirTypesWithoutSpikegradForm, 'NIRGraph').join(', ')}`,
      ),
    )
    return undefined
  }
  const before = issues.length
  const values: Record<string, NirTensor> = {}
  for (const key of spec.required) {
    const t = readTensor(g, key, at, issues, what)
    if (t !== undefined) values[key] = t
  }
  for (const key of g.children.keys()) {
    if (key === 'type' || key === 'metadata' || derivedFields.has(key) || spec.required.includes(key) || (spec.optional && key in spec.optional)) continue
    issues.push(issue(`${what}: ${at}/${key}`, `is not a field of ${type}`, `its fields are ${[...spec.required, ...Object.keys(spec.optional ?? {})].join(', ')}`))
  }
  if (issues.length > before) return undefined
  const metadata = readMetadata(g, at, issues, what)
  const meta = metadata && { metadata }
  switch (type) {
    case 'Input':
    case 'Output': {
      const shape = values.shape!
      if (shape.shape.length !== 1 || !shape.data.every((x) => Number.isInteger(x) && x >= 0)) {
        issues.push(issue(`${what}: ${at}/shape`, 'must be a list of non-negative integers'))
        return undefined
      }
      return { type, shape: Array.from(shape.data), ...meta }
    }
    case 'Linear':
      return { type, weight: values.weight!, ...meta }
    case 'Affine':
      return { type, weight: values.weight!, bias: values.bias!, ...meta }
    default: {
      // neuron fields share one shape; an absent optional field takes NIR's default (v_reset 0, w_in 1)
      const shape = values[spec.required[0]!]!.shape
      for (const key of spec.required) {
        if (values[key]!.shape.join(',') !== shape.join(',')) {
          issues.push(issue(`${what}: ${at}/${key}`, `has shape [${values[key]!.shape.join(', ')}] but ${spec.required[0]} has [${shape.join(', ')}]`, 'NIR requires all parameters of a neuron node to have the same shape'))
        }
      }
      for (const [key, fallback] of Object.entries(spec.optional ?? {})) {
        const t = g.children.has(key) ? readTensor(g, key, at, issues, what) : undefined
        values[key] = t ?? { shape, data: new Float64Array(values[spec.required[0]!]!.data.length).fill(fallback) }
      }
      if (issues.length > before) return undefined
      return { type, ...values, ...meta } as NirNode
    }
  }
}

function readTensor(g: Group, key: string, at: string, issues: Issue[], what: string): NirTensor | undefined {
  const d = g.children.get(key)
  if (d?.kind !== 'dataset' || d.value.kind !== 'numbers') {
    issues.push(issue(`${what}: ${at}/${key}`, d === undefined ? 'is missing' : 'must be a numeric array'))
    return undefined
  }
  const bad = d.value.values.findIndex((x) => !Number.isFinite(x))
  if (bad >= 0) {
    issues.push(issue(`${what}: ${at}/${key}`, `entry ${bad} is ${d.value.values[bad]}; every value must be finite`))
    return undefined
  }
  return { shape: d.value.shape, data: d.value.values }
}
