import test from 'ava'
import { getOrThrow, networkGradient, type ComposedNetwork } from '@spikegrad/core'
import { loadNetworkConfig } from '@spikegrad/node'
import { isRight } from 'fp-ts/lib/Either.js'
import { spawnSync } from 'node:child_process'
import { mkdtempSync, readFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { repositoryRoot } from './support/repositoryRoot.js'

// Every entry of the check network, and each loss that reads populations in it, against finite
// differences: ttfsLif.slow.test.ts.

const file = join(repositoryRoot(), 'examples', 'ttfs-lif.json')
async function ttfs(): Promise<ComposedNetwork> {
  const r = await loadNetworkConfig(file)
  if (!isRight(r)) throw new Error(r.left.message)
  return r.right
}

test('examples/ttfs-lif.json — the hidden layer fires, two output neurons fire and the third stays silent (its first time is the stand-in)', async (t) => {
  const c = await ttfs()
  const g = getOrThrow(networkGradient(c.network, c.initialValue.theta, c.trial, c.solve))
  const resets = (p: string) => g.events.filter((e) => e.family === `reset:${p}`)
  t.true(resets('hidden').length >= 8, `${resets('hidden').length} hidden resets`)
  t.deepEqual([...new Set(resets('output').map((e) => e.index))].sort(), [0, 1])
  t.is(c.network.losses[0]!.kind, 'first-spike-cross-entropy')
  // the silent label-less neuron 2 still has a gradient, through its voltage at T
  const bias = c.network.layout.blocks.find((b) => b.name === 'bias:output')!
  t.not(g.gradient[bias.offset + 2], 0)
})

test('spikegrad gradient --config examples/ttfs-lif.json --check --per-block 2 — agrees with finite differences to 1e-5 in every block', (t) => {
  const main = join(repositoryRoot(), 'packages', 'cli', 'dist', 'main.js')
  const r = spawnSync(process.execPath, [main, 'gradient', '--config', file, '--check', '--per-block', '2'], { cwd: tmpdir(), encoding: 'utf8', timeout: 300_000 })
  t.is(r.status, 0, r.stderr)
  const out = JSON.parse(r.stdout) as { ok: boolean; blocks: Record<string, { maxRelativeError: number; checked: number }> }
  t.true(out.ok)
  t.deepEqual(Object.keys(out.blocks), ['hidden<-input', 'output<-hidden', 'bias:hidden', 'bias:output'])
  for (const [name, b] of Object.entries(out.blocks)) t.true(b.maxRelativeError <= 1e-5 && b.checked === 2, `${name}: ${b.maxRelativeError} over ${b.checked}`)
  t.regex(r.stderr, /check passed/)
})

test('examples/ttfs-lif.json — with structure blocks the gradient falls back to the monolithic solve (a loss that reads reset times), bit for bit', async (t) => {
  const c = await ttfs()
  const a = getOrThrow(networkGradient(c.network, c.initialValue.theta, c.trial, { ...c.solve, structure: 'blocks' }))
  const b = getOrThrow(networkGradient(c.network, c.initialValue.theta, c.trial, { ...c.solve, structure: 'monolithic' }))
  t.is(a.loss, b.loss)
  t.deepEqual(a.gradient, b.gradient)
})

test('spikegrad train --model-spec examples/yinyang-first-spike.spec.json — EventProp\'s architecture (5 → 60 LIF → 3 LIF) trains on Yin-Yang with the first-spike loss, and the model file keeps the loss and its options', (t) => {
  const dir = mkdtempSync(join(tmpdir(), 'spikegrad-ttfs-'))
  const main = join(repositoryRoot(), 'packages', 'cli', 'dist', 'main.js')
  const spec = join(repositoryRoot(), 'examples', 'yinyang-first-spike.spec.json')
  const r = spawnSync(process.execPath, [main, 'train', '--model-spec', spec, '--iterations', '2', '--batch', '4', '--workers', '1', '--no-plot', '--evaluate-every', '0', '--out', 'model.json'], { cwd: dir, encoding: 'utf8', timeout: 300_000 })
  t.is(r.status, 0, r.stderr)
  const model = JSON.parse(readFileSync(join(dir, 'model.json'), 'utf8')) as { spec: { network: { losses: unknown[] }; taskLosses: boolean }; history: { iterations: { loss: number; gradientNorm: number }[] } }
  t.deepEqual(model.spec.network.losses, [{ name: 'first-spike-cross-entropy', params: { tau0: 2, tau1: 20, alpha: 0.003 }, options: { population: 'output' } }])
  t.false(model.spec.taskLosses)
  t.is(model.history.iterations.length, 2)
  for (const it of model.history.iterations) t.true(Number.isFinite(it.loss) && it.loss > 0 && it.gradientNorm > 0, JSON.stringify(it))
})
