import test from 'ava'
import { compareWithFiniteDifferences, finiteDifferenceEstimate, getOrThrow, networkGradient, networkProblem, type ComposedNetwork } from '@spikegrad/core'
import { loadNetworkConfig } from '@spikegrad/node'
import { isRight } from 'fp-ts/lib/Either.js'
import { join } from 'node:path'
import { repositoryRoot } from './support/repositoryRoot.js'

// (a file of its own, beside structuredSolve.slow.test.ts, so that ava runs the two side by side)

async function example(kind: string): Promise<ComposedNetwork> {
  const r = await loadNetworkConfig(join(repositoryRoot(), 'examples', `${kind}.json`))
  if (!isRight(r)) throw new Error(r.left.message)
  return r.right
}

test('structured solve — feedforward-lif.json: every block agrees with finite differences of the monolithic problem, side by side (bs3) and one component at a time (dopri5)', async (t) => {
  const c = await example('feedforward-lif')
  const problem = networkProblem(c.network, c.trial)
  const indices = c.network.layout.blocks.flatMap((b) => [b.offset, b.offset + Math.floor(b.length / 2), b.offset + b.length - 1])
  const fd = getOrThrow(finiteDifferenceEstimate(problem, c.initialValue, { indices, resolution: 1e-7 }))
  for (const solver of ['bs3', 'dopri5'] as const) {
    const g = getOrThrow(networkGradient(c.network, c.initialValue.theta, c.trial, { ...c.solve, solver, structure: 'blocks', maxSteps: 10_000_000 }))
    const report = compareWithFiniteDifferences(problem, g.loss, g.gradient, fd)
    for (const [name, b] of Object.entries(report.blocks)) {
      t.log(`${solver}, ${name}: max relative error ${b.maxRelativeError.toExponential(2)} over ${b.checked} entries`)
      t.true(b.maxRelativeError <= 1e-5, `${solver}, ${name}`)
    }
    t.true(report.ok, solver)
  }
})

