import { Option } from 'commander'
import { bestOf, decodeNetworkConfig, modelToFile } from '@spikegrad/core'
import { readJsonFile, writeFileAtomic } from '@spikegrad/node'
import type * as Nir from '@spikegrad/nir'
import { UserError, usageError } from '../cliError.js'
import { loadNetworkFile } from '../gradient/loadNetworkFile.js'
import { openModel } from '../model/openModel.js'
import { refuseOutputOverInput } from '../util/refuseOutputOverInput.js'
import type { CommandRegistrar } from './commandContext.js'

interface ExportOptions {
  readonly nir: string
  readonly timeUnit: 'ms' | 's'
  readonly last?: boolean
}

/**
 * `spikegrad export <model.json> --nir <file.nir> [--time-unit ms|s] [--last]`: writes a model
 * file (its best parameters when the run kept them, as `evaluate` scores it; `--last` for the
 * last) or a network configuration as a NIR graph (see docs/nir.md): spike inputs as Input,
 * projections as Linear, LIF populations as CubaLIF, the readout as Linear → LI → Output. The
 * rest of the document (task, trial, solver, gates, masks) travels in the graph's metadata for
 * `spikegrad import`. A network NIR cannot express (theta neurons, analog inputs, sources of one
 * population with different trace time constants) is refused (exit 1) naming each part and why;
 * nothing is written then. The file is written atomically, never over the input.
 */
export const exportCommand: CommandRegistrar = (program, { stdout }) => {
  program
    .command('export')
    .description('write a model (or network configuration) as a NIR graph, the neuromorphic intermediate representation (HDF5)')
    .argument('<model>', 'model file or network configuration, e.g. models/yinyang/model.json')
    .requiredOption('--nir <file>', 'the NIR file to write, e.g. yinyang.nir')
    .addOption(new Option('--time-unit <unit>', 'unit of the time constants in the file (NIR\'s table states ms; several Python frameworks write s)').choices(['ms', 's']).default('ms'))
    .option('--last', 'export the last parameters, not the best ones the run kept')
    .action(async (path: string, options: ExportOptions) => {
      refuseOutputOverInput({ flag: '--nir', path: options.nir }, [{ flag: '<model>', path }])
      const json = readJsonFile(path)
      if (json._tag === 'Left') throw new UserError(json.left.message)
      const document = json.right
      if (typeof document !== 'object' || document === null || Array.isArray(document)) throw new UserError(`${path} is not a spikegrad model file or network configuration (a JSON object)`)
      const format = (document as { format?: unknown }).format
      // the document kept in the metadata is the current format's (an earlier file converted), so that import reads it back
      let source: { network: Parameters<typeof Nir.networkToNir>[0]; theta: Float64Array; what: string; document: Record<string, unknown> }
      if (typeof format === 'string' && format.startsWith('spikegrad-model/')) {
        const model = await openModel(path)
        const chosen = options.last === true ? model : bestOf(model)
        const what = chosen === model ? `the parameters after ${model.iteration} iterations` : `the best parameters (iteration ${model.best!.iteration})`
        source = { network: chosen.network, theta: chosen.theta, what, document: modelToFile(model) as unknown as Record<string, unknown> }
      } else if (format === undefined || (typeof format === 'string' && format.startsWith('spikegrad-network/'))) {
        if (options.last === true) throw usageError('--last chooses among a model\'s parameters; a network configuration has one set: drop --last')
        const composed = await loadNetworkFile(path)
        const config = decodeNetworkConfig(document)
        if (config._tag === 'Left') throw new UserError(config.left.message)
        source = { network: composed.network, theta: composed.initialValue.theta, what: 'its weights', document: config.right as unknown as Record<string, unknown> }
      } else {
        throw new UserError(`${path} is not a spikegrad model file or network configuration (its "format" is ${JSON.stringify(format)}); give a model written by spikegrad train or a file like examples/feedforward-lif.json`)
      }
      // (NIR's HDF5 writer, WebAssembly, is loaded by the commands that use it: every other command starts without it)
      const { exportMetadata, networkToNir, writeNir } = await import('@spikegrad/nir')
      const graph = networkToNir(source.network, source.theta, { timeUnit: options.timeUnit, metadata: exportMetadata(source.document) })
      if (graph._tag === 'Left') {
        const lines = graph.left.issues.map((i) => `${i.at}: ${i.problem}${i.fix === undefined ? '' : `; ${i.fix}`}`)
        throw new UserError(`${path}: NIR cannot express this network:\n  ${lines.join('\n  ')}`)
      }
      const bytes = await writeNir(graph.right)
      const written = writeFileAtomic(options.nir, bytes)
      if (written._tag === 'Left') throw new UserError(written.left.message)
      const nodes = Object.values(graph.right.nodes)
      const count = (type: string) => nodes.filter((n) => n.type === type).length
      stdout.write(
        `wrote ${options.nir} (${bytes.length} bytes): ${count('Input')} Input, ${count('CubaLIF')} CubaLIF, ${count('Linear')} Linear, ${count('LI')} LI, ${count('Output')} Output; ${graph.right.edges.length} edges; ${source.what}; time constants in ${options.timeUnit}\n`,
      )
    })
}
