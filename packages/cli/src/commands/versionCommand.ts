import { packageVersion } from '../packageVersion.js'
import type { CommandRegistrar } from './commandContext.js'

/**
 * `spikegrad version`: prints `spikegrad <version>` and the Node.js runtime, one per line
 * (the `--version` flag prints the bare version number).
 */
export const versionCommand: CommandRegistrar = (program, { stdout }) => {
  program
    .command('version')
    .description('print the version of spikegrad and of the Node.js runtime')
    .action(() => {
      stdout.write(`spikegrad ${packageVersion()}\nnode ${process.version} (${process.platform}-${process.arch})\n`)
    })
}
