import test from 'ava'
import { readFileSync } from 'node:fs'
import { fileURLToPath } from 'node:url'
import { codeBlocks, commentedOutput, runCodeBlock } from '@spikegrad/docs-kit'
import { isLeft } from 'fp-ts/lib/Either.js'

const here = (path: string): string => fileURLToPath(new URL(path, import.meta.url))

test('README — its example type-checks, runs, and prints what its comment says', async (t) => {
  const [block] = codeBlocks(readFileSync(here('../README.md'), 'utf8'), 'README.md')
  if (block === undefined) return t.fail('README has no ```ts block')
  // run beside the package's compiled files, so that '@spikegrad/…' resolves
  const run = await runCodeBlock(block, { dir: here('.') })
  if (isLeft(run)) return t.fail(run.left.message)
  t.is(run.right.printed.join('\n'), commentedOutput(block.code) ?? 'the example has no `console.log(…) // output` line')
})
