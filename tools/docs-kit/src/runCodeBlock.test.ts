import test from 'ava'
import { existsSync, readdirSync } from 'node:fs'
import { fileURLToPath } from 'node:url'
import { isLeft, isRight } from 'fp-ts/lib/Either.js'
import { runCodeBlock } from './runCodeBlock.js'

const dir = fileURLToPath(new URL('.', import.meta.url))
const block = (code: string, line = 10) => ({ code, line, page: 'docs/page.md' })
const leftovers = () => readdirSync(dir).filter((f) => f.startsWith('.code-block-'))

test('runCodeBlock — a block that type-checks runs: what it printed, its exports, console.log restored, no file left', async (t) => {
  const log = console.log
  const run = await runCodeBlock(block("import { join } from 'node:path'\nexport const joined: string = join('a', 'b')\nconsole.log('joined', joined, [1, 2])\n"), { dir })
  if (isLeft(run)) return t.fail(run.left.message)
  t.deepEqual(run.right.printed, ['joined a/b [ 1, 2 ]'])
  t.is(run.right.exports.joined, 'a/b')
  t.is(console.log, log)
  t.deepEqual(leftovers(), [])
})

test('runCodeBlock — a type error is a Left that names the page and line, and the block does not run', async (t) => {
  const run = await runCodeBlock(block("const n: number = 'text'\nthrow new Error('ran')\n", 20), { dir })
  if (isRight(run)) return t.fail('a block with a type error passed')
  t.is(run.left.kind, 'type-errors')
  t.regex(run.left.message, /^docs\/page\.md:20: Type 'string' is not assignable to type 'number'/)
  t.deepEqual(leftovers(), [])
})

test('runCodeBlock — strict: an implicit any is an error', async (t) => {
  const run = await runCodeBlock(block('export function f(x) { return x }\n'), { dir })
  t.true(isLeft(run) && run.left.kind === 'type-errors' && /implicitly has an 'any' type/.test(run.left.message))
})

test('runCodeBlock — a block that throws is a Left with its message; console.log is restored', async (t) => {
  const log = console.log
  const run = await runCodeBlock(block("console.log('before')\nif (1 + 1 === 2) throw new Error('the fact does not hold')\n", 5), { dir })
  if (isRight(run)) return t.fail('a throwing block passed')
  t.is(run.left.kind, 'threw')
  t.regex(run.left.message, /^docs\/page\.md:5: the block threw: Error: the fact does not hold/)
  t.is(console.log, log)
  t.false(existsSync(`${dir}/.code-block-${process.pid}-0.mjs`))
})

test('runCodeBlock — run: false only type-checks', async (t) => {
  const run = await runCodeBlock(block("throw new Error('ran')\n"), { dir, run: false })
  t.true(isRight(run))
})
