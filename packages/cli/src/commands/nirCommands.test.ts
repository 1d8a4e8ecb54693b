import { readdir, readFile, stat, writeFile } from 'node:fs/promises'
import { join } from 'node:path'
import test from 'ava'
import { readNir, writeNir, type NirGraph } from '@spikegrad/nir'
import { repositoryRoot, stackFrame } from '../spawnCli.test-kit.js'
import { scratch, spikegradInProcess } from '../train/tinyRuns.test-kit.js'

const example = (name: string) => join(repositoryRoot, 'examples', name)

test('export then import — the feedforward-lif configuration comes back as it was; the NIR file holds CubaLIF, Linear, LI, Output', async (t) => {
  const dir = await scratch()
  const nir = join(dir, 'ff.nir')
  const out = join(dir, 'ff.json')
  const exported = await spikegradInProcess(['export', example('feedforward-lif.json'), '--nir', nir])
  t.is(exported.code, 0, exported.stderr)
  t.regex(exported.stdout, /^wrote .*ff\.nir \(\d+ bytes\): 1 Input, 2 CubaLIF, 3 Linear, 1 LI, 1 Output; 7 edges; its weights; time constants in ms\n$/)
  const graph = await readNir(new Uint8Array(await readFile(nir)))
  if (graph._tag === 'Left') return t.fail(graph.left.message)
  t.deepEqual(Object.keys(graph.right.nodes).sort(), ['hidden', 'hidden<-input', 'input', 'output', 'output<-hidden', 'output_', 'readout', 'readout<-output'])
  const imported = await spikegradInProcess(['import', nir, '--out', out])
  t.is(imported.code, 0, imported.stderr)
  t.is(imported.stderr, '')
  t.deepEqual(JSON.parse(await readFile(out, 'utf8')), JSON.parse(await readFile(example('feedforward-lif.json'), 'utf8')))
})

test('import --gate, --gate-width — every population gets the chosen gate; the rest stays', async (t) => {
  const dir = await scratch()
  const nir = join(dir, 'ff.nir')
  const out = join(dir, 'ff.json')
  t.is((await spikegradInProcess(['export', example('feedforward-lif.json'), '--nir', nir])).code, 0)
  const imported = await spikegradInProcess(['import', nir, '--out', out, '--gate', 'raised-cosine', '--gate-width', '0.05'])
  t.is(imported.code, 0, imported.stderr)
  const config = JSON.parse(await readFile(out, 'utf8'))
  t.deepEqual(config.populations.map((p: { gate: unknown }) => p.gate), [{ name: 'raised-cosine', width: 0.05 }, { name: 'raised-cosine', width: 0.05 }])
})

test('export refuses what NIR cannot express, naming each part and why, and writes nothing; import refuses an unknown gate and leaves no file', async (t) => {
  const dir = await scratch()
  const nir = join(dir, 'ei.nir')
  const refused = await spikegradInProcess(['export', example('ei-dale.json'), '--nir', nir])
  t.is(refused.code, 1)
  t.regex(refused.stderr, /ei-dale\.json: NIR cannot express this network:\n {2}network\.inputs\[0\] "input": is an analog input: .*\n {2}network\.populations\[0\] "exc": is a population of "qif" neurons/)
  t.notRegex(refused.stderr, stackFrame)
  await t.throwsAsync(stat(nir))
  const ff = join(dir, 'ff.nir')
  t.is((await spikegradInProcess(['export', example('feedforward-lif.json'), '--nir', ff])).code, 0)
  const out = join(dir, 'ff.json')
  const badGate = await spikegradInProcess(['import', ff, '--out', out, '--gate', 'no-such-gate'])
  t.is(badGate.code, 1)
  t.regex(badGate.stderr, /the imported configuration does not compose:\n.*no-such-gate/)
  t.notRegex(badGate.stderr, stackFrame)
  await t.throwsAsync(stat(out))
  t.deepEqual(await readdir(dir), ['ff.nir'])
})

test('export and import refuse to write over their input, and import refuses a file that is not NIR', async (t) => {
  const dir = await scratch()
  const same = await spikegradInProcess(['export', example('feedforward-lif.json'), '--nir', example('feedforward-lif.json')])
  t.is(same.code, 2)
  t.regex(same.stderr, /--nir .*feedforward-lif\.json is the same file as <model> .*: the result would replace its input/)
  const notNir = join(dir, 'not.nir')
  await writeFile(notNir, '{"format": "spikegrad-model/2"}')
  const bad = await spikegradInProcess(['import', notNir, '--out', join(dir, 'x.json')])
  t.is(bad.code, 1)
  t.regex(bad.stderr, /not\.nir: not a NIR graph spikegrad can read:\n {2}.*not\.nir: is not an HDF5 file/)
  const over = await spikegradInProcess(['import', notNir, '--out', notNir])
  t.is(over.code, 2)
  const folder = await spikegradInProcess(['import', dir, '--out', join(dir, 'y.json')])
  t.is(folder.code, 1)
  t.regex(folder.stderr, /is not a regular file; give the path of a \.nir file/)
  const missing = await spikegradInProcess(['import', join(dir, 'none.nir'), '--out', join(dir, 'y.json')])
  t.is(missing.code, 1)
  t.regex(missing.stderr, /none\.nir: file not found; give the path of a \.nir file/)
  t.notRegex(bad.stderr + over.stderr + folder.stderr + missing.stderr, stackFrame)
})

test('import of a graph another tool wrote (no spikegrad metadata) needs --task, then makes a model file for it that composes', async (t) => {
  const dir = await scratch()
  const ones = (n: number, v = 1) => ({ shape: [n], data: new Float64Array(n).fill(v) })
  const graph: NirGraph = {
    nodes: {
      spikes: { type: 'Input', shape: [5] },
      fc: { type: 'Linear', weight: { shape: [4, 5], data: new Float64Array(20).fill(0.5) } },
      lif: { type: 'CubaLIF', tau_syn: ones(4, 5), tau_mem: ones(4, 20), r: ones(4), v_leak: ones(4, 0.5), v_threshold: ones(4), v_reset: ones(4, 0), w_in: ones(4) },
      head: { type: 'Linear', weight: { shape: [3, 4], data: new Float64Array(12).fill(0.25) } },
      out: { type: 'Output', shape: [3] },
    },
    edges: [['spikes', 'fc'], ['fc', 'lif'], ['lif', 'head'], ['head', 'out']],
  }
  const nir = join(dir, 'other.nir')
  await writeFile(nir, await writeNir(graph))
  const out = join(dir, 'other.json')
  const noTask = await spikegradInProcess(['import', nir, '--out', out])
  t.is(noTask.code, 1)
  t.regex(noTask.stderr, /other\.nir: the file carries no spikegrad task .*; say which task the model is for, e\.g\. --task yinyang\n$/)
  const made = await spikegradInProcess(['import', nir, '--out', out, '--task', 'yinyang'])
  t.is(made.code, 0, made.stderr)
  const model = JSON.parse(await readFile(out, 'utf8'))
  t.is(model.format, 'spikegrad-model/3')
  t.deepEqual(model.spec.task, { name: 'yinyang' })
  t.deepEqual(model.spec.network.populations[0].gate, { name: 'poly-bump', width: 0.1 })
  t.deepEqual(model.weights['bias:lif'], [0.5, 0.5, 0.5, 0.5])
})
