import test from 'ava'
import { right } from 'fp-ts/lib/Either.js'
import { finiteDifferenceEstimate, type LossFunction } from './finiteDifference.js'
import { getOrThrow } from '../util/getOrThrow.js'

/**
 * L(θ) = sin(3θ₀) + sin(40θ₁)/40 + 1e-3 (sin(2θ₂) + cos(30θ₃)): two blocks whose scales differ a
 * thousandfold, each with a gentle entry and one whose higher derivatives are large (θ₁, θ₃),
 * so that its ladder needs more rungs. Counts its evaluations.
 */
function counted(): LossFunction & { readonly calls: () => number; readonly exact: (theta: Float64Array) => Float64Array } {
  let calls = 0
  return {
    parameterCount: 4,
    parameterBlocks: [
      { name: 'large', offset: 0, length: 2 },
      { name: 'small', offset: 2, length: 2 },
    ],
    loss(theta) {
      calls++
      return right(Math.sin(3 * theta[0]) + Math.sin(40 * theta[1]) / 40 + 1e-3 * (Math.sin(2 * theta[2]) + Math.cos(30 * theta[3])))
    },
    calls: () => calls,
    exact: (theta) => Float64Array.of(3 * Math.cos(3 * theta[0]), Math.cos(40 * theta[1]), 2e-3 * Math.cos(2 * theta[2]), -30e-3 * Math.sin(30 * theta[3])),
  }
}

const iv = { t0: 0, t1: 1, y0: new Float64Array(0), theta: Float64Array.of(0.3, 0.7, -0.4, 0.9) }
const scale = (v: Float64Array, offset: number): number => Math.max(Math.abs(v[offset]), Math.abs(v[offset + 1]))

test('finite-difference estimate — with a resolution, each entry stops once its uncertainty is that fraction of its own block\'s scale, with fewer evaluations than the full ladder, and both are within their uncertainty of the exact derivative', (t) => {
  const full = counted()
  const all = getOrThrow(finiteDifferenceEstimate(full, iv, { relativeStep: 1e-2 }))
  const resolved = counted()
  const some = getOrThrow(finiteDifferenceEstimate(resolved, iv, { relativeStep: 1e-2, resolution: 1e-7 }))
  const exact = full.exact(iv.theta)
  t.log(`evaluations: ${full.calls()} walking to the noise, ${resolved.calls()} with resolution 1e-7`)
  t.true(resolved.calls() < full.calls())
  // at least two rungs each (six evaluations); the steep entries walk on past them
  t.true(resolved.calls() > 6 * 4, `${resolved.calls()} evaluations`)
  for (const [offset, name] of [[0, 'large'], [2, 'small']] as const) {
    const s = scale(exact, offset)
    for (const i of [offset, offset + 1]) {
      t.log(`${name} θ${i}: full ${all.value[i]} ± ${all.uncertainty[i].toExponential(1)}, resolved ${some.value[i]} ± ${some.uncertainty[i].toExponential(1)}, exact ${exact[i]}`)
      t.true(some.uncertainty[i] <= 1e-7 * s * (1 + 1e-6), `θ${i}: ${some.uncertainty[i]} against its block's scale ${s}`)
      t.true(Math.abs(some.value[i] - exact[i]) <= some.uncertainty[i], `θ${i}`)
      t.true(Math.abs(all.value[i] - exact[i]) <= all.uncertainty[i], `θ${i}`)
      t.true(all.uncertainty[i] <= some.uncertainty[i])
    }
  }
})

test('finite-difference estimate — without a resolution the ladder walks on below it: an entry ends only where its spread grows again, falls below 1e-12 of the estimate, or the rungs run out', (t) => {
  const loss = counted()
  const est = getOrThrow(finiteDifferenceEstimate(loss, iv, { relativeStep: 1e-2 }))
  const exact = loss.exact(iv.theta)
  for (let i = 0; i < 4; i++) t.true(est.uncertainty[i] < 1e-9 * Math.abs(exact[i]), `θ${i}: ${est.uncertainty[i]}`)
  // a ladder of two rungs stops after six evaluations an entry, resolved or not
  const short = counted()
  getOrThrow(finiteDifferenceEstimate(short, iv, { relativeStep: 1e-2, rungs: 2 }))
  t.is(short.calls(), 6 * 4)
})
