import { Writable } from 'node:stream'
import test from 'ava'
import { runCli } from './cliError.js'
import type { CommandRegistrar } from './commands/commandContext.js'
import { parsePositiveInt } from './optionParsers.js'
import { buildProgram } from './program.js'

/** A test command `demo --iterations <n>` whose action echoes the parsed value or throws. */
const demo: CommandRegistrar = (program, { stdout }) => {
  program
    .command('demo')
    .option('--iterations <n>', 'how many', parsePositiveInt('--iterations'), 10)
    .option('--crash', 'throw an unexpected error')
    .action((options: { iterations: number; crash?: boolean }) => {
      if (options.crash === true) throw new TypeError('something broke')
      stdout.write(`iterations=${options.iterations}\n`)
    })
}

/** Runs `spikegrad ...args` in-process with the demo command and captured output. */
async function run(...args: string[]) {
  const out = { stdout: '', stderr: '' }
  const stream = (key: 'stdout' | 'stderr') =>
    new Writable({
      write(chunk: Buffer, _encoding, done) {
        out[key] += chunk.toString()
        done()
      },
    })
  const context = { stdout: stream('stdout'), stderr: stream('stderr'), env: {} }
  const stderr = { write: (s: string) => (out.stderr += s) }
  const code = await runCli(['node', 'spikegrad', ...args], (argv) => buildProgram([demo], context).parseAsync([...argv]), {
    stderr,
    env: {},
  })
  return { code, ...out }
}

test('buildProgram — a registered command runs with its parsed numeric option', async (t) => {
  t.deepEqual(await run('demo', '--iterations', '25'), { code: 0, stdout: 'iterations=25\n', stderr: '' })
  t.deepEqual(await run('demo'), { code: 0, stdout: 'iterations=10\n', stderr: '' })
})

test('buildProgram — a bad numeric value exits 2 with a message naming the option and no stack', async (t) => {
  const { code, stderr, stdout } = await run('demo', '--iterations', '-4')
  t.is(code, 2)
  t.is(stdout, '')
  t.is(stderr, 'spikegrad: --iterations must be a positive integer, got "-4" (e.g. --iterations 500)\n')
})

test('buildProgram — a missing option value exits 2 and points to the command help', async (t) => {
  const { code, stderr } = await run('demo', '--iterations')
  t.is(code, 2)
  t.is(stderr, `spikegrad: option '--iterations <n>' argument missing\n(run "spikegrad demo --help" for usage)\n`)
})

test('buildProgram — an unexpected error in an action exits 1 with the debug hint', async (t) => {
  const { code, stderr } = await run('demo', '--crash')
  t.is(code, 1)
  t.is(stderr, 'spikegrad: unexpected error: something broke\n(set SPIKEGRAD_DEBUG=1 for the stack)\n')
})

test('buildProgram — --help lists the registered commands on stdout and exits 0', async (t) => {
  const { code, stdout, stderr } = await run('--help')
  t.is(code, 0)
  t.is(stderr, '')
  t.regex(stdout, /^Usage: spikegrad \[options\] \[command\]/)
  t.regex(stdout, /\n {2}demo \[options\]/)
})

test('buildProgram — the default registry has train, sweep, evaluate, gradient, bench, plot, export, import, schema, worker, new-plugin and version, and no stub commands', (t) => {
  const names = buildProgram().commands.map((c) => c.name())
  t.deepEqual(names, ['train', 'sweep', 'evaluate', 'gradient', 'bench', 'plot', 'export', 'import', 'schema', 'worker', 'new-plugin', 'version'])
})
