import type { Network } from '../network.js'

/** A strongly connected component of the population graph: its populations (ascending), and whether it has a cycle (a projection within it). */
export interface PopulationComponent {
  readonly populations: readonly number[]
  readonly recurrent: boolean
}

/**
 * The strongly connected components of the population graph (an edge p → q for every projection
 * from population p into q), in an order where every projection between components goes forward
 * (Kahn's sort of the condensation, ties broken by the smallest population index). A component
 * is `recurrent` when a projection stays within it: a population onto itself, or a cycle through
 * several. The rest are single populations that read only populations before them.
 */
export function componentOrder(net: Pick<Network, 'populations' | 'projections'>): readonly PopulationComponent[] {
  const P = net.populations.length
  const next: number[][] = Array.from({ length: P }, () => [])
  const selfLoop = new Uint8Array(P)
  for (const pr of net.projections) {
    if (pr.source.kind !== 'population') continue
    if (pr.source.index === pr.target) selfLoop[pr.target] = 1
    else next[pr.source.index].push(pr.target)
  }
  // Tarjan's algorithm, iterative (no recursion depth to run out of)
  const index = new Int32Array(P).fill(-1)
  const low = new Int32Array(P)
  const onStack = new Uint8Array(P)
  const stack: number[] = []
  const componentOf = new Int32Array(P).fill(-1)
  const members: number[][] = []
  let counter = 0
  for (let root = 0; root < P; root++) {
    if (index[root] >= 0) continue
    const work: { v: number; edge: number }[] = [{ v: root, edge: 0 }]
    index[root] = low[root] = counter++
    stack.push(root)
    onStack[root] = 1
    while (work.length > 0) {
      const top = work[work.length - 1]
      const v = top.v
      if (top.edge < next[v].length) {
        const w = next[v][top.edge++]
        if (index[w] < 0) {
          index[w] = low[w] = counter++
          stack.push(w)
          onStack[w] = 1
          work.push({ v: w, edge: 0 })
        } else if (onStack[w] === 1) low[v] = Math.min(low[v], index[w])
        continue
      }
      work.pop()
      if (work.length > 0) low[work[work.length - 1].v] = Math.min(low[work[work.length - 1].v], low[v])
      if (low[v] !== index[v]) continue
      const list: number[] = []
      for (;;) {
        const w = stack.pop()!
        onStack[w] = 0
        componentOf[w] = members.length
        list.push(w)
        if (w === v) break
      }
      members.push(list.sort((a, b) => a - b))
    }
  }
  // the condensation, sorted
  const C = members.length
  const indegree = new Int32Array(C)
  const out: Set<number>[] = Array.from({ length: C }, () => new Set())
  for (let p = 0; p < P; p++) {
    for (const q of next[p]) {
      const a = componentOf[p]
      const b = componentOf[q]
      if (a !== b && !out[a].has(b)) {
        out[a].add(b)
        indegree[b]++
      }
    }
  }
  const ready = [...Array(C).keys()].filter((c) => indegree[c] === 0)
  const order: PopulationComponent[] = []
  while (ready.length > 0) {
    ready.sort((a, b) => members[a][0] - members[b][0])
    const c = ready.shift()!
    const pops = members[c]
    order.push({ populations: pops, recurrent: pops.length > 1 || selfLoop[pops[0]] === 1 })
    for (const d of out[c]) if (--indegree[d] === 0) ready.push(d)
  }
  return order
}
