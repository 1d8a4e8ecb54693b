import test from 'ava'
import { adjointGradient, networkProblem } from '@spikegrad/core'
import { sparseBenchPair } from './sparseBench.js'

test('sparseBenchPair — the sparse network stores about p·N² weights, its dense twin N² with the same values and zeros elsewhere', (t) => {
  const N = 100
  const pair = sparseBenchPair({ n: N, tMs: 20, probability: 0.1 })
  t.true(Math.abs(pair.entries / (N * N) - 0.1) < 0.015, `${pair.entries} entries`)
  const dense = pair.dense.network.layout.blocks.find((b) => b.name === 'hidden<-hidden')!
  t.is(dense.length, N * N)
  const theta = pair.dense.initialValue.theta
  let nonZero = 0
  for (let k = dense.offset; k < dense.offset + N * N; k++) if (theta[k] !== 0) nonZero++
  t.is(nonZero, pair.entries)
  for (let e = 0; e < pair.entries; e++) t.is(pair.sparse.initialValue.theta[pair.sparseOffset + e], theta[pair.denseIndex[e]!])
  t.is(new Set(pair.denseIndex).size, pair.entries)
  t.deepEqual(sparseBenchPair({ n: N, tMs: 20, probability: 0.1 }).sparse.initialValue.theta, pair.sparse.initialValue.theta)
})

test('sparseBenchPair — the twins integrate the same equations: the same loss, and gradients on the sparse entries that converge to each other with the tolerance', (t) => {
  // The forward solves take the same steps, but the backward ones sum Wᵀλ in another order and
  // so may step differently: the gradients differ by the solver's error, which must shrink with
  // the tolerance (a wrong sparse product would leave a difference that does not).
  const pair = sparseBenchPair({ n: 30, tMs: 30, probability: 0.2, seed: 5 })
  const difference = (rtol: number): number => {
    const options = { rtol, atol: rtol / 100 }
    const s = adjointGradient(networkProblem(pair.sparse.network, pair.sparse.trial), pair.sparse.initialValue, options)
    const d = adjointGradient(networkProblem(pair.dense.network, pair.dense.trial), pair.dense.initialValue, options)
    if (s._tag === 'Left' || d._tag === 'Left') throw new Error('a solve failed')
    t.true(Math.abs(s.right.loss - d.right.loss) <= 1e-12 * Math.abs(d.right.loss), `${s.right.loss} against ${d.right.loss}`)
    let scale = 0
    let worst = 0
    for (let e = 0; e < pair.entries; e++) {
      const g = d.right.gradient[pair.denseIndex[e]!]!
      scale = Math.max(scale, Math.abs(g))
      worst = Math.max(worst, Math.abs(s.right.gradient[pair.sparseOffset + e]! - g))
    }
    t.true(scale > 0)
    return worst / scale
  }
  const loose = difference(1e-8)
  const tight = difference(1e-10)
  t.log(`relative difference ${loose.toExponential(1)} at rtol 1e-8, ${tight.toExponential(1)} at 1e-10`)
  t.true(loose < 1e-4, `${loose}`)
  t.true(tight < 1e-6 && tight < loose / 5, `${tight} against ${loose}`)
})
