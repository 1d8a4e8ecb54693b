import { readFileSync } from 'node:fs'
import { Writable } from 'node:stream'
import { fileURLToPath } from 'node:url'
import { codeBlocks, runCodeBlock } from '@spikegrad/docs-kit'
import test from 'ava'
import { isLeft } from 'fp-ts/lib/Either.js'
import { runCli } from './cliError.js'
import type { CommandRegistrar } from './commands/commandContext.js'
import { buildProgram } from './program.js'

const here = (path: string): string => fileURLToPath(new URL(path, import.meta.url))

/** Captures what is written to a stream. */
function sink() {
  let text = ''
  const stream = new Writable({
    write(chunk: Buffer, _encoding, done) {
      text += chunk.toString()
      done()
    },
  })
  return { stream, text: () => text }
}

test('README — the "Adding a command" example type-checks, registers, runs and rejects a bad option', async (t) => {
  const [block] = codeBlocks(readFileSync(here('../README.md'), 'utf8'), 'README.md')
  if (block === undefined) return t.fail('README has no ```ts block')
  // run beside the compiled files, so that '@spikegrad/cli' and 'commander' resolve
  const ran = await runCodeBlock(block, { dir: here('.') })
  if (isLeft(ran)) return t.fail(ran.left.message)
  const countCommand = ran.right.exports.countCommand as CommandRegistrar

  const run = async (...args: string[]) => {
    const out = sink()
    const err = sink()
    const context = { stdout: out.stream, stderr: err.stream, env: { CI: 'true' } }
    const code = await runCli(['node', 'spikegrad', ...args], (argv) => buildProgram([countCommand], context).parseAsync([...argv]), {
      stderr: err.stream,
      env: {},
    })
    return { code, stdout: out.text(), stderr: err.text() }
  }
  const ok = await run('count', '--to', '3')
  t.is(ok.code, 0)
  t.is(ok.stdout, 'counted to 3\n')
  const lines = ok.stderr.trim().split('\n')
  t.regex(lines[0]!, /^count {2}iter 1\/3 {2}square 1 {2}/)
  t.regex(lines.at(-1)!, /^count {2}iter 3\/3 {2}square 9 {2}.* eta 0s$/)
  t.deepEqual(await run('count', '--to', '0'), {
    code: 2,
    stdout: '',
    stderr: 'spikegrad: --to must be a positive integer, got "0" (e.g. --to 500)\n',
  })
  t.is((await run('count', '--to', '5000')).code, 2)
})
