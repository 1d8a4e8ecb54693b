import test from 'ava'
import { adjointGradient, getOrThrow, networkProblem, type ComposedNetwork } from '@spikegrad/core'
import { loadNetworkConfig } from '@spikegrad/node'
import { isRight } from 'fp-ts/lib/Either.js'
import { readFileSync } from 'node:fs'
import { join } from 'node:path'
import { exampleKinds, exampleNetwork } from './support/exampleNetworks.js'
import { assertSameAsLegacy, legacyResult } from './support/legacyResults.js'
import { repositoryRoot } from './support/repositoryRoot.js'

async function load(path: string): Promise<ComposedNetwork> {
  const r = await loadNetworkConfig(path)
  if (!isRight(r)) throw new Error(r.left.message)
  return r.right
}
const example = (kind: string): Promise<ComposedNetwork> => load(join(repositoryRoot(), 'examples', `${kind}.json`))

// The check networks against finite differences, with every solver, are in networkGradient.slow.test.ts.

for (const kind of exampleKinds) {
  test(`examples/${kind}.json — is what its generator writes (npm run examples)`, (t) => {
    const file = JSON.parse(readFileSync(join(repositoryRoot(), 'examples', `${kind}.json`), 'utf8'))
    t.deepEqual(file, JSON.parse(JSON.stringify(exampleNetwork(kind))))
  })
}

for (const kind of ['qif-raised-cosine', 'lif-poly-bump'] as const) {
  test(`${kind} — the file of format 1 and the example of format 2 are the same network: the same loss and gradient, bit for bit`, async (t) => {
    const v1 = await load(join(repositoryRoot(), 'test', 'fixtures', 'v1', `${kind}.json`))
    const v2 = await example(kind)
    const a = getOrThrow(adjointGradient(networkProblem(v1.network, v1.trial), v1.initialValue, v1.solve))
    const b = getOrThrow(adjointGradient(networkProblem(v2.network, v2.trial), v2.initialValue, v2.solve))
    t.is(a.loss, b.loss)
    t.deepEqual(Array.from(a.gradient), Array.from(b.gradient))
  })

  for (const rtol of [1e-10, 1e-6]) {
    test(`${kind} at rtol ${rtol} (odex, the solver of earlier versions) — the loss, the events and the gradient of the one-population network are those of earlier versions, bit for bit`, async (t) => {
      const c = await load(join(repositoryRoot(), 'test', 'fixtures', 'v1', `${kind}.json`))
      const g = getOrThrow(adjointGradient(networkProblem(c.network, c.trial), c.initialValue, { solver: 'odex', rtol, atol: rtol / 100 }))
      assertSameAsLegacy(t, g, c.network, legacyResult(`${kind}@${rtol}`))
    })
  }
}
