import test from 'ava'
import { spawnSync } from 'node:child_process'
import { join } from 'node:path'
import { repositoryRoot } from './support/repositoryRoot.js'

// Slow (npm run test:slow): the example whose neuron is written in the configuration itself
// (examples/adex-equations.json), checked entry by entry from the command line (about 35 s of CPU).

const main = join(repositoryRoot(), 'packages', 'cli', 'dist', 'main.js')

test('npx spikegrad gradient --config examples/adex-equations.json --check — five AdEx neurons written as equations in the configuration spike, and every entry of every block, a and b included, agrees with finite differences', (t) => {
  const run = (args: readonly string[]) => spawnSync(process.execPath, [main, ...args], { cwd: repositoryRoot(), encoding: 'utf8', timeout: 600_000 })
  const plain = run(['gradient', '--config', 'examples/adex-equations.json'])
  t.is(plain.status, 0, plain.stderr)
  const spikes = (JSON.parse(plain.stdout) as { spikes: number }).spikes
  t.true(spikes >= 10, `${spikes} spikes`)
  const checked = run(['gradient', '--config', 'examples/adex-equations.json', '--check'])
  t.is(checked.status, 0, checked.stderr)
  t.log(checked.stderr.trim())
  t.regex(checked.stderr, /gradient: check passed/)
  const report = JSON.parse(checked.stdout) as { ok: boolean; blocks: Record<string, { checked: number; maxRelativeError: number; unresolved: number[] }> }
  t.true(report.ok)
  t.deepEqual(Object.keys(report.blocks), ['hidden<-input', 'hidden<-hidden', 'bias:hidden', 'readout<-hidden', 'a:hidden', 'b:hidden'])
  t.deepEqual(Object.fromEntries(Object.entries(report.blocks).map(([name, b]) => [name, b.checked])), { 'hidden<-input': 10, 'hidden<-hidden': 25, 'bias:hidden': 5, 'readout<-hidden': 10, 'a:hidden': 1, 'b:hidden': 1 })
  for (const [name, b] of Object.entries(report.blocks)) t.deepEqual(b.unresolved, [], name)
})
