import { mkdtemp, readFile, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import test from 'ava'
import { bestOf, decodeModelFile, unpackWeights, type Network } from '@spikegrad/core'
import { loadModel, loadNetworkConfig } from '@spikegrad/node'
import { exportMetadata, importedDocument, networkToNir, nirToNetwork, readNir, writeNir, type SpikegradDocument } from './index.js'

const repo = (path: string) => fileURLToPath(new URL(`../../../${path}`, import.meta.url))

/** export → bytes → read → import, as the commands do. */
async function roundTrip(network: Network, theta: Float64Array, document: SpikegradDocument, options: { timeUnit?: 'ms' | 's' } = {}) {
  const graph = networkToNir(network, theta, { metadata: exportMetadata(document), ...options })
  if (graph._tag === 'Left') throw new Error(graph.left.message)
  const read = await readNir(await writeNir(graph.right))
  if (read._tag === 'Left') throw new Error(read.left.message)
  const imported = nirToNetwork(read.right, options)
  if (imported._tag === 'Left') throw new Error(imported.left.message)
  const doc = importedDocument(imported.right, read.right.metadata)
  if (doc._tag === 'Left') throw new Error(doc.left)
  return { graph: read.right, imported: imported.right, ...doc.right }
}

test('feedforward-lif example — export, write, read, import: the same configuration and the same weights, bit for bit', async (t) => {
  const path = repo('examples/feedforward-lif.json')
  const raw = JSON.parse(await readFile(path, 'utf8'))
  const composed = await loadNetworkConfig(path)
  if (composed._tag === 'Left') return t.fail(composed.left.message)
  const back = await roundTrip(composed.right.network, composed.right.initialValue.theta, raw)
  t.deepEqual(back.notes, [])
  t.deepEqual(back.document, raw)
})

test('feedforward-lif example — with the time constants in seconds the file holds tau/1000 and the import gives ms again', async (t) => {
  const path = repo('examples/feedforward-lif.json')
  const raw = JSON.parse(await readFile(path, 'utf8'))
  const composed = await loadNetworkConfig(path)
  if (composed._tag === 'Left') return t.fail(composed.left.message)
  const back = await roundTrip(composed.right.network, composed.right.initialValue.theta, raw, { timeUnit: 's' })
  const hidden = back.graph.nodes.hidden
  if (hidden?.type !== 'CubaLIF') return t.fail('hidden is not a CubaLIF')
  t.is(hidden.tau_mem.data[0], 0.01)
  t.is(hidden.tau_syn.data[0], 0.005)
  t.deepEqual(back.document, raw)
})

test('trained Yin-Yang model — export (its best parameters, as evaluate scores it), import: the same specification and weights bit for bit', async (t) => {
  const path = repo('models/yinyang/model.json')
  const text = await readFile(path, 'utf8')
  const file = decodeModelFile(JSON.parse(text))
  if (file._tag === 'Left') return t.fail(file.left.message)
  const model = await loadModel(path)
  if (model._tag === 'Left') return t.fail(model.left.message)
  const best = bestOf(model.right)
  const back = await roundTrip(best.network, best.theta, JSON.parse(text))
  t.deepEqual(back.notes, [])
  const doc = back.document as { spec: unknown; weights: unknown; iteration: number }
  t.deepEqual(doc.spec, file.right.spec)
  t.deepEqual(doc.weights, unpackWeights(best.network, best.theta))
  t.deepEqual(doc.weights, file.right.best!.weights)
  t.is(doc.iteration, 0)
})

test('feedforward-lif example — read from the graph alone (no metadata): the same network and weights, with the default gate', async (t) => {
  const path = repo('examples/feedforward-lif.json')
  const raw = JSON.parse(await readFile(path, 'utf8'))
  const composed = await loadNetworkConfig(path)
  if (composed._tag === 'Left') return t.fail(composed.left.message)
  const graph = networkToNir(composed.right.network, composed.right.initialValue.theta)
  if (graph._tag === 'Left') return t.fail(graph.left.message)
  t.is(graph.right.metadata, undefined)
  const read = await readNir(await writeNir(graph.right))
  if (read._tag === 'Left') return t.fail(read.left.message)
  const imported = nirToNetwork(read.right)
  if (imported._tag === 'Left') return t.fail(imported.left.message)
  const lif = { name: 'lif', params: { tau_m: 10, v_th: 1, v_reset: 0 } }
  const gate = { name: 'poly-bump', width: 0.1 }
  t.deepEqual(imported.right.network, {
    inputs: [{ name: 'input', kind: 'spikes', size: 5, tauS: 5 }],
    populations: [
      { name: 'hidden', size: 10, neuron: lif, gate, tauS: 5 },
      { name: 'output', size: 2, neuron: lif, gate, tauS: 5 },
    ],
    projections: [{ from: 'input', to: 'hidden' }, { from: 'hidden', to: 'output' }],
    readout: { size: 2, from: ['output'] },
  })
  t.deepEqual(imported.right.weights, raw.weights)
  const noTask = importedDocument(imported.right, read.right.metadata)
  t.is(noTask._tag, 'Left')
  t.regex(noTask._tag === 'Left' ? noTask.left : '', /carries no spikegrad task.*--task yinyang/)
})

test('ei-dale example — export is refused, naming the theta-neuron population and the analog input and why', async (t) => {
  const composed = await loadNetworkConfig(repo('examples/ei-dale.json'))
  if (composed._tag === 'Left') return t.fail(composed.left.message)
  const graph = networkToNir(composed.right.network, composed.right.initialValue.theta)
  if (graph._tag === 'Right') return t.fail('exported a network with a QIF population')
  t.deepEqual(
    graph.left.issues.map((i) => i.at),
    ['network.inputs[0] "input"', 'network.populations[0] "exc"', 'network.populations[1] "inh"'],
  )
  t.regex(graph.left.message, /"input": is an analog input: .*NIR has no exact equivalent; export a network whose inputs are spike trains/)
  t.regex(graph.left.message, /"exc": is a population of "qif" neurons \(the theta neuron, a phase model without reset\); NIR's spiking nodes are LIF, CubaLIF and IF/)
  t.regex(graph.left.message, /"inh": its sources have different trace time constants \(exc: 10 ms, inh: 5 ms\); a NIR CubaLIF filters all its input with one tau_syn/)
})

test('delays-ff example — export is refused, naming each delayed projection and why', async (t) => {
  const composed = await loadNetworkConfig(repo('examples/delays-ff.json'))
  if (composed._tag === 'Left') return t.fail(composed.left.message)
  const graph = networkToNir(composed.right.network, composed.right.initialValue.theta)
  if (graph._tag === 'Right') return t.fail('exported a network with delays')
  t.deepEqual(
    graph.left.issues.map((i) => i.at),
    ['network.projections[0] "hidden<-input"', 'network.projections[1] "output<-hidden"'],
  )
  t.regex(graph.left.message, /has synaptic delays, which this export does not write yet.*export the network without delays/)
})

test('trained tau_s and neuron parameters travel as the CubaLIF\'s values and come back into their weight blocks', async (t) => {
  const raw = JSON.parse(await readFile(repo('examples/feedforward-lif.json'), 'utf8'))
  raw.populations[0].train = { tauS: true, params: ['v_th'] }
  raw.weights['tau_s:hidden'] = 5.5
  raw.weights['v_th:hidden'] = 0.9
  const path = join(await mkdtemp(join(tmpdir(), 'spikegrad-nir-')), 'trained.json')
  await writeFile(path, JSON.stringify(raw))
  const composed = await loadNetworkConfig(path)
  if (composed._tag === 'Left') return t.fail(composed.left.message)
  const back = await roundTrip(composed.right.network, composed.right.initialValue.theta, raw)
  const hidden = back.graph.nodes.hidden
  const output = back.graph.nodes.output
  if (hidden?.type !== 'CubaLIF' || output?.type !== 'CubaLIF') return t.fail('not CubaLIF nodes')
  t.is(hidden.v_threshold.data[0], 0.9)
  t.is(output.tau_syn.data[0], 5.5, 'hidden\'s trace is the synaptic current of the population it feeds')
  t.deepEqual(back.notes, [])
  t.deepEqual(back.document, raw)
})

test('metadata that describes another network is set aside with a note; the network comes from the graph', async (t) => {
  const path = repo('examples/feedforward-lif.json')
  const raw = JSON.parse(await readFile(path, 'utf8'))
  const composed = await loadNetworkConfig(path)
  if (composed._tag === 'Left') return t.fail(composed.left.message)
  const stale = { ...raw, populations: raw.populations.map((p: { name: string }) => (p.name === 'output' ? { ...p, name: 'out' } : p)) }
  const graph = networkToNir(composed.right.network, composed.right.initialValue.theta, { metadata: exportMetadata(stale) })
  if (graph._tag === 'Left') return t.fail(graph.left.message)
  const imported = nirToNetwork(graph.right)
  if (imported._tag === 'Left') return t.fail(imported.left.message)
  const doc = importedDocument(imported.right, graph.right.metadata)
  if (doc._tag === 'Left') return t.fail(doc.left)
  t.deepEqual(doc.right.notes, [
    "the spikegrad description in the file's metadata was set aside: its populations (hidden, out) are not the graph's (hidden, output); the network is read from the graph alone",
  ])
  const config = doc.right.document as { populations: { name: string; gate: unknown }[]; weights: unknown; duration: number }
  t.deepEqual(config.populations.map((p) => p.name), ['hidden', 'output'])
  t.deepEqual(config.populations[0]!.gate, { name: 'poly-bump', width: 0.1 })
  t.deepEqual(config.weights, raw.weights)
  t.is(config.duration, raw.duration, 'the trial still comes from the metadata')
})
