import test from 'ava'
import { runInNewContext } from 'node:vm'
import { bundleForBrowser, formatBuiltinImport } from './support/nodeBuiltinImports.js'
import { repositoryRoot } from './support/repositoryRoot.js'

// @spikegrad/core must run in a browser: no Node built-in anywhere in the module graph of its
// entries (its own files and its dependencies'), and the bundle evaluates without Node's globals;
// the plugin packages that come with it (which the playground bundles) import none either.

const root = repositoryRoot()
const entries = ['@spikegrad/core', '@spikegrad/core/internal']

test('browser bundle — @spikegrad/core and its internal entry import no Node built-in, at any depth', async (t) => {
  const { builtins } = await bundleForBrowser(entries, root)
  t.deepEqual(builtins.map(formatBuiltinImport), [], `Node built-ins in core's module graph (each read: built-in ← importer ← … ← entry):\n${builtins.map(formatBuiltinImport).join('\n')}`)
})

/** The plugin packages the playground imports into its Web Workers. */
const plugins = ['@spikegrad/neuron-qif', '@spikegrad/neuron-lif', '@spikegrad/neuron-equations', '@spikegrad/gates', '@spikegrad/losses', '@spikegrad/task-xor', '@spikegrad/task-autoencode', '@spikegrad/task-yinyang']

test('browser bundle — the plugin packages that come with spikegrad import no Node built-in, at any depth', async (t) => {
  const { builtins } = await bundleForBrowser(plugins, root)
  t.deepEqual(builtins.map(formatBuiltinImport), [], `Node built-ins in the plugins' module graph (each read: built-in ← importer ← … ← entry):\n${builtins.map(formatBuiltinImport).join('\n')}`)
})

test('browser bundle — the bundle evaluates in a bare context (no process, require or Buffer) and computes', async (t) => {
  const { text } = await bundleForBrowser(['@spikegrad/core'], root, 'spikegrad')
  const context: Record<string, unknown> = { console }
  runInNewContext(text, context)
  const core = (context.spikegrad as { e0: typeof import('@spikegrad/core') }).e0
  t.is(typeof core.createNetwork, 'function')
  t.is(new core.Rng(7).uniform(), new (await import('@spikegrad/core')).Rng(7).uniform())
  const spec = core.decodeModelSpec({ format: 'spikegrad-spec/2', seed: -1 }, 'model')
  t.true(spec._tag === 'Left' && spec.left.message.includes('model.'), JSON.stringify(spec))
})

test('browser bundle — the check finds a planted import and names its importers', async (t) => {
  const { builtins } = await bundleForBrowser([`${root}/test/dist/fixtures/plantedBuiltin.fixture.js`], root)
  t.deepEqual(builtins.map(formatBuiltinImport), [
    'node:fs ← test/dist/fixtures/plantedBuiltinDependency.fixture.js ← test/dist/fixtures/plantedBuiltin.fixture.js',
    'worker_threads ← test/dist/fixtures/plantedBuiltinDependency.fixture.js ← test/dist/fixtures/plantedBuiltin.fixture.js',
  ])
})
