import { readFileSync } from 'node:fs'
import { fileURLToPath } from 'node:url'
import { codeBlocks, runCodeBlock } from '@spikegrad/docs-kit'
import avaTest from 'ava'
import { isLeft } from 'fp-ts/lib/Either.js'
import { startRedis, withRedis } from './testing/redisServer.js'

const test = withRedis(avaTest)
const here = (path: string): string => fileURLToPath(new URL(path, import.meta.url))

test('README — the example type-checks and runs against a real Redis (a queue run with the bits of a local one)', async (t) => {
  const [block] = codeBlocks(readFileSync(here('../README.md'), 'utf8'), 'README.md')
  if (block === undefined) return t.fail('README has no ```ts block')
  const redis = await startRedis()
  const previous = process.env.SPIKEGRAD_REDIS
  try {
    process.env.SPIKEGRAD_REDIS = redis.url
    // run beside the compiled files, so that '@spikegrad/*' resolve
    const run = await runCodeBlock(block, { dir: here('.') })
    if (isLeft(run)) return t.fail(run.left.message)
    for (const line of run.right.printed) t.log(line)
    t.pass()
  } finally {
    if (previous === undefined) delete process.env.SPIKEGRAD_REDIS
    else process.env.SPIKEGRAD_REDIS = previous
    await redis.stop()
  }
})
