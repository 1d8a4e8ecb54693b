/**
 * How the `spikegrad` command fails: a {@link UserError} says what was wrong and how to fix
 * it, and {@link runCli} turns every error into one line on stderr and an exit code, never a
 * stack trace (unless SPIKEGRAD_DEBUG=1).
 *
 * Exit codes: 0 success, 1 failure (the command ran and could not finish), 2 usage (the
 * command line itself was wrong: unknown option, missing argument, bad option value), 130
 * interrupted (Ctrl-C; `train` has saved its checkpoint).
 */

import { envFlag } from './util/envFlag.js'
import { terminalText } from './util/terminalText.js'

// -------------------------------------------------------------------------------------
// model
// -------------------------------------------------------------------------------------

/** Exit codes of the `spikegrad` command (130: stopped by Ctrl-C, as shells report SIGINT). */
export const ExitCode = { ok: 0, failure: 1, usage: 2, interrupted: 130 } as const
export type ExitCode = (typeof ExitCode)[keyof typeof ExitCode]

/**
 * An error the user can fix: its message names what was wrong and the fix, e.g.
 * `--iterations must be a positive integer, got "ten" (e.g. --iterations 500)`.
 * Printed without a stack trace.
 */
export class UserError extends Error {
  override readonly name = 'UserError'
  /** 2 for a wrong command line, 1 for any other failure. */
  readonly exitCode: ExitCode

  constructor(message: string, options: { readonly exitCode?: ExitCode; readonly cause?: unknown } = {}) {
    super(message, options.cause === undefined ? undefined : { cause: options.cause })
    this.exitCode = options.exitCode ?? ExitCode.failure
  }
}

/** A {@link UserError} about the command line itself (exit code 2). */
export function usageError(message: string): UserError {
  return new UserError(message, { exitCode: ExitCode.usage })
}

/** Where {@link runCli} writes its diagnostics, and the environment it reads. */
export interface CliIo {
  readonly stderr: { write(chunk: string): unknown }
  readonly env: Readonly<Record<string, string | undefined>>
}

// -------------------------------------------------------------------------------------
// runner
// -------------------------------------------------------------------------------------

/**
 * Runs the command line `argv` (as `process.argv`: node, script, args…) through `run` and
 * returns the exit code; never throws. A UserError or a commander usage error prints
 * `spikegrad: <message>` (as `terminalText`: control characters escaped); anything else prints `spikegrad: unexpected error: <message>` and a
 * hint to set SPIKEGRAD_DEBUG=1, which adds the stack.
 * @example process.exitCode = await runCli(process.argv, (argv) => buildProgram().parseAsync(argv))
 */
export async function runCli(
  argv: readonly string[],
  run: (argv: readonly string[]) => Promise<unknown>,
  io: CliIo = { stderr: process.stderr, env: process.env },
): Promise<ExitCode> {
  try {
    await run(argv)
    return ExitCode.ok
  } catch (error) {
    return report(error, argv, io)
  }
}

function report(error: unknown, argv: readonly string[], io: CliIo): ExitCode {
  const debug = envFlag(io.env.SPIKEGRAD_DEBUG)
  const stack = debug && error instanceof Error && error.stack !== undefined ? `${error.stack}\n` : ''
  if (error instanceof UserError) {
    io.stderr.write(terminalText(`spikegrad: ${error.message}\n${stack}`))
    return error.exitCode
  }
  if (isCommanderError(error)) {
    // Help and --version end parsing through an "error" whose exit code is 0; a help page
    // shown because a subcommand was missing has already been printed (exit code 1 → usage).
    if (error.exitCode === 0) return ExitCode.ok
    if (error.code !== 'commander.help') {
      io.stderr.write(terminalText(`spikegrad: ${error.message.replace(/^error: /, '')}\n${helpHint(error.code, argv)}\n${stack}`))
    }
    return ExitCode.usage
  }
  const message = error instanceof Error ? error.message : String(error)
  io.stderr.write(terminalText(`spikegrad: unexpected error: ${message}\n` + (debug ? stack : '(set SPIKEGRAD_DEBUG=1 for the stack)\n')))
  return ExitCode.failure
}

/** `(run "spikegrad plot --help" for usage)`, naming the subcommand when there is one. */
function helpHint(code: string, argv: readonly string[]): string {
  const first = argv[2]
  const command = first !== undefined && !first.startsWith('-') && code !== 'commander.unknownCommand' ? ` ${first}` : ''
  return `(run "spikegrad${command} --help" for usage)`
}

/** Commander's errors, recognised by their `code` so that this module needs no commander import. */
function isCommanderError(error: unknown): error is Error & { code: string; exitCode: number } {
  if (!(error instanceof Error)) return false
  const { code, exitCode } = error as Error & { code?: unknown; exitCode?: unknown }
  return typeof code === 'string' && code.startsWith('commander.') && typeof exitCode === 'number'
}
