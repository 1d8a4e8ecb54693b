import { readFileSync } from 'node:fs'
import { join } from 'node:path'
import test from 'ava'
import { adjointGradient, createNetwork, getOrThrow, networkProblem, packWeights, recurrentNetwork, recurrentWeights, solverNames, type Trial } from '@spikegrad/core'
import { raisedCosineGate } from '@spikegrad/gates'
import { mseLoss } from '@spikegrad/losses'
import { qifNeuron } from '@spikegrad/neuron-qif'
import { isRight } from 'fp-ts/lib/Either.js'
import { assertSameAsLegacy, legacyResult } from './support/legacyResults.js'
import { loadReference, referenceFiles } from './support/loadReference.js'
import { repositoryRoot } from './support/repositoryRoot.js'

const loaded = loadReference()
const ref = isRight(loaded) ? loaded.right : undefined
const missing = isRight(loaded) ? '' : loaded.left

/** i(t) = 0.6 [sin(2πt/60), cos(2πt/37)], target 0.5 i(t), as the reference's `model` states. */
const referenceTrial: Trial = {
  duration: 100,
  input(t, out) {
    out[0] = 0.6 * Math.sin((2 * Math.PI * t) / 60)
    out[1] = 0.6 * Math.cos((2 * Math.PI * t) / 37)
  },
  target(t, out) {
    out[0] = 0.3 * Math.sin((2 * Math.PI * t) / 60)
    out[1] = 0.3 * Math.cos((2 * Math.PI * t) / 37)
    return 1
  },
}

/** Theta neurons spike when θ passes π; at θ = π, dθ/dt = 2/tau_v > 0, so θ only passes forward. */
const spikes = (theta0: ArrayLike<number>, theta1: ArrayLike<number>): number => {
  let count = 0
  for (let j = 0; j < theta0.length; j++) {
    count += Math.floor((theta1[j] + Math.PI) / (2 * Math.PI)) - Math.floor((theta0[j] + Math.PI) / (2 * Math.PI))
  }
  return count
}

for (const solver of solverNames) {
test(`${solver}: reference — the independent theta network (test/fixtures/reference) matches its independent loss, spike count and gradient to 1e-5 per block`, (t) => {
  if (ref === undefined) {
    t.fail(missing)
    return
  }
  const created = createNetwork(
    recurrentNetwork({
      neuron: qifNeuron({ tau_v: ref.tau_v }),
      gate: raisedCosineGate({ width: ref.D, center: Math.PI, period: 2 * Math.PI }),
      sizes: { inputs: ref.Nin, neurons: ref.N, outputs: ref.Nout },
      tauS: ref.tau_s,
      losses: [mseLoss()],
      initialState: [...ref.v0, ...ref.s0],
    }),
  )
  if (!isRight(created)) return t.fail(created.left.message)
  const net = created.right
  const packed = packWeights(net, recurrentWeights({ U: ref.U, W: ref.W, b: ref.b, O: ref.O }))
  if (!isRight(packed)) return t.fail(packed.left.message)
  const theta = packed.right
  const problem = networkProblem(net, referenceTrial)
  const sol = getOrThrow(
    adjointGradient(problem, { t0: 0, t1: ref.T, y0: net.initialState, theta }, { solver, rtol: 1e-10, atol: 1e-12, maxSteps: 1e7 }),
  )
  const relLoss = Math.abs(sol.loss - ref.expected.loss) / Math.abs(ref.expected.loss)
  t.log(`loss ${sol.loss} (reference ${ref.expected.loss}, rel ${relLoss.toExponential(2)})`)
  t.true(relLoss <= 1e-5, `loss ${sol.loss} vs ${ref.expected.loss}`)
  t.is(spikes(ref.v0, sol.y1.subarray(0, ref.N)), ref.expected.spikes)
  const expected = packWeights(net, recurrentWeights(ref.expected.gradient))
  if (!isRight(expected)) return t.fail(expected.left.message)
  for (const block of net.layout.blocks) {
    let maxDiff = 0
    let scale = 0
    for (let i = block.offset; i < block.offset + block.length; i++) {
      maxDiff = Math.max(maxDiff, Math.abs(sol.gradient[i] - expected.right[i]))
      scale = Math.max(scale, Math.abs(expected.right[i]))
    }
    const rel = maxDiff / scale
    t.log(`${block.name}: max relative error ${rel.toExponential(2)}`)
    t.true(rel <= 1e-5, `${block.name}: ${rel}`)
  }
})
}

for (const rtol of [1e-10, 1e-6]) {
  test(`reference at rtol ${rtol} (odex, the solver of earlier versions) — the graph network gives their loss and gradient, bit for bit`, (t) => {
    if (ref === undefined) return t.fail(missing)
    const net = getOrThrow(
      createNetwork(
        recurrentNetwork({
          neuron: qifNeuron({ tau_v: ref.tau_v }),
          gate: raisedCosineGate({ width: ref.D, center: Math.PI, period: 2 * Math.PI }),
          sizes: { inputs: ref.Nin, neurons: ref.N, outputs: ref.Nout },
          tauS: ref.tau_s,
          losses: [mseLoss()],
          initialState: [...ref.v0, ...ref.s0],
        }),
      ),
    )
    const theta = getOrThrow(packWeights(net, recurrentWeights({ U: ref.U, W: ref.W, b: ref.b, O: ref.O })))
    const g = getOrThrow(adjointGradient(networkProblem(net, referenceTrial), { t0: 0, t1: ref.T, y0: net.initialState, theta }, { solver: 'odex', rtol, atol: rtol / 100 }))
    assertSameAsLegacy(t, g, net, legacyResult(`reference@${rtol}`))
  })
}

test('reference — PROVENANCE.md states the sha256 that the loader checks, for every committed reference file', (t) => {
  const provenance = readFileSync(join(repositoryRoot(), 'test', 'fixtures', 'reference', 'PROVENANCE.md'), 'utf8')
  for (const [name, sha256] of Object.entries(referenceFiles)) t.true(provenance.includes(`| \`${name}\` |`) && provenance.includes(`\`${sha256}\``), name)
  t.true(isRight(loaded), missing)
})
