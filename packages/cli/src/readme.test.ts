import { readFileSync, rmSync, writeFileSync } from 'node:fs'
import { Writable } from 'node:stream'
import { fileURLToPath, pathToFileURL } from 'node:url'
import test from 'ava'
import ts from 'typescript'
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
  const readme = readFileSync(here('../README.md'), 'utf8')
  const code = /```ts\n([\s\S]*?)```/.exec(readme)?.[1]
  if (code === undefined) return t.fail('README has no ```ts block')
  // written beside the compiled files, so that '@spikegrad/cli' and 'commander' resolve
  const base = here(`./.readme-example-${process.pid}`)
  let countCommand: CommandRegistrar
  try {
    writeFileSync(`${base}.ts`, code)
    const program = ts.createProgram([`${base}.ts`], {
      module: ts.ModuleKind.NodeNext,
      moduleResolution: ts.ModuleResolutionKind.NodeNext,
      target: ts.ScriptTarget.ES2022,
      strict: true,
      noEmit: true,
      skipLibCheck: true,
      types: ['node'],
    })
    const diagnostics = ts.getPreEmitDiagnostics(program).map((d) => ts.flattenDiagnosticMessageText(d.messageText, '\n'))
    t.deepEqual(diagnostics, [])
    writeFileSync(`${base}.mjs`, ts.transpileModule(code, { compilerOptions: { module: ts.ModuleKind.ESNext } }).outputText)
    countCommand = ((await import(pathToFileURL(`${base}.mjs`).href)) as { countCommand: CommandRegistrar }).countCommand
  } finally {
    rmSync(`${base}.ts`, { force: true })
    rmSync(`${base}.mjs`, { force: true })
  }

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
