import { readFile } from 'node:fs/promises'
import { fileURLToPath } from 'node:url'
import test from 'ava'
import h5wasm from 'h5wasm'
import { readHdf5, type H5Node } from './hdf5Tree.js'
import { nirToNetwork, readNir, writeNir, type NirGraph } from './index.js'
import { filled, vector } from './nirGraph.js'

/**
 * Fixtures written field by field with h5wasm as NIR's Python writer (`nir/serialization.py`,
 * `write`) lays a graph out: `/version` (a variable-length UTF-8 string), `/node/type` =
 * "NIRGraph", `/node/edges` (E × 2 strings), one group per node under `/node/nodes` holding
 * `type` and one dataset per field of the node's class as `to_dict` lists them. The arrays are
 * float32, as a PyTorch-based exporter leaves them. `legacy` adds what earlier NIR versions
 * wrote too (`input_type` / `output_type` groups) and leaves out `v_reset` and `w_in`, which
 * NIR's reader then fills with zeros and ones.
 */
async function handWritten(options: { legacy?: boolean; mutate?: (nodes: InstanceType<typeof h5wasm.Group>) => void } = {}): Promise<Uint8Array> {
  const module = await h5wasm.ready
  const name = `/fixture-${Math.random().toString(36).slice(2)}.nir`
  const f = new h5wasm.File(name, 'w')
  const str = (g: InstanceType<typeof h5wasm.Group>, key: string, value: string) => g.create_dataset({ name: key, data: value, shape: [], dtype: 'S' })
  const f32 = (g: InstanceType<typeof h5wasm.Group>, key: string, values: number[], shape = [values.length]) =>
    g.create_dataset({ name: key, data: Float32Array.from(values), shape, compression: 'gzip', chunks: shape })
  const i64 = (g: InstanceType<typeof h5wasm.Group>, key: string, values: number[]) =>
    g.create_dataset({ name: key, data: BigInt64Array.from(values, BigInt), shape: [values.length], compression: 'gzip', chunks: [values.length] })
  str(f, 'version', '1.0.7')
  const graph = f.create_group('node')
  str(graph, 'type', 'NIRGraph')
  const edges = [['input', 'fc1'], ['fc1', 'lif1'], ['lif1', 'fc2'], ['fc2', 'li'], ['li', 'output']]
  graph.create_dataset({ name: 'edges', data: edges.flat(), shape: [edges.length, 2], dtype: 'S' })
  const nodes = graph.create_group('nodes')
  const input = nodes.create_group('input')
  str(input, 'type', 'Input')
  i64(input, 'shape', [3])
  const fc1 = nodes.create_group('fc1')
  str(fc1, 'type', 'Affine')
  f32(fc1, 'weight', [1, -2, 0.5, 0.25, 4, -1], [2, 3])
  f32(fc1, 'bias', [0.5, 1])
  const lif = nodes.create_group('lif1')
  str(lif, 'type', 'CubaLIF')
  f32(lif, 'tau_syn', [5, 5])
  f32(lif, 'tau_mem', [20, 20])
  f32(lif, 'r', [2, 0.5])
  f32(lif, 'v_leak', [0.125, -0.25])
  f32(lif, 'v_threshold', [1, 1])
  if (options.legacy === true) {
    i64(lif.create_group('input_type'), 'input', [2])
    i64(lif.create_group('output_type'), 'output', [2])
  } else {
    f32(lif, 'v_reset', [-0.5, -0.5])
    f32(lif, 'w_in', [1, 3])
  }
  const fc2 = nodes.create_group('fc2')
  str(fc2, 'type', 'Linear')
  f32(fc2, 'weight', [0.75, -1.5], [1, 2])
  const li = nodes.create_group('li')
  str(li, 'type', 'LI')
  f32(li, 'tau', [8])
  f32(li, 'r', [2])
  f32(li, 'v_leak', [0])
  const output = nodes.create_group('output')
  str(output, 'type', 'Output')
  i64(output, 'shape', [1])
  options.mutate?.(nodes)
  f.close()
  const bytes = module.FS!.readFile(name)
  module.FS!.unlink(name)
  return bytes
}

test('a file laid out as NIR\'s Python writer does (float32 arrays, Affine, CubaLIF with r and w_in, LI readout) imports with r · w_in folded into the weights and v_leak into the bias', async (t) => {
  const read = await readNir(await handWritten())
  if (read._tag === 'Left') return t.fail(read.left.message)
  const imported = nirToNetwork(read.right, { gate: { name: 'box', width: 0.05 } })
  if (imported._tag === 'Left') return t.fail(imported.left.message)
  t.deepEqual(imported.right.network, {
    inputs: [{ name: 'input', kind: 'spikes', size: 3, tauS: 5 }],
    populations: [{ name: 'lif1', size: 2, neuron: { name: 'lif', params: { tau_m: 20, v_th: 1, v_reset: -0.5 } }, gate: { name: 'box', width: 0.05 }, tauS: 8 }],
    projections: [{ from: 'input', to: 'lif1' }],
    readout: { size: 1, from: ['lif1'] },
  })
  t.deepEqual(imported.right.weights, {
    'lif1<-input': [[2 * 1, 2 * -2, 2 * 0.5], [1.5 * 0.25, 1.5 * 4, 1.5 * -1]],
    'bias:lif1': [0.125 + 2 * 0.5, -0.25 + 1.5 * 1],
    'readout<-lif1': [[2 * 0.75, 2 * -1.5]],
  })
})

