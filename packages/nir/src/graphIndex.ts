import { issue, type Issue } from '@spikegrad/core'
import type { NirGraph, NirNode } from './nirGraph.js'

/**
 * A NIR graph with its edges looked up both ways and its nodes in the order the writer gave
 * them (as the edges first name them, then the rest): what the importer walks.
 */
export interface GraphIndex {
  readonly graph: NirGraph
  readonly sources: ReadonlyMap<string, readonly string[]>
  readonly targets: ReadonlyMap<string, readonly string[]>
  /** The nodes of the given types, in the writer's order. */
  ofType(...types: NirNode['type'][]): string[]
  /** Neurons or channels of an Input, Output or CubaLIF node (NaN for others). */
  size(name: string): number
}

/** The index of `graph`, or undefined with an issue for each edge that names a missing node. */
export function indexGraph(graph: NirGraph, issues: Issue[]): GraphIndex | undefined {
  const sources = new Map<string, string[]>(Object.keys(graph.nodes).map((n) => [n, []]))
  const targets = new Map<string, string[]>(Object.keys(graph.nodes).map((n) => [n, []]))
  for (const [a, b] of graph.edges) {
    if (!(a in graph.nodes) || !(b in graph.nodes)) {
      issues.push(issue(`edge ("${a}", "${b}")`, 'names a node the graph does not hold'))
      continue
    }
    targets.get(a)!.push(b)
    sources.get(b)!.push(a)
  }
  if (issues.length > 0) return undefined
  const order = [...new Set([...graph.edges.flat(), ...Object.keys(graph.nodes)])]
  return {
    graph,
    sources,
    targets,
    ofType: (...types) => order.filter((n) => types.includes(graph.nodes[n]!.type)),
    size(name) {
      const n = graph.nodes[name]!
      return n.type === 'Input' || n.type === 'Output' ? n.shape[0]! : n.type === 'CubaLIF' ? n.v_threshold.data.length : NaN
    },
  }
}

/** How issues name a node. */
export const nodeAt = (name: string): string => `node "${name}"`
