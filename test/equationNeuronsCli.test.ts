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

test('hostile equations in a configuration are refused as text with their column: no stack trace, and nothing in them runs', (t) => {
  const dir = mkdtempSync(join(tmpdir(), 'spikegrad-equations-'))
  const config = JSON.parse(readFileSync(join(repositoryRoot(), 'examples', 'lif-poly-bump.json'), 'utf8'))
  config.plugins = ['@spikegrad/neuron-equations', '@spikegrad/gates', '@spikegrad/losses']
  const marker = join(dir, 'ran')
  const hostile: readonly (readonly [string, RegExp])[] = [
    [`dv/dt = require('fs').writeFileSync(${JSON.stringify(marker)}, '')`, /equations\[0\], column 17: unexpected character "'"/],
    ['dv/dt = constructor.constructor("return process")().exit(0)', /column 20: unexpected character "\."/],
    ['dv/dt = constructor', /column 9: unknown name "constructor"/],
    ['dv/dt = __proto__', /unknown name "__proto__"/],
    ['dv/dt = process.exit()', /column 16: unexpected character "\."/],
    ['dconstructor/dt = 1', /"constructor" is refused as a name/],
  ]
  for (const [equation, expected] of hostile) {
    config.populations[0].neuron = { name: 'equations', options: { ...JSON.parse(JSON.stringify(lifEquations)), equations: [equation] } }
    writeFileSync(join(dir, 'net.json'), JSON.stringify(config))
    const { code, stdout, stderr } = spikegrad(['gradient', '--config', 'net.json'], dir)
    t.is(code, 2, `${equation}: ${stderr}`)
    t.is(stdout, '')
    t.regex(stderr, /config\.populations\[0\]\.neuron: options\.equations\[0\]/, equation)
    t.regex(stderr, expected, equation)
    t.notRegex(stderr, /\n\s+at /, `${equation}: a stack trace`)
  }
  t.false(existsSync(marker))
})
