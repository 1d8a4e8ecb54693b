import test from 'ava'
import { compareWithFiniteDifferences, getOrThrow, networkGradient } from '@spikegrad/core'
import { exampleGradientChecks, exampleOracle } from './support/exampleGradientChecks.js'

// examples/feedforward-lif.json against finite differences with every solver (see support/exampleGradientChecks.ts)
exampleGradientChecks('feedforward-lif')

// the same network solved by its structure, against the same finite differences (computed once for this file)
test('structured solve — feedforward-lif.json: every block agrees with finite differences of the monolithic problem, side by side (bs3) and one component at a time (dopri5)', async (t) => {
  const { c, problem, fd } = await exampleOracle('feedforward-lif')
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
