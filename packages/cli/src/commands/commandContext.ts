import type { Command } from 'commander'

/**
 * What a command may use besides its arguments: the streams to write to and the environment.
 * Commands write results to `stdout` and progress and diagnostics to `stderr`, so that
 * `spikegrad … > file` captures only results. Tests pass their own streams.
 */
export interface CommandContext {
  readonly stdout: NodeJS.WritableStream
  readonly stderr: NodeJS.WritableStream
  readonly env: Readonly<Record<string, string | undefined>>
}

/**
 * Adds one subcommand to the program: `program.command('name')…action(…)`. Its action throws a
 * UserError for anything the user can fix; runCli turns that into a message and an exit code.
 */
export type CommandRegistrar = (program: Command, context: CommandContext) => void
