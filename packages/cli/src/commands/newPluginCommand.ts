import { resolve } from 'node:path'
import { Argument } from 'commander'
import { installedVersions } from '../newPlugin/installedVersions.js'
import { pluginKinds, pluginNames } from '../newPlugin/pluginNames.js'
import { scaffoldFiles } from '../newPlugin/scaffoldFiles.js'
import { writePluginFolder } from '../newPlugin/writePluginFolder.js'
import { UserError, usageError } from '../cliError.js'
import type { CommandRegistrar } from './commandContext.js'

interface NewPluginOptions {
  readonly dir?: string
  readonly package?: string
  readonly equations?: boolean
}

/**
 * `spikegrad new-plugin <neuron|gate|loss|task> <name> [--dir folder] [--package name] [--equations]`:
 * writes a plugin package (default folder and package name `spikegrad-<kind>-<name>`) whose
 * `npm test` builds it and runs `checkPlugin` on it — see docs/writing-a-plugin.md; with
 * `--equations`, a neuron written as its equations (docs/equation-neurons.md). Prints the
 * folder on stdout and the next steps on stderr. Refuses an invalid name, `--equations` for
 * another kind than a neuron, and a folder that exists and is not empty.
 */
export const newPluginCommand: CommandRegistrar = (program, { stdout, stderr }) => {
  program
    .command('new-plugin')
    .description('write a plugin package (a neuron, gate, loss or task) with its ContainerModule, a checkPlugin test and a README')
    .addArgument(new Argument('<kind>', 'what the plugin provides').choices(pluginKinds))
    .argument('<name>', 'the name it is bound under, e.g. alif (lowercase words joined by hyphens)')
    .option('--dir <folder>', 'the folder to write (default: the package name without its scope, in the current directory)')
    .option('--package <name>', 'the npm package name (default spikegrad-<kind>-<name>)')
    .option('--equations', 'a neuron written as its equations, every derivative derived (@spikegrad/neuron-equations)')
    .action((kind: string, name: string, options: NewPluginOptions) => {
      const names = pluginNames(kind, name, options.package)
      const equations = options.equations === true
      if (equations && kind !== 'neuron') throw usageError(`new-plugin: --equations writes a neuron, not a ${kind} (e.g. spikegrad new-plugin neuron ${name} --equations)`)
      const versions = installedVersions()
      if (equations && versions.equations === undefined) {
        throw new UserError('new-plugin: --equations needs @spikegrad/neuron-equations installed beside spikegrad (npm install @spikegrad/neuron-equations)')
      }
      const dir = resolve(options.dir ?? names.packageName.replace(/^@[^/]+\//, ''))
      writePluginFolder(dir, scaffoldFiles(names, versions, { equations }))
      stdout.write(`${dir}\n`)
      stderr.write(
        `wrote the ${kind} plugin "${name}"${equations ? ' written as equations' : ''} (package ${names.packageName}); next:\n` +
          `  cd ${dir}\n  npm test      # build, then checkPlugin on ${names.module}\n  npm pack      # the tarball to install beside spikegrad\n`,
      )
    })
}
