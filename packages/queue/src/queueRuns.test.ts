import avaTest from 'ava'
import { isLeft } from 'fp-ts/lib/Either.js'
import { modelToFile, type ModelFile } from '@spikegrad/core'
import { createModelFromJson, train } from '@spikegrad/node'
import { queueRuns } from './queueRuns.js'
import { startQueueWorker } from './queueWorker.js'
import { startRedis, withRedis } from './testing/redisServer.js'
import { tinyXorSpec } from './tinyModel.test-kit.js'

const test = withRedis(avaTest)

test('queueRuns — whole runs as jobs: each trained model file is the one train in this process makes; a file that is not one fails alone', async (t) => {
  const redis = await startRedis()
  const worker = await startQueueWorker({ connection: redis.url, concurrency: 2 })
  if (isLeft(worker)) return t.fail(worker.left.message)
  try {
    const files: ModelFile[] = []
    for (const seed of [3, 4]) {
      const created = await createModelFromJson(tinyXorSpec(seed), process.cwd())
      if (isLeft(created)) return t.fail(created.left.message)
      files.push(modelToFile({ ...created.right, spec: { ...created.right.spec, run: { iterations: 2 } } }))
    }
    const done: number[] = []
    const broken = { ...files[0]!, weights: {} } as ModelFile
    const outcomes = await queueRuns([...files, broken], { connection: redis.url, onDone: (i) => done.push(i) })
    if (isLeft(outcomes)) return t.fail(outcomes.left.message)
    t.deepEqual([...done].sort(), [0, 1, 2])
    for (const [i, file] of files.entries()) {
      const outcome = outcomes.right[i]!
      if (isLeft(outcome)) return t.fail(outcome.left)
      const created = await createModelFromJson(tinyXorSpec(i + 3), process.cwd())
      if (isLeft(created)) return t.fail(created.left.message)
      const local = await train(created.right, { iterations: 2 })
      if (isLeft(local)) return t.fail(local.left.message)
      t.is(outcome.right.iteration, 2)
      t.deepEqual(outcome.right.weights, modelToFile(local.right).weights, `run ${i}`)
      t.deepEqual(outcome.right.optimizerState, modelToFile(local.right).optimizerState)
      t.is(file.iteration, 0)
    }
    const third = outcomes.right[2]!
    t.true(isLeft(third) && /^the run job .+-2 failed on .+:\d+: model\.weights\["hidden<-input"\]: is missing/.test(third.left), isLeft(third) ? third.left : 'trained')
  } finally {
    await worker.right.close()
    await redis.stop()
  }
})
