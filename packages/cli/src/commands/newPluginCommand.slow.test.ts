import { spawnSync } from 'node:child_process'
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, symlinkSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import test from 'ava'
import { repositoryRoot, spikegrad, stackFrame } from '../spawnCli.test-kit.js'

/**
 * A folder whose node_modules is this checkout's, so that a scaffold written in it builds and
 * tests against this spikegrad (as one written beside an installed spikegrad does).
 */
function project(): string {
  const dir = mkdtempSync(join(tmpdir(), 'spikegrad-new-plugin-'))
  symlinkSync(join(repositoryRoot, 'node_modules'), join(dir, 'node_modules'), 'dir')
  return dir
}

function npm(args: readonly string[], cwd: string) {
  const r = spawnSync('npm', args, { cwd, encoding: 'utf8', env: { ...process.env, CI: '1', npm_config_update_notifier: 'false' } })
  return { code: r.status, out: `${r.stdout}${r.stderr}` }
}

const coreVersion = (JSON.parse(readFileSync(join(repositoryRoot, 'packages', 'core', 'package.json'), 'utf8')) as { version: string }).version

for (const kind of ['neuron', 'gate', 'loss', 'task'] as const) {
  test.serial(`new-plugin ${kind} — writes a package whose npm test builds it and passes checkPlugin on its module, out of the box`, (t) => {
    const dir = project()
    const { code, stdout, stderr } = spikegrad(['new-plugin', kind, 'my-thing', '--dir', join(dir, 'plugin')])
    t.is(code, 0, stderr)
    t.is(stdout, `${join(dir, 'plugin')}\n`)
    const Kind = kind.charAt(0).toUpperCase() + kind.slice(1)
    const factory = `myThing${Kind}`
    t.deepEqual(readdirSync(join(dir, 'plugin', 'src')).sort(), ['index.ts', `${factory}.test.ts`, `${factory}.ts`, `${factory}Module.ts`])
    t.deepEqual(readdirSync(join(dir, 'plugin')).sort(), ['.gitignore', 'README.md', 'package.json', 'src', 'tsconfig.json'])
    const pkg = JSON.parse(readFileSync(join(dir, 'plugin', 'package.json'), 'utf8')) as Record<string, any>
    t.is(pkg.name, `spikegrad-${kind}-my-thing`)
    t.deepEqual(pkg.peerDependencies, { '@spikegrad/core': `^${coreVersion}`, inversify: '^8.2.3' })
    t.is(pkg.devDependencies['@spikegrad/core'], `^${coreVersion}`)
    t.is(pkg.dependencies, undefined, 'a plugin brings no copy of core or inversify of its own')
    const run = npm(['test'], join(dir, 'plugin'))
    t.is(run.code, 0, run.out)
    t.regex(run.out, new RegExp(`MyThing${Kind}Module — binds the ${kind} "my-thing"`))
    t.regex(run.out, /2 tests passed/)
  })
}

test.serial('new-plugin neuron — the scaffold\'s test fails, naming vjp, when its ∂f/∂I is wrong', (t) => {
  const dir = project()
  t.is(spikegrad(['new-plugin', 'neuron', 'wrong', '--dir', join(dir, 'plugin')]).code, 0)
  const source = join(dir, 'plugin', 'src', 'wrongNeuron.ts')
  const text = readFileSync(source, 'utf8')
  const planted = text.replace('outI[j] = rate * lam[V * N + j]!', 'outI[j] = 1.001 * rate * lam[V * N + j]!')
  t.not(planted, text)
  writeFileSync(source, planted)
  const run = npm(['test'], join(dir, 'plugin'))
  t.is(run.code, 1, run.out)
  t.regex(run.out, /vjp/)
  t.regex(run.out, /1 test failed/)
})

const equationsVersion = (JSON.parse(readFileSync(join(repositoryRoot, 'plugins', 'neuron-equations', 'package.json'), 'utf8')) as { version: string }).version

test.serial('new-plugin neuron --equations — writes a neuron written as its equations, whose npm test builds it and passes checkPlugin on every derived derivative', (t) => {
  const dir = project()
  const { code, stdout, stderr } = spikegrad(['new-plugin', 'neuron', 'my-alif', '--equations', '--dir', join(dir, 'plugin')])
  t.is(code, 0, stderr)
  t.is(stdout, `${join(dir, 'plugin')}\n`)
  t.regex(stderr, /wrote the neuron plugin "my-alif" written as equations/)
  t.deepEqual(readdirSync(join(dir, 'plugin', 'src')).sort(), ['index.ts', 'myAlifNeuron.test.ts', 'myAlifNeuron.ts'])
  const source = readFileSync(join(dir, 'plugin', 'src', 'myAlifNeuron.ts'), 'utf8')
  t.regex(source, /export const \{ factory: myAlifNeuron, module: MyAlifNeuronModule \} = equationPlugin\('my-alif', myAlifDefinition\)/)
  t.notRegex(source, /vjp|Float64Array/, 'no derivative is written by hand')
  const pkg = JSON.parse(readFileSync(join(dir, 'plugin', 'package.json'), 'utf8')) as Record<string, any>
  t.deepEqual(pkg.dependencies, { '@spikegrad/neuron-equations': `^${equationsVersion}` })
  t.deepEqual(pkg.peerDependencies, { '@spikegrad/core': `^${coreVersion}`, inversify: '^8.2.3' })
  const run = npm(['test'], join(dir, 'plugin'))
  t.is(run.code, 0, run.out)
  t.regex(run.out, /MyAlifNeuronModule — binds the neuron "my-alif", whose derived derivatives pass every check/)
  t.regex(run.out, /2 tests passed/)
})

