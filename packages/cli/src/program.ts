import { Command } from 'commander'
import type { CommandContext, CommandRegistrar } from './commands/commandContext.js'
import { commandRegistrars } from './commands/registry.js'
import { packageVersion } from './packageVersion.js'
import { escapingStream } from './util/terminalText.js'

/**
 * The `spikegrad` program: name, version, description and every registered subcommand.
 * Parsing never exits the process: commander throws instead (exitOverride) and does not print
 * its own error line, so that runCli reports every failure the same way. Whatever the commands
 * write is shown as `terminalText` (strings from files and arguments cannot act on the terminal).
 * @example await runCli(process.argv, (argv) => buildProgram().parseAsync(argv))
 */
export function buildProgram(
  registrars: readonly CommandRegistrar[] = commandRegistrars,
  given: CommandContext = { stdout: process.stdout, stderr: process.stderr, env: process.env },
): Command {
  const context: CommandContext = { ...given, stdout: escapingStream(given.stdout), stderr: escapingStream(given.stderr) }
  const program = new Command()
    .name('spikegrad')
    .version(packageVersion(), '-V, --version', 'print the version number')
    .description('Exact gradient-descent training of spiking neural networks (gated synapses, adjoint ODE).')
    .configureOutput({
      writeOut: (text) => context.stdout.write(text),
      writeErr: (text) => context.stderr.write(text),
      outputError: () => {}, // runCli prints the message
    })
    .exitOverride()
  for (const register of registrars) register(program, context)
  // Subcommands inherit the exit and output settings of the program only if created after
  // them; apply them again to any registrar that built its command differently.
  for (const command of program.commands) {
    command.exitOverride().configureOutput(program.configureOutput())
  }
  return program
}