test('an earlier layout (input_type / output_type groups, no v_reset and w_in) imports with NIR\'s defaults v_reset = 0, w_in = 1; seconds convert to ms', async (t) => {
  const read = await readNir(await handWritten({ legacy: true }))
  if (read._tag === 'Left') return t.fail(read.left.message)
  const imported = nirToNetwork(read.right, { timeUnit: 's', gateFraction: 0.05 })
  if (imported._tag === 'Left') return t.fail(imported.left.message)
  t.deepEqual(imported.right.network.populations, [{ name: 'lif1', size: 2, neuron: { name: 'lif', params: { tau_m: 20000, v_th: 1, v_reset: 0 } }, gate: { name: 'poly-bump', width: 0.05 }, tauS: 8000 }])
  t.deepEqual(imported.right.weights['lif1<-input'], [[2, -4, 1], [0.125, 2, -0.5]])
})

test('writeNir lays the graph out as nir.write does: /version, /node/{type, nodes, edges}, each node its type and its class\'s fields, float64 parameters, int64 shapes', async (t) => {
  const graph: NirGraph = {
    nodes: {
      in: { type: 'Input', shape: [2] },
      w: { type: 'Linear', weight: { shape: [1, 2], data: Float64Array.of(0.5, -1) } },
      n: { type: 'CubaLIF', tau_syn: filled(1, 5), tau_mem: filled(1, 10), r: filled(1, 1), v_leak: vector([0.25]), v_threshold: filled(1, 1), v_reset: filled(1, 0), w_in: filled(1, 1) },
      out: { type: 'Output', shape: [1] },
    },
    edges: [['in', 'w'], ['w', 'n'], ['n', 'out']],
    metadata: { note: 'made by a test', answer: 42 },
  }
  const tree = await readHdf5(await writeNir(graph))
  if (!tree.ok) return t.fail(tree.problem)
  const keys = (n: H5Node | undefined) => (n?.kind === 'group' ? [...n.children.keys()].sort() : [])
  const at = (n: H5Node, ...path: string[]): H5Node | undefined => path.reduce<H5Node | undefined>((g, k) => (g?.kind === 'group' ? g.children.get(k) : undefined), n)
  t.deepEqual(keys(tree.root), ['node', 'version'])
  t.deepEqual(keys(at(tree.root, 'node')), ['edges', 'metadata', 'nodes', 'type'])
  t.deepEqual(keys(at(tree.root, 'node', 'nodes', 'n')), ['r', 'tau_mem', 'tau_syn', 'type', 'v_leak', 'v_reset', 'v_threshold', 'w_in'])
  t.deepEqual(keys(at(tree.root, 'node', 'nodes', 'in')), ['shape', 'type'])
  t.deepEqual(at(tree.root, 'node', 'edges'), { kind: 'dataset', value: { kind: 'strings', shape: [3, 2], values: ['in', 'w', 'w', 'n', 'n', 'out'] } })
  t.deepEqual(at(tree.root, 'node', 'nodes', 'in', 'shape'), { kind: 'dataset', value: { kind: 'numbers', shape: [1], values: Float64Array.of(2), integer: true } })
  t.deepEqual(at(tree.root, 'node', 'nodes', 'w', 'weight'), { kind: 'dataset', value: { kind: 'numbers', shape: [1, 2], values: Float64Array.of(0.5, -1), integer: false } })
  t.deepEqual(at(tree.root, 'node', 'type'), { kind: 'dataset', value: { kind: 'strings', shape: [], values: ['NIRGraph'] } })
  const back = await readNir(await writeNir(graph))
  if (back._tag === 'Left') return t.fail(back.left.message)
  t.deepEqual(back.right, graph)
})

