import { readFile } from 'node:fs/promises'
import { fileURLToPath } from 'node:url'
import test from 'ava'
import { loadNetworkConfig } from '@spikegrad/node'
import { exportMetadata, importedDocument, networkToNir, nirToNetwork, readNir, writeNir } from './index.js'

const example = (name: string) => fileURLToPath(new URL(`../../../examples/${name}`, import.meta.url))

test('feedforward-lif — export, write, read, import: the same configuration and the same weights, bit for bit', async (t) => {
  const path = example('feedforward-lif.json')
  const raw = JSON.parse(await readFile(path, 'utf8'))
  const composed = await loadNetworkConfig(path)
  if (composed._tag === 'Left') return t.fail(composed.left.message)
  const graph = networkToNir(composed.right.network, composed.right.initialValue.theta, { metadata: exportMetadata(raw) })
  if (graph._tag === 'Left') return t.fail(graph.left.message)
  const bytes = await writeNir(graph.right)
  const read = await readNir(bytes)
  if (read._tag === 'Left') return t.fail(read.left.message)
  const imported = nirToNetwork(read.right)
  if (imported._tag === 'Left') return t.fail(imported.left.message)
  const doc = importedDocument(imported.right, read.right.metadata)
  if (doc._tag === 'Left') return t.fail(doc.left)
  t.deepEqual(doc.right.notes, [])
  t.deepEqual(doc.right.document, raw)
})
