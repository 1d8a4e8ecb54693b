import test from 'ava'
import { mkdirSync, mkdtempSync, realpathSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { delimiter, join } from 'node:path'
import { fileURLToPath, pathToFileURL } from 'node:url'
import { Container } from 'inversify'
import { allowedPluginFiles } from './allowedPluginFiles.js'
import { classifyPluginEntry } from './pluginEntry.js'
import { loadPluginPackages } from './loadPluginPackages.js'

// A folder outside the repository (no node_modules above it), used as the configuration's
// folder and as the working directory, so that only what a test installs there is found.
const root = mkdtempSync(join(tmpdir(), 'spikegrad-plugins-'))
const lifEntry = pathToFileURL(fileURLToPath(new URL('../../../../plugins/neuron-lif/dist/index.js', import.meta.url))).href
// each test counts the runs of its own files (tests of one file run concurrently)
const ran = (key: string): number => (globalThis as { spikegradRan?: Record<string, number> }).spikegradRan?.[key] ?? 0
const payload = (key: string): string => `globalThis.spikegradRan ??= {}; globalThis.spikegradRan.${key} = (globalThis.spikegradRan.${key} ?? 0) + 1\n`

function folder(name: string): string {
  const dir = join(root, name)
  mkdirSync(dir, { recursive: true })
  return dir
}

/** A package `name` in `dir/node_modules` that runs `payload` and re-exports the LIF plugin. */
function installPackage(key: string, dir: string, name: string, manifest: Record<string, unknown> = { main: 'index.mjs' }, file = 'index.mjs'): void {
  const at = join(dir, 'node_modules', name)
  mkdirSync(at, { recursive: true })
  writeFileSync(join(at, 'package.json'), JSON.stringify({ name, version: '1.0.0', ...manifest }))
  writeFileSync(join(at, file), `${payload(key)}export * from '${lifEntry}'\n`)
}

const load = async (packages: string[], baseDir: string, cwd = root, allowFiles?: string[]): Promise<string[]> =>
  loadPluginPackages(new Container(), packages, baseDir, { cwd, allowFiles: allowFiles ?? [] })

test('plugins — a path to a file is refused, its code does not run, and the message says how to allow it', async (t) => {
  const dir = folder('path')
  writeFileSync(join(dir, 'evil.mjs'), payload('path'))
  for (const entry of [join(dir, 'evil.mjs'), './evil.mjs', '../path/evil.mjs']) {
    const [error] = await load([entry], dir)
    t.true(error.startsWith(`plugins[0]: ${JSON.stringify(entry)} is a file path; plugins are loaded only by package name`), error)
    t.true(error.includes(`SPIKEGRAD_ALLOW_PLUGIN_FILES=${join(dir, 'evil.mjs')}`), error)
  }
  t.is(ran('path'), 0)
})

test('plugins — a file the user allows loads, taken from the configuration folder', async (t) => {
  const dir = folder('allowed')
  writeFileSync(join(dir, 'mine.mjs'), `${payload('allowed')}export * from '${lifEntry}'\n`)
  t.deepEqual(await load(['./mine.mjs'], dir, root, [join(dir, 'mine.mjs')]), [])
  t.is(ran('allowed'), 1)
})

test('plugins — URLs, built-ins, files inside packages and invalid names are refused, and nothing runs', async (t) => {
  const dataUrl = `data:text/javascript,${encodeURIComponent(payload('names'))}`
  const errors = await load([dataUrl, 'node:fs', 'fs', 'file:///etc/passwd', 'https://example.com/x.mjs', 'fp-ts/lib/Either.js', 'Not A Name', '', 'x'.repeat(215)], folder('names'))
  t.is(errors.length, 9)
  t.regex(errors[0], /^plugins\[0\]: "data:text\/javascript,.{20,}\.\.\." is a URL; plugins are loaded only by package name/)
  t.regex(errors[1], /^plugins\[1\]: "node:fs" is a URL/)
  t.regex(errors[2], /^plugins\[2\]: "fs" is a Node built-in module, not a plugin package/)
  t.regex(errors[3], /^plugins\[3\]: "file:\/\/\/etc\/passwd" is a URL/)
  t.regex(errors[4], /^plugins\[4\]: "https:.*" is a URL/)
  t.regex(errors[5], /^plugins\[5\]: "fp-ts\/lib\/Either.js" names a file inside a package; name the package itself \("fp-ts"\)/)
  for (const e of errors.slice(6)) t.regex(e, /is not a valid npm package name/)
  t.is(ran('names'), 0)
})

test("plugins — spikegrad's own dependencies are not plugins: \"fp-ts\" does not load from a folder without it", async (t) => {
  const dir = folder('own-deps')
  const [error] = await load(['fp-ts', 'inversify'], dir, dir)
  t.regex(error, /^plugins\[0\]: cannot load package "fp-ts": it is not installed in .*own-deps .*npm install fp-ts/)
})

test('plugins — a package is found in the configuration folder first, then the working directory, also above them', async (t) => {
  const project = folder('project')
  installPackage('project', project, 'my-plugin')
  const nested = folder('project/configs/deep')
  t.deepEqual(await load(['my-plugin'], nested, folder('elsewhere')), [])
  t.deepEqual(await load(['my-plugin'], folder('elsewhere'), nested), [])
  t.is(ran('project'), 1, 'both found the one installed copy')
})

test('plugins — a package that exports "." only for import loads (exports conditions import, node, default)', async (t) => {
  const dir = folder('esm-only')
  installPackage('esm', dir, '@me/esm-only', { exports: { '.': { types: './x.d.ts', import: './esm.mjs', require: './cjs.cjs' } } }, 'esm.mjs')
  t.deepEqual(await load(['@me/esm-only'], dir), [])
})

test('plugins — the plugins that come with spikegrad load from any folder', async (t) => {
  const dir = folder('empty')
  t.deepEqual(await load(['@spikegrad/neuron-lif', '@spikegrad/gates', '@spikegrad/losses', '@spikegrad/task-xor'], dir, dir), [])
  const [error] = await load(['@spikegrad/core'], dir, dir)
  t.regex(error, /exports no inversify ContainerModule/)
})

test('classifyPluginEntry — package names, scoped or not, are packages', (t) => {
  for (const name of ['@spikegrad/neuron-lif', 'my-plugin', 'a.b_c~d']) t.deepEqual(classifyPluginEntry(name), { _tag: 'Package', name })
})

test('allowedPluginFiles — the files listed in SPIKEGRAD_ALLOW_PLUGIN_FILES, as real paths; missing ones are dropped', (t) => {
  const dir = folder('env')
  writeFileSync(join(dir, 'a.mjs'), '')
  t.deepEqual(allowedPluginFiles({ SPIKEGRAD_ALLOW_PLUGIN_FILES: `${join(dir, 'a.mjs')}${delimiter}${join(dir, 'absent.mjs')}` }), [realpathSync(join(dir, 'a.mjs'))])
  t.deepEqual(allowedPluginFiles({}), [])
})
