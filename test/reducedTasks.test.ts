import test from 'ava'
import { evaluate, train, type Model } from '@spikegrad/core'
import { isRight } from 'fp-ts/lib/Either.js'
import { repositoryRoot } from './support/repositoryRoot.js'
import { freshModel, qifSpec, reducedAutoencode, reducedXor } from './support/trainingSpecs.js'

/** Mean of the first and last `n` minibatch losses, and the held-out loss before and after. */
async function trainAndMeasure(model: Model, iterations: number, heldOut: number) {
  const before = evaluate(model, { trials: heldOut })
  if (!isRight(before)) throw new Error(before.left.message)
  const r = await train(model, { iterations })
  if (!isRight(r)) throw new Error(r.left.message)
  const after = evaluate(r.right, { trials: heldOut })
  if (!isRight(after)) throw new Error(after.left.message)
  const losses = r.right.history.iterations.map((h) => h.loss)
  const mean = (xs: number[]): number => xs.reduce((a, b) => a + b, 0) / xs.length
  return { before: before.right, after: after.right, first: mean(losses.slice(0, 5)), last: mean(losses.slice(-5)) }
}

test('reduced auto-encoding (1 channel, 100 ms, 10 QIF neurons) — 40 Adam steps on batches of 4 cut the loss by more than half', async (t) => {
  const model = await freshModel(
    qifSpec(reducedAutoencode, 10, { seed: 1, training: { batchSize: 4, schedule: { kind: 'constant', lr: 0.05 } } }),
  )
  const m = await trainAndMeasure(model, 40, 8)
  t.log(`held-out loss ${m.before.loss.toFixed(2)} → ${m.after.loss.toFixed(2)}, nmse ${m.before.scores.nmse.toFixed(3)} → ${m.after.scores.nmse.toFixed(3)}`)
  t.log(`minibatch loss (mean of 5) ${m.first.toFixed(2)} → ${m.last.toFixed(2)}; firing rate ${m.after.firingRate.toFixed(1)} Hz`)
  t.true(m.after.loss <= 0.5 * m.before.loss, `held-out loss ${m.before.loss} → ${m.after.loss}`)
  t.true(m.last <= 0.5 * m.first, `minibatch loss ${m.first} → ${m.last}`)
  t.true(m.after.scores.nmse < 0.6, `nmse ${m.after.scores.nmse}`)
})

/*
 * Delayed-memory XOR does not halve its loss in a test-sized run: from o ≈ 0 the loss sits at
 * the constant-output baseline (½ · 30 ms = 15 per trial) and stayed there through 40–110
 * Adam steps (batches of 8, 16–20 neurons, learning rates 0.02–0.1, several initial scales,
 * tau_s 10–30 ms, also with fixed delays). A least-squares readout of the initial network's
 * traces explains only about half of the target's variance on held-out trials, so most of
 * the work is forming features, which takes far more steps than a test can afford. So the test below checks the whole pipeline on the reduced protocol — workers,
 * evaluation, checkpoint-free run — rather than a loss target.
 */
test('reduced XOR (16 QIF neurons, 30–50 ms delays) — trains end to end on 2 worker threads, recording finite losses, held-out accuracy and firing rate', async (t) => {
  const model = await freshModel(qifSpec(reducedXor, 16, { seed: 5, training: { batchSize: 4, schedule: { kind: 'constant', lr: 0.05 } } }))
  const r = await train(model, { iterations: 4, workers: 2, baseDir: repositoryRoot(), evaluateEvery: 4, evaluateTrials: 8 })
  if (!isRight(r)) return t.fail(r.left.message)
  const { iterations, evaluations } = r.right.history
  t.deepEqual(iterations.map((h) => h.iteration), [0, 1, 2, 3])
  for (const h of iterations) t.true(Number.isFinite(h.loss) && h.loss > 0 && h.gradientNorm > 0, JSON.stringify(h))
  t.is(evaluations.length, 1)
  const ev = evaluations[0]
  t.log(`losses ${iterations.map((h) => h.loss.toFixed(2)).join(', ')}; held-out accuracy ${ev.scores.accuracy}, loss ${ev.loss.toFixed(2)}, ${ev.firingRate.toFixed(1)} Hz`)
  t.true(ev.scores.accuracy >= 0 && ev.scores.accuracy <= 1)
  t.true(ev.firingRate > 0)
  t.true(r.right.theta.some((x, i) => x !== model.theta[i]))
})
