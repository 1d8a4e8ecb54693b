import test from 'ava'

// The slow checks of the example networks (npm run test:slow), registered by the files
// networkGradient<Name>.slow.test.ts — one file an example, so that ava runs them side by side:
// each check network against finite differences with every solver, and the p-form adjoint
// against the λ-form.
import { adjointGradient, compareWithFiniteDifferences, finiteDifferenceEstimate, getOrThrow, networkProblem, simulate, solverNames, type ComposedNetwork, type FiniteDifferenceEstimate, type Problem } from '@spikegrad/core'
import { loadNetworkConfig } from '@spikegrad/node'
import { isRight } from 'fp-ts/lib/Either.js'
import { join } from 'node:path'
import { repositoryRoot } from './repositoryRoot.js'

async function load(path: string): Promise<ComposedNetwork> {
  const r = await loadNetworkConfig(path)
  if (!isRight(r)) throw new Error(r.left.message)
  return r.right
}
const example = (kind: string): Promise<ComposedNetwork> => load(join(repositoryRoot(), 'examples', `${kind}.json`))

/**
 * Entries checked per block in the test suite, spread evenly over each block from its first to its
 * last (each costs six or more forward solves at rtol 1e-13); `spikegrad gradient --config <file>
 * --check` checks them all.
 */
const perBlock: Readonly<Record<string, number>> = { 'qif-raised-cosine': 3, 'lif-poly-bump': 3, 'feedforward-lif': 3, 'ei-dale': 2, 'sparse-qif': 2 }
/** Examples whose gradient check is in a slow test of their own (izhikevichEquations.slow.test.ts, equationNeuronForms.slow.test.ts, ttfsLif.slow.test.ts, delays.slow.test.ts, heterogeneousNeurons.slow.test.ts). */
export const checkedElsewhere = new Set(['izhikevich-equations', 'adex-equations', 'ttfs-lif', 'delays-ff', 'heterogeneous-lif'])
/** The λ-form adjoint is slow (g′ in its right-hand side); it is compared on the networks that exercise it differently. */
const lambdaChecked = new Set(['lif-poly-bump', 'feedforward-lif', 'ei-dale'])

/** An example, its monolithic problem, and the oracle's estimates at the entries its checks compare. */
export interface ExampleOracle {
  readonly c: ComposedNetwork
  readonly problem: Problem
  /** Entries compared per block: `perBlock`'s, or the whole block when it is smaller. */
  readonly k: number
  readonly fd: FiniteDifferenceEstimate
}

const oracles = new Map<string, Promise<ExampleOracle>>()

/**
 * The finite differences of an example (odex at rtol 1e-13, each entry resolved to 1% of the
 * tolerance, 1e-7 of its block) at `perBlock[kind]` entries of each trainable block spread evenly
 * from its first to its last: computed once a test file, so that every test of that file which
 * compares a gradient of the example with it (every solver's, the structured solve's) shares it.
 */
export function exampleOracle(kind: string): Promise<ExampleOracle> {
  let o = oracles.get(kind)
  if (o === undefined) {
    o = example(kind).then((c) => {
      const problem = networkProblem(c.network, c.trial)
      const k = perBlock[kind]!
      const indices = c.network.layout.blocks.filter((b) => b.trainable).flatMap((b) => {
        const n = Math.min(k, b.length)
        return Array.from({ length: n }, (_, j) => b.offset + (n === 1 ? 0 : Math.round((j * (b.length - 1)) / (n - 1))))
      })
      return { c, problem, k, fd: getOrThrow(finiteDifferenceEstimate(problem, c.initialValue, { indices, resolution: 1e-7 })) }
    })
    oracles.set(kind, o)
  }
  return o
}

/** Registers the slow checks of one example network (`checkedElsewhere` names those with checks of their own). */
export function exampleGradientChecks(kind: string): void {
  if (checkedElsewhere.has(kind)) throw new Error(`${kind} is checked in a slow test of its own`)
  test(`examples/${kind}.json — every population spikes, and the adjoint of every solver is within 1e-5 of finite differences for every block`, async (t) => {
    // one oracle for all solvers
    const { c, problem, k, fd } = await exampleOracle(kind)
    const sim = getOrThrow(simulate(c.network, c.initialValue.theta, c.trial, { solve: c.solve }))
    for (const pop of c.network.populations) {
      const spikes = sim.spikeCounts.slice(pop.neuronOffset, pop.neuronOffset + pop.size).reduce((a, b) => a + b, 0)
      t.log(`${pop.name}: ${spikes} spikes`)
      t.true(spikes >= Math.min(10, 2 * pop.size), `${pop.name}: ${spikes} spikes`)
    }
    for (const solver of solverNames) {
      const g = getOrThrow(adjointGradient(problem, c.initialValue, { ...c.solve, solver, maxSteps: 10_000_000 }))
      const report = compareWithFiniteDifferences(problem, g.loss, g.gradient, fd)
      t.deepEqual(Object.keys(report.blocks), c.network.layout.blocks.map((b) => b.name))
      for (const [name, b] of Object.entries(report.blocks)) {
        t.log(`${solver}, ${name}: max relative error ${b.maxRelativeError.toExponential(2)} over ${b.checked} entries (oracle uncertainty ${b.uncertainty.toExponential(1)})`)
        t.true(b.maxRelativeError <= 1e-5, `${solver}, ${name}: ${b.maxRelativeError}`)
        t.deepEqual(b.unresolved, [], `${solver}, ${name}: finite differences could not resolve entries ${b.unresolved.join(', ')}`)
        t.is(b.checked, Math.min(k, c.network.layout.blocks.find((x) => x.name === name)!.length))
      }
      t.true(report.ok, solver)
    }
  })

  if (!lambdaChecked.has(kind)) return
  test(`examples/${kind}.json — the adjoint in p-variables (DESIGN §2) and in λ agree to 1e-6`, async (t) => {
    const c = await example(kind)
    const problem = networkProblem(c.network, c.trial)
    const { adjointTransform, ...inLambda } = problem
    t.truthy(adjointTransform)
    const p = getOrThrow(adjointGradient(problem, c.initialValue, c.solve))
    const l = getOrThrow(adjointGradient(inLambda, c.initialValue, c.solve))
    const scale = Math.max(...l.gradient.map(Math.abs))
    let worst = 0
    for (let i = 0; i < l.gradient.length; i++) worst = Math.max(worst, Math.abs(p.gradient[i] - l.gradient[i]) / scale)
    t.log(`max difference ${worst.toExponential(2)} of max |dL/dθ|; backward evaluations ${p.stats.backward.vjpStateEvals} (p) vs ${l.stats.backward.vjpStateEvals} (λ)`)
    t.true(worst <= 1e-6)
    t.is(p.loss, l.loss)
  })
}

