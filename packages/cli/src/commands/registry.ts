import { benchCommand } from './benchCommand.js'
import type { CommandRegistrar } from './commandContext.js'
import { gradientCommand } from './gradientCommand.js'
import { plotCommand } from './plotCommand.js'
import { versionCommand } from './versionCommand.js'

/**
 * Every subcommand of `spikegrad`, in the order `--help` lists them. To add one (train,
 * evaluate), write `src/commands/<name>Command.ts` exporting a
 * {@link CommandRegistrar} and append it here; nothing else changes.
 */
export const commandRegistrars: readonly CommandRegistrar[] = [
  // train and evaluate go here, once core can do them
  gradientCommand,
  benchCommand,
  plotCommand(),
  versionCommand,
]
