import test from 'ava'
import {
  adjointGradient,
  checkGradient,
  compareWithFiniteDifferences,
  getOrThrow,
  loadNetworkConfig,
  networkProblem,
  solverNames,
  type ComposedNetwork,
  type SolverName,
} from '@spikegrad/core'
import { isRight } from 'fp-ts/lib/Either.js'
import { readFileSync } from 'node:fs'
import { join } from 'node:path'
import { exampleNetwork } from './support/exampleNetworks.js'
import { repositoryRoot } from './support/repositoryRoot.js'

const examples = ['qif-raised-cosine', 'lif-poly-bump'] as const

async function load(kind: string): Promise<ComposedNetwork> {
  const r = await loadNetworkConfig(join(repositoryRoot(), 'examples', `${kind}.json`))
  if (!isRight(r)) throw new Error(r.left.join('\n'))
  return r.right
}

/** Spikes: θ passing π for theta neurons (θ only passes π forward), reset events for LIF. */
function spikeCount(c: ComposedNetwork, y1: Float64Array, resets: number): number {
  if (c.network.neuron.reset !== undefined) return resets
  const N = c.network.layout.sizes.neurons
  let count = 0
  for (let j = 0; j < N; j++) {
    count += Math.floor((y1[j] + Math.PI) / (2 * Math.PI)) - Math.floor((c.initialValue.y0[j] + Math.PI) / (2 * Math.PI))
  }
  return count
}

for (const kind of examples) {
  test(`examples/${kind}.json — is what its generator writes (npm run examples)`, (t) => {
    const file = JSON.parse(readFileSync(join(repositoryRoot(), 'examples', `${kind}.json`), 'utf8'))
    t.deepEqual(file, JSON.parse(JSON.stringify(exampleNetwork(kind))))
  })

}

/** The finite differences of each example (odex at rtol 1e-13: the oracle), computed once for all solvers. */
const finiteDifferences = new Map<string, Promise<Float64Array>>()
function finiteDifferencesOf(kind: string, c: ComposedNetwork): Promise<Float64Array> {
  let fd = finiteDifferences.get(kind)
  if (fd === undefined) {
    const problem = networkProblem(c.network, c.trial)
    fd = Promise.resolve(getOrThrow(checkGradient(problem, c.initialValue, { adjoint: { ...c.solve, solver: 'odex' }, perBlock: 8 })).finiteDifference)
    finiteDifferences.set(kind, fd)
  }
  return fd
}

/** The example's own solve options with `solver` (and room for the low-order pair's steps). */
const withSolver = (c: ComposedNetwork, solver: SolverName) => ({ ...c.solve, solver, maxSteps: 10_000_000 })

for (const solver of solverNames) {
  for (const kind of examples) {
    test(`${solver}: ${kind} network (N = 10, 2 in, 2 out, 100 ms, ≥ 30 spikes) — adjoint gradient within 1e-5 of central differences for U, W, b, O`, async (t) => {
      const c = await load(kind)
      const problem = networkProblem(c.network, c.trial)
      const g = getOrThrow(adjointGradient(problem, c.initialValue, withSolver(c, solver)))
      const spikes = spikeCount(c, g.y1, g.events.filter((e) => e.family === 'reset').length)
      t.log(`${spikes} spikes, loss ${g.loss.toPrecision(8)}`)
      t.true(spikes >= 30, `${spikes} spikes`)
      const report = compareWithFiniteDifferences(problem, g.loss, g.gradient, await finiteDifferencesOf(kind, c))
      for (const name of ['U', 'W', 'b', 'O']) {
        const b = report.blocks[name]
        t.log(`${name}: max relative error ${b.maxRelativeError.toExponential(2)} over ${b.checked} entries`)
        t.true(b.maxRelativeError <= 1e-5, `${name}: ${b.maxRelativeError}`)
        t.is(b.checked, 8)
      }
    })
  }
}

for (const solver of solverNames) {
  for (const kind of examples) {
    test(`${solver}: ${kind} network — the adjoint in p-variables (DESIGN §2) and in λ agree to 1e-6`, async (t) => {
      const c = await load(kind)
      const problem = networkProblem(c.network, c.trial)
      const { adjointTransform, ...inLambda } = problem
      t.truthy(adjointTransform)
      const p = getOrThrow(adjointGradient(problem, c.initialValue, withSolver(c, solver)))
      const l = getOrThrow(adjointGradient(inLambda, c.initialValue, withSolver(c, solver)))
      const scale = Math.max(...l.gradient.map(Math.abs))
      let worst = 0
      for (let i = 0; i < l.gradient.length; i++) worst = Math.max(worst, Math.abs(p.gradient[i] - l.gradient[i]) / scale)
      t.log(`max difference ${worst.toExponential(2)} of max |dL/dθ|; backward evaluations ${p.stats.backward.vjpStateEvals} (p) vs ${l.stats.backward.vjpStateEvals} (λ)`)
      t.true(worst <= 1e-6)
      t.is(p.loss, l.loss)
    })
  }
}
