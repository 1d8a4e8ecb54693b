import test from 'ava'
import { adjointGradient, getOrThrow, networkProblem } from '@spikegrad/core'
import { loadNetworkConfig } from '@spikegrad/node'
import { isLeft, isRight } from 'fp-ts/lib/Either.js'
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { repositoryRoot } from './support/repositoryRoot.js'

/**
 * The example network with its `solver` settings replaced, written to a temporary folder in the
 * repository (plugin packages resolve from the configuration's folder).
 */
function exampleWithSolver(solver: Record<string, unknown>): string {
  const config = JSON.parse(readFileSync(join(repositoryRoot(), 'examples', 'qif-raised-cosine.json'), 'utf8')) as Record<string, unknown>
  const file = join(mkdtempSync(join(repositoryRoot(), 'test', 'dist', 'solver-setting-')), 'network.json')
  writeFileSync(file, JSON.stringify({ ...config, solver }))
  return file
}

test('network configuration — solver.solver chooses the integrator of the solve', async (t) => {
  const loaded = await loadNetworkConfig(exampleWithSolver({ solver: 'bs3', rtol: 1e-6, atol: 1e-8 }))
  if (!isRight(loaded)) return t.fail(loaded.left.message)
  t.is(loaded.right.solve.solver, 'bs3')
  const c = loaded.right
  const g = getOrThrow(adjointGradient(networkProblem(c.network, c.trial), c.initialValue, c.solve))
  const odex = getOrThrow(adjointGradient(networkProblem(c.network, c.trial), c.initialValue, { ...c.solve, solver: 'odex' }))
  // the two solvers take different steps: the same gradient to the tolerance, not bit for bit
  t.notDeepEqual(Array.from(g.gradient), Array.from(odex.gradient))
  const scale = Math.max(...odex.gradient.map(Math.abs))
  t.true(g.gradient.every((v, i) => Math.abs(v - odex.gradient[i]) <= 1e-3 * scale))
})

test('network configuration — an unknown solver is named with the allowed ones', async (t) => {
  const loaded = await loadNetworkConfig(exampleWithSolver({ solver: 'rk4' }))
  t.true(isLeft(loaded))
  if (isLeft(loaded)) t.regex(loaded.left.message, /solver\.solver: expected "odex" \| "dopri5" \| "tsit5" \| "bs3", got "rk4"/)
})