test('refusals name the HDF5 path and the reason: an unknown node type, a NIR node without spikegrad form, a stray field, not HDF5, a truncated file', async (t) => {
  const cases: [Promise<Uint8Array>, RegExp][] = [
    [handWritten({ mutate: (nodes) => nodes.create_group('spiral').create_dataset({ name: 'type', data: 'Spiral', shape: [], dtype: 'S' }) }), /^file: \/node\/nodes\/spiral\/type: is "Spiral", not a node type of NIR; NIR's node types are .*Conv2d/],
    [handWritten({ mutate: (nodes) => nodes.create_group('conv').create_dataset({ name: 'type', data: 'Conv2d', shape: [], dtype: 'S' }) }), /^file: \/node\/nodes\/conv\/type: is "Conv2d", a NIR node that spikegrad has no form for; spikegrad imports Input, Output, Linear, Affine, CubaLIF, LIF, LI/],
    [handWritten({ mutate: (nodes) => void (nodes.get('lif1') as InstanceType<typeof h5wasm.Group>).create_dataset({ name: 'gain', data: Float64Array.of(1, 1), shape: [2] }) }), /^file: \/node\/nodes\/lif1\/gain: is not a field of CubaLIF; its fields are tau_syn, tau_mem, r, v_leak, v_threshold, v_reset, w_in$/],
    [Promise.resolve(new TextEncoder().encode('{"format": "spikegrad-model/2"}')), /^file: is not an HDF5 file \(it does not start with the HDF5 signature\)/],
    [handWritten().then((b) => b.slice(0, Math.floor(b.length / 2))), /^file: is truncated: its superblock declares \d+ bytes, \d+ are there/],
  ]
  for (const [bytes, message] of cases) {
    const read = await readNir(await bytes)
    t.is(read._tag, 'Left')
    if (read._tag === 'Left') t.regex(read.left.message, message)
  }
})

test('import refusals name the node: per-neuron time constants, a LIF without synaptic current, two Outputs', async (t) => {
  const graphOf = async (mutate: (nodes: InstanceType<typeof h5wasm.Group>) => void) => {
    const read = await readNir(await handWritten({ mutate }))
    if (read._tag === 'Left') throw new Error(read.left.message)
    return nirToNetwork(read.right)
  }
  const uneven = await graphOf((nodes) => {
    const lif = nodes.get('lif1') as InstanceType<typeof h5wasm.Group>
    lif.get('tau_mem') // replaced below
    ;(lif.get('tau_mem') as InstanceType<typeof h5wasm.Dataset>).write_slice([[0, 2]], Float32Array.of(20, 30))
  })
  t.regex(uneven._tag === 'Left' ? uneven.left.message : '', /^node "lif1"\.tau_mem: differs between the neurons of the node \(from 20 to 30\); a spikegrad population keeps one value; split the node/)
  const second = await graphOf((nodes) => {
    const out = nodes.create_group('out2')
    out.create_dataset({ name: 'type', data: 'Output', shape: [], dtype: 'S' })
    out.create_dataset({ name: 'shape', data: BigInt64Array.of(1n), shape: [1] })
  })
  t.regex(second._tag === 'Left' ? second.left.message : '', /^graph: has 2 Output nodes; a spikegrad network has one readout/)
  const lif = await graphOf((nodes) => {
    const n = nodes.create_group('plain')
    n.create_dataset({ name: 'type', data: 'LIF', shape: [], dtype: 'S' })
    for (const k of ['tau', 'r', 'v_leak', 'v_threshold']) n.create_dataset({ name: k, data: Float64Array.of(1), shape: [1] })
  })
  t.regex(lif._tag === 'Left' ? lif.left.message : '', /^node "plain": is a LIF: its voltage jumps at each input spike, and every spikegrad synapse is a trace with a time constant; import it as a CubaLIF with a short synaptic time constant \(spikegrad import --lif-tau-syn 0\.5, or lifTauSyn: 0\.5 in code/)
})

test('a file that h5py wrote as NIR\'s writer lays it out (fixtures/h5py-cuba.nir, made by fixtures/make-fixtures.py) imports: float32 in seconds, an Affine, a recurrent Linear, node metadata', async (t) => {
  const bytes = new Uint8Array(await readFile(fileURLToPath(new URL('../fixtures/h5py-cuba.nir', import.meta.url))))
  const read = await readNir(bytes)
  if (read._tag === 'Left') return t.fail(read.left.message)
  t.deepEqual(read.right.nodes.lif1?.metadata, { origin: 'hand-written fixture', dt: 0.0001 })
  const imported = nirToNetwork(read.right, { timeUnit: 's' })
  if (imported._tag === 'Left') return t.fail(imported.left.message)
  const ms = (seconds: number) => Math.fround(seconds) * 1000
  t.deepEqual(imported.right.network, {
    inputs: [{ name: 'input', kind: 'spikes', size: 3, tauS: ms(0.005) }],
    populations: [{ name: 'lif1', size: 2, neuron: { name: 'lif', params: { tau_m: ms(0.02), v_th: 1, v_reset: -0.5 } }, gate: { name: 'poly-bump', width: 0.1 * (1 - -0.5) }, tauS: ms(0.005) }],
    projections: [{ from: 'input', to: 'lif1' }, { from: 'lif1', to: 'lif1' }],
    readout: { size: 1, from: ['lif1'] },
  })
  t.deepEqual(imported.right.weights, {
    'lif1<-input': [[2, -4, 1], [0.375, 6, -1.5]],
    'lif1<-lif1': [[0, -2], [0.75, 0]],
    'bias:lif1': [1.125, 1.25],
    'readout<-lif1': [[1.5, -3]],
  })
})
