import { mkdtemp, readFile, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import test from 'ava'
import { repositoryRoot, spikegrad, stackFrame } from '../spawnCli.test-kit.js'

const example = (name: string): string => join(repositoryRoot, 'examples', `${name}.json`)

interface GradientOutput {
  loss: number
  spikes?: number
  events: number
  stats: { forward: { rhsEvals: number }; memory: string }
  gradient: Record<string, number[][] | number[]>
}

/** A copy of an example configuration, changed by `edit`, in a fresh directory. */
async function editedExample(name: string, edit: (config: Record<string, any>) => void): Promise<string> {
  const config = JSON.parse(await readFile(example(name), 'utf8')) as Record<string, any>
  edit(config)
  const dir = await mkdtemp(join(tmpdir(), 'spikegrad-gradient-'))
  const path = join(dir, 'net.json')
  await writeFile(path, JSON.stringify(config))
  return path
}

const blockNames = ['bias:hidden', 'hidden<-hidden', 'hidden<-input', 'readout<-hidden']

// The two check networks against finite differences (--check) are in gradientCommand.slow.test.ts.

test('gradient — prints loss, spikes, events, stats and the gradient in the nested weight layout; --out writes the same', async (t) => {
  const dir = await mkdtemp(join(tmpdir(), 'spikegrad-gradient-'))
  const out = join(dir, 'grad.json')
  const { code, stdout, stderr } = spikegrad(['gradient', '--config', example('qif-raised-cosine'), '--out', out])
  t.is(code, 0, stderr)
  t.is(stderr, `wrote ${out}\n`)
  const result = JSON.parse(stdout) as GradientOutput
  t.deepEqual(Object.keys(result).sort(), ['events', 'gradient', 'loss', 'spikes', 'stats'])
  const g = result.gradient as Record<string, number[][]>
  t.deepEqual(Object.keys(g).sort(), blockNames)
  t.deepEqual([g['hidden<-input']!.length, g['hidden<-input']![0]!.length], [10, 2])
  t.deepEqual([g['hidden<-hidden']!.length, g['hidden<-hidden']![0]!.length], [10, 10])
  t.is(g['bias:hidden']!.length, 10)
  t.deepEqual([g['readout<-hidden']!.length, g['readout<-hidden']![0]!.length], [2, 10])
  t.is(result.events, 0, 'theta neurons have no reset events')
  t.true(result.spikes! >= 30, `${result.spikes} spikes`)
  t.is(result.stats.memory, 'checkpoint')
  t.true(result.stats.forward.rhsEvals > 0)
  t.deepEqual(JSON.parse(await readFile(out, 'utf8')), result)
})

test('gradient --adjoint all — the same gradient as checkpointing, to rounding; --memory all, its former spelling, the same bits', (t) => {
  const run = (...flags: string[]) => {
    const r = spikegrad(['gradient', '--config', example('lif-poly-bump'), ...flags])
    t.is(r.code, 0, r.stderr)
    return JSON.parse(r.stdout) as GradientOutput
  }
  const all = run('--adjoint', 'all')
  const checkpoint = run('--adjoint', 'checkpoint')
  t.deepEqual(run('--memory', 'all').gradient, all.gradient)
  t.is(all.stats.memory, 'all')
  t.is(all.spikes, all.events, 'LIF spikes are its reset events')
  t.true(all.spikes! >= 30)
  const a = Object.values(all.gradient).flat(2) as number[]
  const c = Object.values(checkpoint.gradient).flat(2) as number[]
  t.is(a.length, 150)
  const scale = Math.max(...c.map(Math.abs))
  t.true(a.every((x, i) => Math.abs(x - c[i]!) <= 1e-12 * scale))
})

test('gradient --adjoint — an unknown method exits 2 and lists the methods', (t) => {
  const r = spikegrad(['gradient', '--config', example('lif-poly-bump'), '--adjoint', 'backprop'])
  t.is(r.code, 2)
  t.regex(r.stderr, /checkpoint.*all.*finite-differences/)
  t.false(stackFrame.test(r.stderr), r.stderr)
})

test('gradient — a row of hidden<-hidden too short exits 2 and names the entry, on one line', async (t) => {
  const path = await editedExample('qif-raised-cosine', (c) => c.weights['hidden<-hidden'][3].pop())
  const { code, stdout, stderr } = spikegrad(['gradient', '--config', path])
  t.is(code, 2)
  t.is(stdout, '')
  t.is(stderr, `spikegrad: ${path}: config.weights["hidden<-hidden"][3]: must have 10 entries, got 9\n`)
})

test('gradient — an unknown neuron exits 2, names the field and lists the plugins that are available', async (t) => {
  const path = await editedExample('qif-raised-cosine', (c) => (c.populations[0].neuron.name = 'izhikevich'))
  const { code, stderr } = spikegrad(['gradient', '--config', path])
  t.is(code, 2)
  t.regex(stderr, /config\.populations\[0\]\.neuron: no plugin named "izhikevich" is loaded \(available: lif, qif\)/)
  t.notRegex(stderr, stackFrame)
})

test('gradient — a plugin package that is not installed exits 2, names it and lists the packages that come with spikegrad', async (t) => {
  const path = await editedExample('lif-poly-bump', (c) => c.plugins.push('@spikegrad/neuron-izhikevich'))
  const { code, stderr } = spikegrad(['gradient', '--config', path])
  t.is(code, 2)
  t.regex(stderr, /config\.plugins\[4\]: cannot load package "@spikegrad\/neuron-izhikevich"/)
  t.regex(stderr, /npm install @spikegrad\/neuron-izhikevich/)
  t.regex(stderr, /come with spikegrad: @spikegrad\/neuron-qif, @spikegrad\/neuron-lif, @spikegrad\/gates, @spikegrad\/losses\n$/)
  t.notRegex(stderr, stackFrame)
})

test('gradient — several problems are all reported, one per line', async (t) => {
  const path = await editedExample('qif-raised-cosine', (c) => {
    c.populations[0].tauS = -1
    delete c.duration
  })
  const { code, stderr } = spikegrad(['gradient', '--config', path])
  t.is(code, 2)
  t.regex(stderr, /: 2 problems in the network configuration:\n {2}config\.(populations\[0\]\.tauS|duration): .*\n {2}config\.(populations\[0\]\.tauS|duration): /)
})

test('gradient — a file that is not JSON exits 2 with line and column', async (t) => {
  const dir = await mkdtemp(join(tmpdir(), 'spikegrad-gradient-'))
  const path = join(dir, 'net.json')
  await writeFile(path, '{\n  "duration": 10,\n}\n')
  const { code, stderr } = spikegrad(['gradient', '--config', path])
  t.is(code, 2)
  t.regex(stderr, /net\.json:3:1: not valid JSON/)
})

test('gradient — a configuration file that does not exist exits 1 and says so', (t) => {
  const { code, stderr } = spikegrad(['gradient', '--config', 'no/such/net.json'])
  t.is(code, 1)
  t.is(stderr, 'spikegrad: no/such/net.json: file not found. Check the path (relative paths are taken from the current directory).\n')
})

test('gradient — a solve that fails exits 1 with the solver message (where and how to fix), no stack', async (t) => {
  const path = await editedExample('qif-raised-cosine', (c) => (c.solver.maxSteps = 20))
  const { code, stdout, stderr } = spikegrad(['gradient', '--config', path])
  t.is(code, 1)
  t.is(stdout, '')
  t.regex(stderr, /^spikegrad: the solve failed: the maximum number of solver steps \(20\) was reached at t = [\d.]+\. Increase `maxSteps`/)
  t.notRegex(stderr, stackFrame)
})

test('gradient — usage errors exit 2: no --config, --per-block without --check, an unknown --memory', (t) => {
  t.regex(spikegrad(['gradient']).stderr, /required option '-c, --config <file>' not specified/)
  t.is(spikegrad(['gradient']).code, 2)
  const perBlock = spikegrad(['gradient', '--config', example('lif-poly-bump'), '--per-block', '2'])
  t.is(perBlock.code, 2)
  t.regex(perBlock.stderr, /--per-block applies only with --check/)
  t.is(spikegrad(['gradient', '--config', example('lif-poly-bump'), '--per-block', '0', '--check']).code, 2)
  t.is(spikegrad(['gradient', '--config', example('lif-poly-bump'), '--memory', 'disk']).code, 2)
})
