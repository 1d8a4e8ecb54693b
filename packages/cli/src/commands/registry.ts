import { benchCommand } from './benchCommand.js'
import type { CommandRegistrar } from './commandContext.js'
import { evaluateCommand } from './evaluateCommand.js'
import { exportCommand } from './exportCommand.js'
import { gradientCommand } from './gradientCommand.js'
import { importCommand } from './importCommand.js'
import { newPluginCommand } from './newPluginCommand.js'
import { plotCommand } from './plotCommand.js'
import { schemaCommand } from './schemaCommand.js'
import { sweepCommand } from './sweepCommand.js'
import { trainCommand } from './trainCommand.js'
import { versionCommand } from './versionCommand.js'
import { workerCommand } from './workerCommand.js'

/**
 * Every subcommand of `spikegrad`, in the order `--help` lists them. To add one, write
 * `src/commands/<name>Command.ts` exporting a {@link CommandRegistrar} and append it here;
 * nothing else changes.
 */
export const commandRegistrars: readonly CommandRegistrar[] = [
  trainCommand,
  sweepCommand,
  evaluateCommand,
  gradientCommand,
  benchCommand,
  plotCommand(),
  exportCommand,
  importCommand,
  schemaCommand,
  workerCommand,
  newPluginCommand,
  versionCommand,
]
