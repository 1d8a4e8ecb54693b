import avaTest from 'ava'
import { isLeft, isRight } from 'fp-ts/lib/Either.js'
import { Queue } from 'bullmq'
import { mkdtemp, readFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { adamChain, fit, inProcessGradients, modelToFile, trainingTrialSeed, type Model, type TrialRef } from '@spikegrad/core'
import { createModelFromJson, train } from '@spikegrad/node'
import { encodeFloat64 } from './float64Base64.js'
import { GRADIENT_JOB_FORMAT } from './gradientJob.js'
import { queueGradients } from './queueGradients.js'
import { startQueueWorker, type QueueWorker } from './queueWorker.js'
import { freePort, startRedis, withRedis, type RedisServer } from './testing/redisServer.js'
import { tinyXorSpec } from './tinyModel.test-kit.js'

const test = withRedis(avaTest)

let redis: RedisServer
let worker: QueueWorker
let model: Model

test.before(async () => {
  redis = await startRedis()
  const created = await createModelFromJson(tinyXorSpec(), process.cwd())
  if (isLeft(created)) throw new Error(created.left.message)
  model = created.right
  const started = await startQueueWorker({ connection: redis.url, concurrency: 2 })
  if (isLeft(started)) throw new Error(started.left.message)
  worker = started.right
})

test.after.always(async () => {
  await worker?.close()
  await redis?.stop()
})

const bits = (x: Float64Array | number): string => encodeFloat64(typeof x === 'number' ? Float64Array.of(x) : x)

test('queueGradients — each trial\'s loss and gradient are the bits computed in this thread, in trial order', async (t) => {
  const source = await queueGradients({ spec: model.spec }, { connection: redis.url })
  if (isLeft(source)) return t.fail(source.left.message)
  try {
    const trials: TrialRef[] = [0, 1, 2, 3, 4].map((i) => ({ seed: trainingTrialSeed(7, 0, i) }))
    const queued = await source.right.gradients(model.theta, trials)
    const local = await inProcessGradients(model.task, model.network, model.spec.solver).gradients(model.theta, trials)
    t.is(queued.length, trials.length)
    for (let i = 0; i < trials.length; i++) {
      const a = queued[i]!
      const b = local[i]!
      if (!isRight(a) || !isRight(b)) return t.fail(`trial ${i} failed`)
      t.is(bits(a.right.loss), bits(b.right.loss), `loss of trial ${i}`)
      t.is(bits(a.right.gradient), bits(b.right.gradient), `gradient of trial ${i}`)
    }
    t.deepEqual(source.right.stats(), { jobs: 5, stalled: 0 })
  } finally {
    await source.right.close()
  }
})

test('queueGradients — fit on the queue ends with the θ and losses of fit in this thread (3 steps, batch 4)', async (t) => {
  const source = await queueGradients({ spec: model.spec }, { connection: redis.url, runId: 'fit-on-queue' })
  if (isLeft(source)) return t.fail(source.left.message)
  const common = { network: model.network, task: model.task, theta: model.theta, batchSize: 4, seed: 3, iterations: 3, solve: model.spec.solver ?? {} }
  try {
    const queued = await fit({ ...common, optimizer: adamChain(0.05), gradients: source.right })
    const local = await fit({ ...common, optimizer: adamChain(0.05) })
    if (isLeft(queued) || isLeft(local)) return t.fail('a run failed')
    t.is(bits(queued.right.theta), bits(local.right.theta))
    t.deepEqual(
      queued.right.history.iterations.map((r) => [r.loss, r.gradientNorm]),
      local.right.history.iterations.map((r) => [r.loss, r.gradientNorm]),
    )
  } finally {
    await source.right.close()
  }
})

test('queueGradients — two runs on one queue at once each get their own results; a job of another run is never taken for theirs', async (t) => {
  const a = await queueGradients({ spec: model.spec }, { connection: redis.url, runId: 'run-a' })
  const b = await queueGradients({ spec: model.spec }, { connection: redis.url, runId: 'run-b' })
  if (isLeft(a) || isLeft(b)) return t.fail('no source')
  try {
    const thetaB = Float64Array.from(model.theta, (x) => x * 0.5)
    const trials: TrialRef[] = [{ seed: 11 }, { seed: 12 }]
    // a foreign job with run-a's would-be id pattern but another run id sits in the queue meanwhile
    const queue = new Queue('spikegrad-gradients', { connection: { url: redis.url } })
    await queue.add('gradient', { format: GRADIENT_JOB_FORMAT, runId: 'intruder', spec: model.spec, theta: encodeFloat64(thetaB), trial: { seed: 11 } }, { jobId: 'intruder-0-0-0' })
    await queue.close()
    const [ra, rb] = await Promise.all([a.right.gradients(model.theta, trials), b.right.gradients(thetaB, trials)])
    const local = inProcessGradients(model.task, model.network, model.spec.solver)
    const la = await local.gradients(model.theta, trials)
    const lb = await local.gradients(thetaB, trials)
    for (let i = 0; i < trials.length; i++) {
      t.is(bits((ra[i] as any).right.gradient), bits((la[i] as any).right.gradient), `run a, trial ${i}`)
      t.is(bits((rb[i] as any).right.gradient), bits((lb[i] as any).right.gradient), `run b, trial ${i}`)
    }
    t.not(bits((ra[0] as any).right.gradient), bits((rb[0] as any).right.gradient), 'the runs differ in θ, so their gradients differ')
  } finally {
    await a.right.close()
    await b.right.close()
  }
})

test('queueGradients — Redis unreachable at start: a value naming the URL, at once', async (t) => {
  const port = await freePort()
  const began = performance.now()
  const source = await queueGradients({ spec: model.spec }, { connection: `redis://127.0.0.1:${port}` })
  t.true(isLeft(source))
  if (isLeft(source)) {
    t.is(source.left._tag, 'RedisUnreachable')
    t.regex(source.left.message, new RegExp(`^cannot reach Redis at redis://127\\.0\\.0\\.1:${port} \\(connection refused: nothing listens on that port\\); start redis-server there`))
  }
  t.true(performance.now() - began < 5000)
})

test('queueGradients — a malformed URL or run id is refused with the expected form', async (t) => {
  const bad = await queueGradients({ spec: model.spec }, { connection: 'http://:pw@host:1' })
  t.true(isLeft(bad) && bad.left._tag === 'InvalidUrl' && /the Redis URL "http:\/\/:\*\*\*@host:1" has the scheme "http:"; give it as redis:\/\/host:port/.test(bad.left.message))
  const run = await queueGradients({ spec: model.spec }, { connection: redis.url, runId: 'a:b' })
  t.true(isLeft(run) && run.left._tag === 'InvalidOptions' && /runId must be 1–64 letters/.test(run.left.message))
})

test('queueGradients — a worker that cannot load the model\'s plugins makes the minibatch reject, naming the worker and the package', async (t) => {
  const spec = { ...model.spec, plugins: [...model.spec.plugins, '@spikegrad/no-such-plugin'] }
  const source = await queueGradients({ spec }, { connection: redis.url })
  if (isLeft(source)) return t.fail(source.left.message)
  try {
    const error = await t.throwsAsync(source.right.gradients(model.theta, [{ seed: 1 }]))
    t.regex(error!.message, /^the queue worker .+:\d+ could not build the model: plugins\[\d\]: .*@spikegrad\/no-such-plugin.*\. Install the model's plugin packages where that worker runs$/)
  } finally {
    await source.right.close()
  }
})

test('queueGradients — a Redis with a password: the right one works (trainer and worker), a wrong one is refused with the password hidden', async (t) => {
  const locked = await startRedis(undefined, ['--requirepass', 'open-sesame'])
  const url = `redis://:open-sesame@127.0.0.1:${locked.port}`
  const lockedWorker = await startQueueWorker({ connection: url })
  try {
    if (isLeft(lockedWorker)) return t.fail(lockedWorker.left.message)
    const source = await queueGradients({ spec: model.spec }, { connection: url })
    if (isLeft(source)) return t.fail(source.left.message)
    const [outcome] = await source.right.gradients(model.theta, [{ seed: 4 }])
    await source.right.close()
    t.true(outcome !== undefined && isRight(outcome))
    const wrong = await queueGradients({ spec: model.spec }, { connection: `redis://:guess@127.0.0.1:${locked.port}` })
    t.true(isLeft(wrong))
    if (isLeft(wrong)) {
      t.regex(wrong.left.message, new RegExp(`^cannot reach Redis at redis://:\\*\\*\\*@127\\.0\\.0\\.1:${locked.port} \\(it refused the credentials: `))
      t.false(wrong.left.message.includes('guess'))
    }
  } finally {
    if (!isLeft(lockedWorker)) await lockedWorker.right.close()
    await locked.stop()
  }
})

test('train with a queue source, Redis lost mid-run: retries for reconnectMs, then stops as GradientsFailed naming the URL, the checkpoint of the last step intact', async (t) => {
  const lost = await startRedis()
  const lostWorker = await startQueueWorker({ connection: lost.url })
  if (isLeft(lostWorker)) return t.fail(lostWorker.left.message)
  const source = await queueGradients({ spec: model.spec }, { connection: lost.url, reconnectMs: 1000 })
  if (isLeft(source)) return t.fail(source.left.message)
  const path = join(await mkdtemp(join(tmpdir(), 'spikegrad-queue-')), 'model.json')
  try {
    const began = { at: 0 }
    const result = await train(model, {
      iterations: 4,
      gradients: source.right,
      checkpoint: { path, every: 1 },
      progress: (e) => {
        if (e.iteration === 1) {
          began.at = performance.now()
          void lost.stop()
        }
      },
    })
    if (!isLeft(result)) return t.fail('the run went on without Redis')
    if (result.left._tag !== 'GradientsFailed') return t.fail(`stopped with ${result.left._tag}, not GradientsFailed`)
    t.regex(result.left.message, new RegExp(`^iteration [12]: lost Redis at ${lost.url.replace(/\./g, '\\.')}: unreachable for \\d+ s\\. Training stopped; the last checkpoint is unchanged\\.$`))
    t.true(performance.now() - began.at < 15_000, 'stopped within the bound')
    const saved = JSON.parse(await readFile(path, 'utf8'))
    t.is(saved.iteration, result.left.model.iteration, 'the checkpoint is the last completed step')
    t.deepEqual(saved.weights, modelToFile(result.left.model).weights)
  } finally {
    await source.right.close()
    await lostWorker.right.close()
    await lost.stop()
  }
})

test('queueGradients — with no worker on its queue: says so after idleNoticeMs with the command that starts one; close ends the waiting call', async (t) => {
  const notices: string[] = []
  const source = await queueGradients({ spec: model.spec }, { connection: redis.url, queue: 'nobody-listens', idleNoticeMs: 300, onNotice: (m) => notices.push(m) })
  if (isLeft(source)) return t.fail(source.left.message)
  const waiting = source.right.gradients(model.theta, [{ seed: 1 }])
  const overlapping = await t.throwsAsync(source.right.gradients(model.theta, [{ seed: 2 }]))
  t.regex(overlapping!.message, /one minibatch at a time/)
  while (notices.length === 0) await new Promise((r) => setTimeout(r, 50))
  t.deepEqual(notices, [`no worker has taken a job of run ${source.right.runId} for 0 s; start one: spikegrad worker --redis ${redis.url}`])
  await source.right.close()
  const error = await t.throwsAsync(waiting)
  t.is(error!.message, 'the queue gradient source was closed during a minibatch')
})
