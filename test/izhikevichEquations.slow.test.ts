import test from 'ava'
import { adjointGradient, compareWithFiniteDifferences, finiteDifferenceEstimate, getOrThrow, networkProblem, simulate, solverNames } from '@spikegrad/core'
import { loadNetworkConfig } from '@spikegrad/node'
import { isRight } from 'fp-ts/lib/Either.js'
import { join } from 'node:path'
import { repositoryRoot } from './support/repositoryRoot.js'

test('examples/izhikevich-equations.json — a network of Izhikevich neurons written as equations spikes, and the adjoint of every solver is within 1e-5 of finite differences in every block, a, b, c and d included', async (t) => {
  const loaded = await loadNetworkConfig(join(repositoryRoot(), 'examples', 'izhikevich-equations.json'))
  if (!isRight(loaded)) return t.fail(loaded.left.message)
  const c = loaded.right
  const sim = getOrThrow(simulate(c.network, c.initialValue.theta, c.trial, { solve: c.solve }))
  const spikes = sim.spikeCounts.reduce((a, b) => a + b, 0)
  t.log(`${spikes} spikes`)
  t.true(spikes >= 16, `${spikes} spikes`)
  const problem = networkProblem(c.network, c.trial)
  const indices = c.network.layout.blocks.filter((b) => b.trainable).map((b) => b.offset + Math.floor(b.length / 2))
  const fd = getOrThrow(finiteDifferenceEstimate(problem, c.initialValue, { indices, resolution: 1e-7 }))
  for (const solver of solverNames) {
    const g = getOrThrow(adjointGradient(problem, c.initialValue, { ...c.solve, solver, maxSteps: 10_000_000 }))
    const report = compareWithFiniteDifferences(problem, g.loss, g.gradient, fd)
    t.deepEqual(Object.keys(report.blocks), ['hidden<-input', 'hidden<-hidden', 'bias:hidden', 'readout<-hidden', 'a:hidden', 'b:hidden', 'c:hidden', 'd:hidden'])
    for (const [name, b] of Object.entries(report.blocks)) {
      t.log(`${solver}, ${name}: relative error ${b.maxRelativeError.toExponential(2)} (oracle uncertainty ${b.uncertainty.toExponential(1)})`)
      t.true(b.maxRelativeError <= 1e-5, `${solver}, ${name}: ${b.maxRelativeError}`)
      t.deepEqual(b.unresolved, [], `${solver}, ${name}`)
      t.is(b.checked, 1)
    }
    t.true(report.ok, solver)
  }
})
