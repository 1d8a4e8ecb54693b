import test from 'ava'
import { formatIssue, trainingTrialSeed, type Model } from '@spikegrad/core'
import { gradientPool, loadModel, saveModel, train } from '@spikegrad/node'
import { isLeft, isRight } from 'fp-ts/lib/Either.js'
import { existsSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { repositoryRoot } from './support/repositoryRoot.js'
import { freshModel, qifSpec, reducedAutoencode, reducedXor } from './support/trainingSpecs.js'

const scratch = (): string => mkdtempSync(join(tmpdir(), 'spikegrad-train-'))

/** A small, quick model: 8 neurons on 60 ms auto-encoding trials, batches of 2. */
const small = () =>
  freshModel(
    qifSpec({ name: 'autoencode', params: { ...reducedAutoencode.params, duration: 60 } }, 8, {
      seed: 7,
      training: { batchSize: 2, schedule: { kind: 'constant', lr: 0.05 } },
    }),
  )

const bits = (x: Float64Array): string => Buffer.from(x.buffer, x.byteOffset, x.byteLength).toString('hex')

test('gradient pool — a batch of 4 trials on 2 worker threads gives the same bits as in-process', async (t) => {
  const model = await freshModel(qifSpec(reducedXor, 12, { seed: 3 }))
  const seeds = [0, 1, 2, 3].map((i) => ({ seed: trainingTrialSeed(3, 0, i) }))
  const serial = await gradientPool(model, { workers: 0 }).gradients(model.theta, seeds)
  const pool = gradientPool(model, { workers: 2, baseDir: repositoryRoot() })
  try {
    const parallel = await pool.gradients(model.theta, seeds)
    t.is(pool.workers, 2)
    for (let i = 0; i < 4; i++) {
      const a = serial[i]
      const b = parallel[i]
      if (!isRight(a) || !isRight(b)) return t.fail(`trial ${i} failed`)
      t.is(a.right.loss, b.right.loss)
      t.true(a.right.gradient.some((g) => g !== 0))
      t.is(bits(b.right.gradient), bits(a.right.gradient), `trial ${i}: gradients differ`)
    }
  } finally {
    await pool.close()
  }
})

test('train — 3 iterations, save, load, 3 more end bit for bit where 6 in one go end', async (t) => {
  const dir = scratch()
  const straight = await train(await small(), { iterations: 6 })
  if (!isRight(straight)) return t.fail(straight.left.message)
  const path = join(dir, 'model.json')
  const half = await train(await small(), { iterations: 3, checkpoint: { path, every: 3 } })
  if (!isRight(half)) return t.fail(half.left.message)
  const loaded = await loadModel(path)
  if (!isRight(loaded)) return t.fail(loaded.left.message)
  t.is(loaded.right.iteration, 3)
  const resumed = await train(loaded.right, { iterations: 6 })
  if (!isRight(resumed)) return t.fail(resumed.left.message)
  t.is(resumed.right.iteration, 6)
  t.is(bits(resumed.right.theta), bits(straight.right.theta))
  t.deepEqual(resumed.right.optimizerState, straight.right.optimizerState)
  t.deepEqual(
    resumed.right.history.iterations.map((r) => [r.loss, r.gradientNorm, r.learningRate]),
    straight.right.history.iterations.map((r) => [r.loss, r.gradientNorm, r.learningRate]),
  )
  t.notDeepEqual(bits(straight.right.theta), bits((await small()).theta), 'training changed the weights')
})

test('train — the same steps on 2 worker threads as in-process, bit for bit', async (t) => {
  const serial = await train(await small(), { iterations: 2 })
  const parallel = await train(await small(), { iterations: 2, workers: 2, baseDir: repositoryRoot() })
  if (!isRight(serial) || !isRight(parallel)) return t.fail('training failed')
  t.is(bits(parallel.right.theta), bits(serial.right.theta))
})

test('train — checkpoints and the final model file hold the optimiser state and the history', async (t) => {
  const path = join(scratch(), 'model.json')
  const events: number[] = []
  const r = await train(await small(), {
    iterations: 4,
    checkpoint: { path, every: 2 },
    evaluateEvery: 2,
    evaluateTrials: 2,
    progress: (e) => events.push(e.iteration),
  })
  if (!isRight(r)) return t.fail(r.left.message)
  t.deepEqual(events, [1, 2, 3, 4])
  const file = JSON.parse(readFileSync(path, 'utf8'))
  t.is(file.format, 'spikegrad-model/3')
  t.is(file.iteration, 4)
  t.is(file.optimizerState.step, 4)
  t.deepEqual(file.history.iterations.map((r: { iteration: number }) => r.iteration), [0, 1, 2, 3])
  t.deepEqual(file.history.evaluations.map((r: { iteration: number }) => r.iteration), [2, 4])
  t.true(typeof file.history.evaluations[1].scores.nmse === 'number')
  t.true(file.history.evaluations[1].firingRate > 0)
})

test('train — a run it cannot start is refused as Invalid (each issue naming the option) before anything is written, and leaves no lock', async (t) => {
  const dir = scratch()
  const path = join(dir, 'model.json')
  const model = await small()
  const cases: [Parameters<typeof train>[1], string][] = [
    [{ iterations: -1, checkpoint: { path } }, 'iterations: must be an integer ≥ 0, got -1'],
    [{ iterations: 2, evaluateEvery: 1.5, checkpoint: { path } }, 'evaluateEvery: must be an integer ≥ 0, got 1.5'],
    [{ iterations: 2, checkpoint: { path, every: 0 } }, 'checkpoint.every: must be a positive integer, got 0'],
    [{ iterations: 2, evaluateEvery: 1, evaluateSplit: 'test', checkpoint: { path } }, 'evaluation.split: names the split "test", which the task "autoencode" does not have; leave it out: the task draws its trials from a seed'],
  ]
  for (const [options, message] of cases) {
    const r = await train(model, options)
    if (!isLeft(r)) return t.fail(`accepted ${JSON.stringify(options)}`)
    t.is(r.left._tag, 'Invalid')
    t.is(r.left.message, message)
    t.false(existsSync(path), 'no model file written')
    t.false(existsSync(`${path}.lock`), 'no lock left behind')
  }
})

test('train — a failed trial solve stops training with an error value naming the iteration, the trial seed and the solver message, and leaves the last checkpoint as it was', async (t) => {
  const path = join(scratch(), 'model.json')
  const model = await small()
  const first = await train(model, { iterations: 1, checkpoint: { path, every: 1 } })
  if (!isRight(first)) return t.fail(first.left.message)
  const before = readFileSync(path, 'utf8')
  // the same model with a step budget far too small for a trial
  const starved: Model = { ...first.right, spec: { ...first.right.spec, solver: { ...first.right.spec.solver, maxSteps: 5 } } }
  const r = await train(starved, { iterations: 3, checkpoint: { path, every: 1 } })
  if (!isLeft(r)) return t.fail('training should have failed')
  const e = r.left
  if (e._tag !== 'TrialFailed') return t.fail(`expected TrialFailed, got ${e._tag}`)
  t.is(e.iteration, 1)
  t.is(e.index, 0)
  t.is(e.seed, trainingTrialSeed(7, 1, 0))
  t.is(e.error._tag, 'MaxStepsExceeded')
  t.regex(e.message, /^iteration 1: the solve of trial 0 \(seed \d+\) failed: the maximum number of solver steps \(5\)/)
  t.is(e.model.iteration, 1)
  t.is(readFileSync(path, 'utf8'), before)
})

test('model file — a trained model saved and loaded again has the same weights, state and history', async (t) => {
  const r = await train(await small(), { iterations: 1 })
  if (!isRight(r)) return t.fail(r.left.message)
  const path = join(scratch(), 'model.json')
  t.true(isRight(saveModel(path, r.right)))
  const back = await loadModel(path)
  if (!isRight(back)) return t.fail(back.left.message)
  t.is(bits(back.right.theta), bits(r.right.theta))
  t.deepEqual(back.right.spec, r.right.spec)
  t.deepEqual(back.right.history, r.right.history)
  t.deepEqual(back.right.optimizerState, r.right.optimizerState)
})

test('loadModel — a bad weight, an unknown plugin and a wrong task size are each named', async (t) => {
  const dir = scratch()
  const path = join(dir, 'model.json')
  const model = await small()
  t.true(isRight(saveModel(path, model)))
  const file = JSON.parse(readFileSync(path, 'utf8'))
  const variant = async (edit: (f: any) => void): Promise<readonly string[]> => {
    const copy = JSON.parse(JSON.stringify(file))
    edit(copy)
    const p = join(dir, 'variant.json')
    writeFileSync(p, JSON.stringify(copy))
    const r = await loadModel(p)
    return isLeft(r) ? r.left.issues.map(formatIssue) : []
  }
  const at = join(dir, 'variant.json')
  t.deepEqual(await variant((f) => (f.weights['hidden<-hidden'][3][2] = 'x')), [`${at}: model.weights["hidden<-hidden"][3][2]: must be a finite number, got "x"`])
  const unknown = await variant((f) => (f.spec.network.populations[0].neuron.name = 'hodgkin-huxley'))
  t.is(unknown.length, 1)
  t.true(unknown[0].startsWith(`${at}: model.spec.network.populations[0].neuron: no plugin named "hodgkin-huxley" is loaded`), unknown[0])
  const resized = await variant((f) => {
    f.spec.network.inputs[0].size = 3
    f.weights['hidden<-input'] = f.weights['hidden<-input'].map((row: number[]) => [...row, 0, 0])
  })
  t.deepEqual(resized, [`${at}: model.spec.network.inputs: the groups have 3 channels in all; the task "autoencode" has 1`])
})
