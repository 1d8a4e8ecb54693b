import test from 'ava'
import { ExitCode, UserError, runCli, usageError } from './cliError.js'

/** Runs `run` through runCli with captured stderr and the given environment. */
async function capture(run: () => Promise<unknown>, env: Record<string, string> = {}, argv = ['node', 'spikegrad']) {
  let stderr = ''
  const code = await runCli(argv, run, { stderr: { write: (s: string) => (stderr += s) }, env })
  return { code, stderr }
}

/** A commander error as commander 14 throws it under exitOverride(). */
function commanderError(code: string, exitCode: number, message: string): Error {
  return Object.assign(new Error(message), { code, exitCode })
}

test('runCli — a run that completes exits 0 and prints nothing', async (t) => {
  t.deepEqual(await capture(async () => {}), { code: ExitCode.ok, stderr: '' })
})

test('runCli — a UserError prints "spikegrad: <message>" without a stack and exits 1', async (t) => {
  const { code, stderr } = await capture(async () => {
    throw new UserError('model.json: no such file; give the path of a model file')
  })
  t.is(code, 1)
  t.is(stderr, 'spikegrad: model.json: no such file; give the path of a model file\n')
})

test('runCli — a usage error exits 2', async (t) => {
  const { code, stderr } = await capture(async () => {
    throw usageError('--iterations must be a positive integer, got "x"')
  })
  t.is(code, 2)
  t.is(stderr, 'spikegrad: --iterations must be a positive integer, got "x"\n')
})

test('runCli — a commander parse error exits 2, drops "error: " and points to the subcommand help', async (t) => {
  const { code, stderr } = await capture(
    async () => {
      throw commanderError('commander.unknownOption', 1, "error: unknown option '--bogus'")
    },
    {},
    ['node', 'spikegrad', 'plot', 'm.json', '--bogus'],
  )
  t.is(code, 2)
  t.is(stderr, `spikegrad: unknown option '--bogus'\n(run "spikegrad plot --help" for usage)\n`)
})

test('runCli — an unknown command points to the top-level help', async (t) => {
  const { stderr } = await capture(
    async () => {
      throw commanderError('commander.unknownCommand', 1, "error: unknown command 'trian'")
    },
    {},
    ['node', 'spikegrad', 'trian'],
  )
  t.is(stderr, `spikegrad: unknown command 'trian'\n(run "spikegrad --help" for usage)\n`)
})

test('runCli — --help and --version end with exit 0 and no message', async (t) => {
  for (const code of ['commander.helpDisplayed', 'commander.version']) {
    t.deepEqual(await capture(async () => Promise.reject(commanderError(code, 0, '(outputHelp)'))), { code: 0, stderr: '' })
  }
})

test('runCli — help shown for a missing subcommand exits 2 without another message', async (t) => {
  t.deepEqual(await capture(async () => Promise.reject(commanderError('commander.help', 1, '(outputHelp)'))), {
    code: 2,
    stderr: '',
  })
})

test('runCli — an unexpected error prints a short message and the SPIKEGRAD_DEBUG hint, no stack, exit 1', async (t) => {
  const { code, stderr } = await capture(async () => {
    throw new TypeError('x is not a function')
  })
  t.is(code, 1)
  t.is(stderr, 'spikegrad: unexpected error: x is not a function\n(set SPIKEGRAD_DEBUG=1 for the stack)\n')
})

test('runCli — SPIKEGRAD_DEBUG=1 adds the stack to any error', async (t) => {
  const unexpected = await capture(async () => Promise.reject(new TypeError('boom')), { SPIKEGRAD_DEBUG: '1' })
  t.regex(unexpected.stderr, /^spikegrad: unexpected error: boom\nTypeError: boom\n\s+at /)
  t.notRegex(unexpected.stderr, /set SPIKEGRAD_DEBUG=1/)
  const user = await capture(async () => Promise.reject(new UserError('bad')), { SPIKEGRAD_DEBUG: 'true' })
  t.regex(user.stderr, /^spikegrad: bad\nUserError: bad\n\s+at /)
  t.is(user.code, 1)
})

test('runCli — SPIKEGRAD_DEBUG=0 leaves the stack out', async (t) => {
  const { stderr } = await capture(async () => Promise.reject(new Error('boom')), { SPIKEGRAD_DEBUG: '0' })
  t.notRegex(stderr, /\bat /)
})

test('runCli — a thrown non-Error value is reported as an unexpected error', async (t) => {
  const { code, stderr } = await capture(async () => Promise.reject('plain string'))
  t.is(code, 1)
  t.is(stderr, 'spikegrad: unexpected error: plain string\n(set SPIKEGRAD_DEBUG=1 for the stack)\n')
})