test.serial('new-plugin neuron --equations — the scaffold\'s test fails, naming the equation and the column, when an equation reads an undeclared name', (t) => {
  const dir = project()
  t.is(spikegrad(['new-plugin', 'neuron', 'wrong', '--equations', '--dir', join(dir, 'plugin')]).code, 0)
  const source = join(dir, 'plugin', 'src', 'wrongNeuron.ts')
  const text = readFileSync(source, 'utf8')
  const planted = text.replace("'dv/dt = (-v - w + I) / tau_m'", "'dv/dt = (-v - w + I) / tau_n'")
  t.not(planted, text)
  writeFileSync(source, planted)
  const run = npm(['test'], join(dir, 'plugin'))
  t.is(run.code, 1, run.out)
  t.regex(run.out, /equations\[0\], column 24: unknown name "tau_n"; did you mean "tau_m"\?/)
})

test('new-plugin — refuses a folder that exists and is not empty, and leaves it alone; an empty one is filled', (t) => {
  const dir = mkdtempSync(join(tmpdir(), 'spikegrad-new-plugin-'))
  writeFileSync(join(dir, 'notes.txt'), 'mine')
  const { code, stdout, stderr } = spikegrad(['new-plugin', 'neuron', 'alif', '--dir', dir])
  t.is(code, 1)
  t.is(stdout, '')
  t.is(stderr, `spikegrad: new-plugin: ${dir} exists and is not empty (notes.txt): choose another folder (--dir) or empty it\n`)
  t.deepEqual(readdirSync(dir), ['notes.txt'])
  const empty = join(dir, 'empty')
  mkdirSync(empty)
  t.is(spikegrad(['new-plugin', 'gate', 'tent', '--dir', empty]).code, 0)
  t.true(readdirSync(empty).includes('package.json'))
  t.deepEqual(readdirSync(dir).filter((f) => f.endsWith('.tmp')), [], 'no temporary folder is left')
})

test('new-plugin — the default folder and package are spikegrad-<kind>-<name> in the working directory; --package names a scoped one', (t) => {
  const dir = mkdtempSync(join(tmpdir(), 'spikegrad-new-plugin-'))
  const r = spawnSync(process.execPath, [join(repositoryRoot, 'packages', 'cli', 'bin', 'spikegrad.js'), 'new-plugin', 'loss', 'hinge'], { cwd: dir, encoding: 'utf8' })
  t.is(r.status, 0, r.stderr)
  t.deepEqual(readdirSync(dir), ['spikegrad-loss-hinge'])
  t.is(spikegrad(['new-plugin', 'neuron', 'alif', '--package', '@me/neuron-alif', '--dir', join(dir, 'scoped')]).code, 0)
  t.is((JSON.parse(readFileSync(join(dir, 'scoped', 'package.json'), 'utf8')) as { name: string }).name, '@me/neuron-alif')
})

for (const [args, message] of [
  [['neuron', 'ALif'], '"ALif" is not a valid plugin name: use lowercase letters and digits, words joined by single hyphens, starting with a letter (e.g. alif or adaptive-lif)'],
  [['neuron', '2lif'], '"2lif" is not a valid plugin name'],
  [['gate', 'tent--wide'], '"tent--wide" is not a valid plugin name'],
  [['neuron', 'alif', '--package', 'Spikegrad Alif'], '"Spikegrad Alif" is not a valid npm package name'],
  [['synapse', 'x'], 'value \'synapse\' is invalid for argument \'kind\'. Allowed choices are neuron, gate, loss, task.'],
  [['gate', 'tent', '--equations'], 'new-plugin: --equations writes a neuron, not a gate (e.g. spikegrad new-plugin neuron tent --equations)'],
] as const) {
  test(`new-plugin ${args.join(' ')} — exits 2: ${message}`, (t) => {
    const dir = mkdtempSync(join(tmpdir(), 'spikegrad-new-plugin-'))
    const { code, stderr } = spikegrad(['new-plugin', ...args, '--dir', join(dir, 'plugin')])
    t.is(code, 2)
    t.true(stderr.includes(message), stderr)
    t.notRegex(stderr, stackFrame)
    t.deepEqual(readdirSync(dir), [], 'nothing is written')
  })
}
