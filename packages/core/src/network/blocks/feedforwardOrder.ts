import type { Network } from '../network.js'

/**
 * The populations in an order where every projection between populations goes forward
 * (Kahn's topological sort of the population graph, ties broken by index), or why there is
 * none: a population that projects onto itself, or a cycle through several. Such a network is
 * one strongly connected component and keeps the monolithic solve.
 */
export function feedforwardOrder(net: Network): { readonly order: readonly number[] } | { readonly reason: string } {
  const P = net.populations.length
  const indegree = new Int32Array(P)
  const next: number[][] = Array.from({ length: P }, () => [])
  for (const pr of net.projections) {
    if (pr.source.kind !== 'population') continue
    if (pr.source.index === pr.target) return { reason: `the projection ${pr.name} is recurrent` }
    next[pr.source.index].push(pr.target)
    indegree[pr.target]++
  }
  const order: number[] = []
  const ready = [...Array(P).keys()].filter((q) => indegree[q] === 0)
  while (ready.length > 0) {
    ready.sort((a, b) => a - b)
    const q = ready.shift()!
    order.push(q)
    for (const r of next[q]) if (--indegree[r] === 0) ready.push(r)
  }
  if (order.length < P) {
    const inCycle = [...Array(P).keys()].filter((q) => !order.includes(q)).map((q) => `"${net.populations[q].name}"`)
    return { reason: `the populations ${inCycle.join(', ')} form a cycle` }
  }
  return { order }
}
