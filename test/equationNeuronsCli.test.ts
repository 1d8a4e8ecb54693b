import test from 'ava'
import { spawnSync } from 'node:child_process'
import { existsSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { lifEquations } from '@spikegrad/neuron-equations'
import { repositoryRoot } from './support/repositoryRoot.js'

const main = join(repositoryRoot(), 'packages', 'cli', 'dist', 'main.js')
const spikegrad = (args: readonly string[], cwd: string) => {
  const r = spawnSync(process.execPath, [main, ...args], { cwd, encoding: 'utf8', timeout: 120_000 })
  return { code: r.status, stdout: r.stdout, stderr: r.stderr }
}

test('spikegrad gradient --config examples/izhikevich-equations.json — a configuration whose neuron is written as equations runs from the command line', (t) => {
  const { code, stdout, stderr } = spikegrad(['gradient', '--config', join(repositoryRoot(), 'examples', 'izhikevich-equations.json')], tmpdir())
  t.is(code, 0, stderr)
  const out = JSON.parse(stdout) as { loss: number; events: number; gradient: Record<string, unknown> }
  t.true(out.events >= 16, `${out.events} events`)
  t.true(Number.isFinite(out.loss))
  t.deepEqual(Object.keys(out.gradient).filter((k) => k.endsWith(':hidden')).sort(), ['a:hidden', 'b:hidden', 'bias:hidden', 'c:hidden', 'd:hidden'])
})

test('spikegrad train --neuron equations --neuron-options <file> — trains, and the model file records the equations for evaluate', (t) => {
  const dir = mkdtempSync(join(tmpdir(), 'spikegrad-equations-'))
  writeFileSync(join(dir, 'lif.json'), JSON.stringify(lifEquations))
  const run = spikegrad(
    ['train', 'xor', '--neuron', 'equations', '--neuron-options', 'lif.json', '--plugin', '@spikegrad/neuron-equations', '--gate-width', '0.2', '--neurons', '6', '--batch', '1', '--iterations', '1', '--workers', '1', '--no-plot', '--evaluate-every', '0', '--out', 'model.json'],
    dir,
  )
  t.is(run.code, 0, run.stderr)
  const model = JSON.parse(readFileSync(join(dir, 'model.json'), 'utf8')) as { spec: { plugins: string[]; network: { populations: { neuron: unknown }[] } } }
  t.deepEqual(model.spec.network.populations[0]!.neuron, { name: 'equations', options: JSON.parse(JSON.stringify(lifEquations)) })
  t.true(model.spec.plugins.includes('@spikegrad/neuron-equations'))
  const evaluated = spikegrad(['evaluate', 'model.json', '--trials', '1'], dir)
  t.is(evaluated.code, 0, evaluated.stderr)
  t.regex(evaluated.stdout, /mean loss/)
})

test('hostile equations in a configuration are refused as text with their column: no stack trace, and nothing in them runs — in the shorthand and in the plugin form', (t) => {
  const dir = mkdtempSync(join(tmpdir(), 'spikegrad-equations-'))
  const config = JSON.parse(readFileSync(join(repositoryRoot(), 'examples', 'lif-poly-bump.json'), 'utf8'))
  config.plugins = ['@spikegrad/neuron-equations', '@spikegrad/gates', '@spikegrad/losses']
  const marker = join(dir, 'ran')
  const hostile: readonly (readonly [string, RegExp])[] = [
    [`dv/dt = require('fs').writeFileSync(${JSON.stringify(marker)}, '')`, /equations\[0\]: unexpected character "'" at column 17/],
    ['dv/dt = constructor.constructor("return process")().exit(0)', /unexpected character "\." at column 20/],
    ['dv/dt = constructor', /unknown name "constructor" at column 9/],
    ['dv/dt = __proto__', /unknown name "__proto__"/],
    ['dv/dt = process.exit()', /unexpected character "\." at column 16/],
    ['dconstructor/dt = 1', /"constructor" is refused as a name at column 2/],
  ]
  // every string in the shorthand, two in the plugin form (one process each)
  for (const [form, at, strings] of [
    ['shorthand', /config\.populations\[0\]\.neuron\.equations\[0\]: /, hostile],
    ['plugin', /config\.populations\[0\]\.neuron\.options\.equations\[0\]: /, hostile.slice(0, 2)],
  ] as const) {
    for (const [equation, expected] of strings) {
      const definition = { ...JSON.parse(JSON.stringify(lifEquations)), equations: [equation] }
      config.populations[0].neuron = form === 'shorthand' ? definition : { name: 'equations', options: definition }
      writeFileSync(join(dir, 'net.json'), JSON.stringify(config))
      const { code, stdout, stderr } = spikegrad(['gradient', '--config', 'net.json'], dir)
      t.is(code, 2, `${form} ${equation}: ${stderr}`)
      t.is(stdout, '')
      t.regex(stderr, at, `${form} ${equation}`)
      t.regex(stderr, expected, `${form} ${equation}`)
      t.notRegex(stderr, /\n\s+at /, `${form} ${equation}: a stack trace`)
    }
  }
  t.false(existsSync(marker))
})

test('an equation of 1 MB and one nested 10 000 deep in a configuration are refused at their field by their length, in one line: exit 2, no stack trace, the string not echoed', (t) => {
  const dir = mkdtempSync(join(tmpdir(), 'spikegrad-equations-'))
  const config = JSON.parse(readFileSync(join(repositoryRoot(), 'examples', 'lif-poly-bump.json'), 'utf8'))
  config.plugins = ['@spikegrad/neuron-equations', '@spikegrad/gates', '@spikegrad/losses']
  const huge = `dv/dt = ${'v + '.repeat(250_000)}v`
  const deep = `dv/dt = ${'('.repeat(10_000)}v${')'.repeat(10_000)}`
  t.true(huge.length > 1_000_000 && deep.length > 20_000)
  for (const [field, equations, threshold] of [
    ['equations[0]', [huge], 'v > v_th'],
    ['equations[0]', [deep], 'v > v_th'],
    ['threshold', ['dv/dt = (I - v) / tau_m'], `${'('.repeat(10_000)}v${')'.repeat(10_000)} > v_th`],
  ] as const) {
    config.populations[0].neuron = { ...JSON.parse(JSON.stringify(lifEquations)), equations, threshold }
    writeFileSync(join(dir, 'net.json'), JSON.stringify(config))
    const { code, stdout, stderr } = spikegrad(['gradient', '--config', 'net.json'], dir)
    t.is(code, 2, stderr.slice(0, 300))
    t.is(stdout, '')
    t.regex(stderr, new RegExp(`^spikegrad: net\\.json: config\\.populations\\[0\\]\\.neuron\\.${field.replace(/[[\]]/g, '\\$&')}: is \\d+ characters long; at most 2000 are read`), stderr.slice(0, 300))
    t.is(stderr.split('\n').filter((line) => line !== '').length, 1, stderr.slice(0, 300))
    t.true(stderr.length < 500, `the message is ${stderr.length} characters long`)
  }
})

test('spikegrad gradient --config <file> — a bad equation in the shorthand is one line naming the population, the field, the column and the fix; exit 2, no stack trace', (t) => {
  const dir = mkdtempSync(join(tmpdir(), 'spikegrad-equations-'))
  const config = JSON.parse(readFileSync(join(repositoryRoot(), 'examples', 'feedforward-lif.json'), 'utf8'))
  config.populations[1].neuron = { equations: ['dv/dt = (I - vth) / tau_m'], threshold: 'v > v_th', reset: ['v = v_reset'], parameters: { tau_m: 10, v_th: 1, v_reset: 0 } }
  writeFileSync(join(dir, 'net.json'), JSON.stringify(config))
  const { code, stdout, stderr } = spikegrad(['gradient', '--config', 'net.json'], dir)
  t.is(code, 2)
  t.is(stdout, '')
  t.is(stderr, 'spikegrad: net.json: config.populations[1].neuron.equations[0]: unknown name "vth" at column 14; did you mean "v_th"? the names declared here are v, tau_m, v_th, v_reset, pi, I\n')
  // the same network written right runs, though its "plugins" do not name the package of equation neurons
  config.populations[1].neuron.equations = ['dv/dt = (I - v) / tau_m']
  t.false(config.plugins.includes('@spikegrad/neuron-equations'))
  writeFileSync(join(dir, 'net.json'), JSON.stringify(config))
  const fixed = spikegrad(['gradient', '--config', 'net.json'], dir)
  t.is(fixed.code, 0, fixed.stderr)
  t.true(Number.isFinite((JSON.parse(fixed.stdout) as { loss: number }).loss))
})
