import test from 'ava'
import { runInNewContext } from 'node:vm'
import { bundleForBrowser, formatBuiltinImport } from './support/nodeBuiltinImports.js'
import { repositoryRoot } from './support/repositoryRoot.js'

// @spikegrad/nir must run in a browser too (the playground downloads models as .nir): no Node
// built-in in its module graph (h5wasm's WebAssembly build included), and its bundle writes and
// reads a NIR file in a context without Node's globals.

const root = repositoryRoot()

test('browser bundle — @spikegrad/nir imports no Node built-in, at any depth', async (t) => {
  const { builtins } = await bundleForBrowser(['@spikegrad/nir'], root)
  t.deepEqual(builtins.map(formatBuiltinImport), [], `Node built-ins in nir's module graph:\n${builtins.map(formatBuiltinImport).join('\n')}`)
})

test('browser bundle — @spikegrad/nir writes and reads a NIR file in a bare context (no process, require or Buffer)', async (t) => {
  const { text } = await bundleForBrowser(['@spikegrad/nir'], root, 'nir')
  const context: Record<string, unknown> = { console, TextDecoder, TextEncoder }
  runInNewContext(text, context)
  const nir = (context.nir as { e0: typeof import('@spikegrad/nir') }).e0
  const ones = (n: number) => ({ shape: [n], data: new Float64Array(n).fill(1) })
  const graph = {
    nodes: {
      input: { type: 'Input' as const, shape: [2] },
      w: { type: 'Linear' as const, weight: { shape: [1, 2], data: Float64Array.of(0.5, -0.25) } },
      n: { type: 'CubaLIF' as const, tau_syn: ones(1), tau_mem: ones(1), r: ones(1), v_leak: ones(1), v_threshold: ones(1), v_reset: { shape: [1], data: Float64Array.of(0) }, w_in: ones(1) },
      output: { type: 'Output' as const, shape: [1] },
    },
    edges: [['input', 'w'], ['w', 'n'], ['n', 'output']] as [string, string][],
  }
  const bytes = await nir.writeNir(graph)
  const back = await nir.readNir(bytes)
  if (back._tag === 'Left') return t.fail(back.left.message)
  t.deepEqual(back.right.edges, graph.edges)
  t.deepEqual(Array.from((back.right.nodes.w as { weight: { data: Float64Array } }).weight.data), [0.5, -0.25])
})
