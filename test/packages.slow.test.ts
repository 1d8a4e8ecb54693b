import { spawnSync } from 'node:child_process'
import { existsSync, lstatSync, mkdtempSync, readdirSync, readFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import test from 'ava'
import { guideSteps, pluginGuide } from './support/guideSteps.js'
import { repositoryRoot } from './support/repositoryRoot.js'

const root = repositoryRoot()
const packages = ['cli', 'core', 'gates', 'losses', 'neuron-equations', 'neuron-lif', 'neuron-qif', 'nir', 'node', 'queue', 'task-autoencode', 'task-xor', 'task-yinyang']

/** This process's environment without npm's own run-script variables, so that nested npm commands read no settings of ours. */
function cleanEnv(extra: Record<string, string>): NodeJS.ProcessEnv {
  const env = Object.fromEntries(Object.entries(process.env).filter(([k]) => !k.toLowerCase().startsWith('npm_') && k !== 'INIT_CWD'))
  return { ...env, CI: '1', npm_config_update_notifier: 'false', npm_config_fund: 'false', npm_config_audit: 'false', ...extra }
}

test('packages — npm run pack writes a tarball of every package; the plugin guide, run step by step in an empty folder, installs them, scaffolds, tests and packs the adaptive LIF, installs it beside them and trains it on XOR for two iterations', (t) => {
  const started = Date.now()
  const pack = spawnSync('npm', ['run', 'pack'], { cwd: root, encoding: 'utf8', env: cleanEnv({}) })
  t.is(pack.status, 0, `${pack.stdout}${pack.stderr}`)
  const packs = join(root, 'dist-packs')
  t.deepEqual(readdirSync(packs).sort(), packages.map((p) => `spikegrad-${p}-0.1.0.tgz`))
  for (const tarball of readdirSync(packs)) {
    const listing = spawnSync('tar', ['-tzf', join(packs, tarball)], { encoding: 'utf8' }).stdout.split('\n')
    t.true(listing.includes('package/package.json') && listing.some((f) => f.startsWith('package/dist/')), tarball)
    t.deepEqual(listing.filter((f) => /\.test\.|\.test-kit\.|\.fixture\.|\/src\//.test(f)), [], `${tarball} ships no tests, test kits, fixtures or sources`)
  }

  const work = mkdtempSync(join(tmpdir(), 'spikegrad-pack-'))
  const script = ['set -euo pipefail', ...guideSteps(pluginGuide())].join('\n')
  const run = spawnSync('bash', ['-c', script], { cwd: work, encoding: 'utf8', env: cleanEnv({ SPIKEGRAD_PACKS: packs }), maxBuffer: 64 * 1024 * 1024 })
  const out = `${run.stdout}${run.stderr}`
  t.log(`packed and ran the guide in ${((Date.now() - started) / 1000).toFixed(0)} s`)
  t.is(run.status, 0, out)

  // the scaffold's stub passed, then the guide's four tests
  t.regex(out, /2 tests passed[\s\S]*4 tests passed/)
  const plugin = join(work, 'alif-author', 'spikegrad-neuron-alif')
  t.true(existsSync(join(plugin, 'spikegrad-neuron-alif-0.1.0.tgz')))
  t.false(existsSync(join(plugin, 'package-lock.json')) || existsSync(join(plugin, 'node_modules', '@spikegrad')), 'the scaffold needs no install of its own beside the installed spikegrad')

  // the user's project: one core, from its tarball, shared by the plugin
  const project = join(work, 'xor-alif')
  t.true(lstatSync(join(project, 'node_modules', '@spikegrad', 'core')).isDirectory())
  t.false(existsSync(join(project, 'node_modules', 'spikegrad-neuron-alif', 'node_modules')), 'the plugin brings no copy of core or inversify')
  const manifest = JSON.parse(readFileSync(join(project, 'node_modules', 'spikegrad-neuron-alif', 'package.json'), 'utf8')) as { files: string[] }
  t.deepEqual(manifest.files, ['dist', '!dist/**/*.test.*'])
  t.false(existsSync(join(project, 'node_modules', 'spikegrad-neuron-alif', 'dist', 'alifNeuron.test.js')))

  // the model trained with the plugin's neuron
  const model = readFileSync(join(project, 'runs', 'xor', 'model.json'), 'utf8')
  t.true(model.includes('"spikegrad-neuron-alif"'), 'the model file records the plugin package')
  t.regex(model, /"neuron":\s*\{\s*"name":\s*"alif"/)
  t.regex(out, /runs\/xor\/model\.json/)
})
