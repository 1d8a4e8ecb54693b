import test from 'ava'

// Slow (npm run test:slow): the check network of time to first spike against finite differences
// in every entry (the command line's --check), and each loss that reads populations — voltages,
// reset times, spike trains — in that network with resets, 2 entries per block.
import {
  adjointGradient,
  compareWithFiniteDifferences,
  finiteDifferenceEstimate,
  getOrThrow,
  networkProblem,
  trialInitialState,
  type ComposedNetwork,
  type Loss,
  type Network,
  type Trial,
} from '@spikegrad/core'
import { firstSpikeCrossEntropyLoss, spikeCountLoss, vanRossumLoss, voltageMseLoss } from '@spikegrad/losses'
import { loadNetworkConfig } from '@spikegrad/node'
import { isRight } from 'fp-ts/lib/Either.js'
import { execFile } from 'node:child_process'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { repositoryRoot } from './support/repositoryRoot.js'

const file = join(repositoryRoot(), 'examples', 'ttfs-lif.json')
async function ttfs(): Promise<ComposedNetwork> {
  const r = await loadNetworkConfig(file)
  if (!isRight(r)) throw new Error(r.left.message)
  return r.right
}

// (the command runs in a process of its own while the tests below compute in this one)
test('spikegrad gradient --config examples/ttfs-lif.json --check — every entry agrees with finite differences to 1e-5 of its block', async (t) => {
  const main = join(repositoryRoot(), 'packages', 'cli', 'dist', 'main.js')
  const r = await new Promise<{ status: number | null; stdout: string; stderr: string }>((resolve) => {
    execFile(process.execPath, [main, 'gradient', '--config', file, '--check'], { cwd: tmpdir(), encoding: 'utf8', timeout: 900_000, maxBuffer: 64 * 1024 * 1024 }, (error, stdout, stderr) =>
      resolve({ status: error === null ? 0 : typeof error.code === 'number' ? error.code : null, stdout, stderr }),
    )
  })
  t.is(r.status, 0, r.stderr)
  const out = JSON.parse(r.stdout) as { ok: boolean; blocks: Record<string, { maxRelativeError: number; checked: number; unresolved: number[] }> }
  t.true(out.ok)
  t.deepEqual(Object.fromEntries(Object.entries(out.blocks).map(([k, b]) => [k, b.checked])), { 'hidden<-input': 40, 'output<-hidden': 24, 'bias:hidden': 8, 'bias:output': 3 })
  for (const [name, b] of Object.entries(out.blocks)) {
    t.log(`${name}: ${b.maxRelativeError.toExponential(2)}`)
    t.true(b.maxRelativeError <= 1e-5, `${name}: ${b.maxRelativeError}`)
    t.deepEqual(b.unresolved, [], name)
  }
})

/** The network of ttfs-lif.json with other loss terms: adjoint against finite differences at 2 entries per block. */
function checkWith(t: import('ava').ExecutionContext, c: ComposedNetwork, losses: Loss[], trial: Trial, solve = c.solve): void {
  const network: Network = { ...c.network, losses }
  const problem = networkProblem(network, trial)
  const iv = { t0: 0, t1: trial.duration, y0: trialInitialState(network, trial), theta: c.initialValue.theta }
  const g = getOrThrow(adjointGradient(problem, iv, solve))
  t.true(g.events.filter((e) => e.family === 'reset:output').length >= 2, 'the output population resets')
  const indices = network.layout.blocks.filter((b) => b.trainable).flatMap((b) => [b.offset, b.offset + b.length - 1])
  const fd = getOrThrow(finiteDifferenceEstimate(problem, iv, { indices, resolution: 1e-7, ...(solve !== c.solve && { solve }) }))
  const report = compareWithFiniteDifferences(problem, g.loss, g.gradient, fd)
  for (const [name, b] of Object.entries(report.blocks)) {
    t.log(`${losses.map((l) => l.kind).join(' + ')}, ${name}: ${b.maxRelativeError.toExponential(2)} over ${b.checked} (± ${b.uncertainty.toExponential(1)})`)
    t.true(b.maxRelativeError <= 1e-5, `${name}: ${b.maxRelativeError}`)
  }
  t.true(report.ok)
}

test('voltage-mse in a network with resets — the voltage of the output and of the hidden population against targets: adjoint within 1e-5 of finite differences', async (t) => {
  const c = await ttfs()
  checkWith(t, c, [voltageMseLoss({ level: 0.8 }), voltageMseLoss({ level: 0.3, scale: 0.5 }, { population: 'hidden' })], c.trial)
})

test('van-rossum in a network with resets — the output spike trains against target trains: adjoint within 1e-5 of finite differences', async (t) => {
  const c = await ttfs()
  checkWith(t, c, [vanRossumLoss({ tau: 5 })], { ...c.trial, targetSpikes: [Float64Array.of(8, 21), Float64Array.of(13.5), Float64Array.of(17)] })
})

test('first-spike-cross-entropy with another label and a silent label neuron — adjoint within 1e-5 of finite differences', async (t) => {
  const c = await ttfs()
  const label2: Trial = { ...c.trial, target: (_t, out) => (out.fill(0), (out[2] = 1), 1) }
  checkWith(t, c, [firstSpikeCrossEntropyLoss({ tau0: 1, tau1: 8, alpha: 0.02, silentSlope: 5 })], label2)
})

test('spike-count with a target per neuron in a network with resets — the output against 1 or 3 spikes by label, the hidden against 1 each, with crossings under way at T: adjoint within 1e-5 of finite differences', async (t) => {
  const c = await ttfs()
  // at T = 15.75 ms some neurons are inside their gate's zone, so the counts' gradient is not zero (at T = 30 ms it nearly is);
  // g(v(T)) is steep there (the poly-bump's peak is 11 per unit of voltage), so the solves are tighter than the example's
  // (at rtol 1e-10 the output blocks agree to 9e-6, at 1e-12 to 6e-7: the solver's error, not the derivative's)
  const solve = { ...c.solve, rtol: 1e-12, atol: 1e-14 }
  checkWith(t, c, [spikeCountLoss({ low: 1, high: 3 }, { population: 'output' }), spikeCountLoss({ low: 1, high: 1, scale: 0.5 }, { population: 'hidden' })], { ...c.trial, duration: 15.75 }, solve)
})
