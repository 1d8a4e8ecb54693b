import { spawnSync } from 'node:child_process'
import { mkdtemp, readFile, readdir, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import test from 'ava'
import { packageVersion } from './packageVersion.js'
import { sampleFigureData } from './plots/figureData.test-kit.js'

const main = fileURLToPath(new URL('./main.js', import.meta.url))

/** Runs the built `spikegrad` executable as a child process. */
function spikegrad(args: string[], env: Record<string, string> = {}) {
  const result = spawnSync(process.execPath, [main, ...args], {
    encoding: 'utf8',
    env: { ...process.env, SPIKEGRAD_DEBUG: '', CI: '1', ...env },
  })
  return { code: result.status, stdout: result.stdout, stderr: result.stderr }
}

const stackFrame = /^\s+at /m

test('spikegrad — the built entry starts with a node shebang', async (t) => {
  t.is((await readFile(main, 'utf8')).split('\n')[0], '#!/usr/bin/env node')
})

test('spikegrad --help — lists train, evaluate, plot and version, exit 0', (t) => {
  const { code, stdout } = spikegrad(['--help'])
  t.is(code, 0)
  t.regex(stdout, /\n {2}train \[options\] \[task\] /)
  t.regex(stdout, /\n {2}evaluate \[options\] <model> /)
  t.regex(stdout, /plot \[options\] <model>/)
  t.regex(stdout, /\n {2}version /)
})

test('spikegrad version and --version — print the package version, exit 0', (t) => {
  const version = packageVersion()
  t.deepEqual(spikegrad(['--version']), { code: 0, stdout: `${version}\n`, stderr: '' })
  const { code, stdout } = spikegrad(['version'])
  t.is(code, 0)
  t.regex(stdout, new RegExp(`^spikegrad ${version.replace(/\./g, '\\.')}\nnode v\\d+`))
})

test('spikegrad — an unknown option exits 2 with one message and no stack trace', (t) => {
  const { code, stderr, stdout } = spikegrad(['plot', 'model.json', '--bogus'])
  t.is(code, 2)
  t.is(stdout, '')
  t.is(stderr, `spikegrad: unknown option '--bogus'\n(run "spikegrad plot --help" for usage)\n`)
  t.notRegex(stderr, stackFrame)
})

test('spikegrad — an unknown command or a missing argument exits 2', (t) => {
  t.is(spikegrad(['trian']).code, 2)
  const { code, stderr } = spikegrad(['plot'])
  t.is(code, 2)
  t.regex(stderr, /^spikegrad: missing required argument 'model'\n/)
})

test('spikegrad — no command shows the help on stderr and exits 2', (t) => {
  const { code, stderr } = spikegrad([])
  t.is(code, 2)
  t.regex(stderr, /^Usage: spikegrad/)
})

test('spikegrad plot — a missing model file exits 1 with the path and no stack trace', (t) => {
  const { code, stderr } = spikegrad(['plot', 'no/such/model.json'])
  t.is(code, 1)
  t.regex(stderr, /^spikegrad: no\/such\/model\.json: file not found\. /)
  t.notRegex(stderr, stackFrame)
})

test('spikegrad plot — a file that is neither a model file nor figure data exits 1 and says what it is not', async (t) => {
  const dir = await mkdtemp(join(tmpdir(), 'spikegrad-cli-'))
  const model = join(dir, 'model.json')
  await writeFile(model, JSON.stringify({ weights: { W: [] } }))
  const { code, stderr } = spikegrad(['plot', model])
  t.is(code, 1)
  t.regex(stderr, /^spikegrad: .*model\.json is not a spikegrad model file \(it has no "format": "spikegrad-model\/3"\); /)
  t.notRegex(stderr, stackFrame)
})

test('spikegrad plot — draws every figure of a FigureData file into --out and lists them', async (t) => {
  const dir = await mkdtemp(join(tmpdir(), 'spikegrad-cli-'))
  const input = join(dir, 'run.json')
  await writeFile(input, JSON.stringify(sampleFigureData()))
  const { code, stdout, stderr } = spikegrad(['plot', input, '--out', join(dir, 'figs')])
  t.is(stderr, '')
  t.is(code, 0)
  const files = (await readdir(join(dir, 'figs'))).sort()
  t.is(files.length, 5)
  t.deepEqual(stdout.trim().split('\n').map((line) => line.replace(`wrote ${join(dir, 'figs')}/`, '')).sort(), files)
})

test('spikegrad plot — without --out, figures go beside the input in <name>-figures', async (t) => {
  const dir = await mkdtemp(join(tmpdir(), 'spikegrad-cli-'))
  await writeFile(join(dir, 'run.json'), JSON.stringify(sampleFigureData({ before: false })))
  t.is(spikegrad(['plot', join(dir, 'run.json')]).code, 0)
  t.deepEqual((await readdir(join(dir, 'run-figures'))).sort(), [
    'history.svg',
    'sample-1-after-raster.svg',
    'sample-1-after-readout.svg',
  ])
})
