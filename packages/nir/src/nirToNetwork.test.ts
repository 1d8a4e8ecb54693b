import test from 'ava'
import { nirToNetwork, type NirGraph, type NirNode } from './index.js'
import { filled } from './nirGraph.js'

// Graph shapes outside the mapping, each refused with an issue that names the node and why.

const cuba = (n: number, tauSyn = 5): NirNode => ({
  type: 'CubaLIF',
  tau_syn: filled(n, tauSyn),
  tau_mem: filled(n, 10),
  r: filled(n, 1),
  v_leak: filled(n, 0),
  v_threshold: filled(n, 1),
  v_reset: filled(n, 0),
  w_in: filled(n, 1),
})
const linear = (rows: number, cols: number): NirNode => ({ type: 'Linear', weight: { shape: [rows, cols], data: new Float64Array(rows * cols).fill(0.5) } })
const base: NirGraph['nodes'] = { in: { type: 'Input', shape: [2] }, fc: linear(3, 2), a: cuba(3), ro: linear(1, 3), li: { type: 'LI', tau: filled(1, 5), r: filled(1, 1), v_leak: filled(1, 0) }, out: { type: 'Output', shape: [1] } }
const baseEdges: NirGraph['edges'] = [['in', 'fc'], ['fc', 'a'], ['a', 'ro'], ['ro', 'li'], ['li', 'out']]

const refusal = (graph: NirGraph): string => {
  const r = nirToNetwork(graph)
  return r._tag === 'Left' ? r.left.message : 'imported'
}

test('the base graph imports (the control for the refusals below)', (t) => {
  t.is(nirToNetwork({ nodes: base, edges: baseEdges })._tag, 'Right')
})

test('a population whose targets filter its spikes with different tau_syn is refused, naming it and each filter', (t) => {
  const nodes = { ...base, b: cuba(3, 7), fc2: linear(3, 3) }
  t.regex(
    refusal({ nodes, edges: [...baseEdges, ['a', 'fc2'], ['fc2', 'b']] }),
    /^node "a": its spikes are filtered with different time constants \(the tau of the readout filter "li": 5 ms, the tau_syn of "b": 7 ms\); spikegrad keeps one trace per population or input/m,
  )
})

test('a Linear with two targets, a weight of the wrong shape, an LI with an offset, an edge spikegrad has no form for: each refused by name', (t) => {
  t.regex(refusal({ nodes: { ...base, b: cuba(3) }, edges: [...baseEdges, ['fc', 'b']] }), /^node "fc": feeds 2 nodes; a spikegrad projection has one target/m)
  t.regex(refusal({ nodes: { ...base, fc: linear(2, 2) }, edges: baseEdges }), /^node "fc"\.weight: has shape \[2, 2\] between "in" \(2\) and "a" \(3\); expected \[3, 2\]/m)
  t.regex(refusal({ nodes: { ...base, li: { type: 'LI', tau: filled(1, 5), r: filled(1, 1), v_leak: filled(1, 0.5) } }, edges: baseEdges }), /^node "li"\.v_leak: is not zero; spikegrad's readout has no offset/m)
  t.regex(refusal({ nodes: base, edges: [...baseEdges, ['out', 'a']] }), /^edge \("out", "a"\): goes from a Output to a CubaLIF, which spikegrad has no form for/m)
  t.regex(refusal({ nodes: base, edges: [...baseEdges, ['in', 'ghost']] }), /^edge \("in", "ghost"\): names a node the graph does not hold/m)
})

test('LIF nodes (snnTorch\'s Leaky) are refused unless a synaptic time constant is chosen; then read as CubaLIF with it, readout straight from the last layer', (t) => {
  const lif = (n: number): NirNode => ({ type: 'LIF', tau: filled(n, 0.02), r: filled(n, 0.5), v_leak: filled(n, 0), v_threshold: filled(n, 1), v_reset: filled(n, 0) })
  const graph: NirGraph = {
    nodes: { in: { type: 'Input', shape: [2] }, fc1: linear(3, 2), l1: lif(3), fc2: linear(2, 3), l2: lif(2), out: { type: 'Output', shape: [2] } },
    edges: [['in', 'fc1'], ['fc1', 'l1'], ['l1', 'fc2'], ['fc2', 'l2'], ['l2', 'out']],
  }
  t.regex(refusal(graph), /^node "l1": is a LIF: its voltage jumps at each input spike/m)
  const imported = nirToNetwork(graph, { timeUnit: 's', lifTauSyn: 0.5 })
  if (imported._tag === 'Left') return t.fail(imported.left.message)
  const lifParams = { name: 'lif', params: { tau_m: 20, v_th: 1, v_reset: 0 } }
  t.deepEqual(imported.right.network.inputs, [{ name: 'in', kind: 'spikes', size: 2, tauS: 0.5 }])
  t.deepEqual(
    imported.right.network.populations.map((p) => [p.name, p.neuron, p.tauS]),
    [['l1', lifParams, 0.5], ['l2', lifParams, 0.5]],
  )
  t.deepEqual(imported.right.network.readout, { size: 2, from: ['l2'] })
  t.deepEqual(imported.right.weights['l1<-in'], [[0.25, 0.25], [0.25, 0.25], [0.25, 0.25]], 'weights times r = 0.5')
  t.deepEqual(imported.right.weights['readout<-l2'], [[1, 0], [0, 1]])
})
