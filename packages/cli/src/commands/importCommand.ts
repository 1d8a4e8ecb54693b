import { existsSync, readFileSync, renameSync, rmSync, statSync } from 'node:fs'
import { Option } from 'commander'
import { formatIssue, formatModelFile, MODEL_FORMAT, type GateRef } from '@spikegrad/core'
import { loadModel, loadNetworkConfig, writeFileAtomic } from '@spikegrad/node'
import { UserError } from '../cliError.js'
import { builtinPlugins } from '../model/builtinPlugins.js'
import { cliLimits } from '../limits.js'
import { parsePositiveNumber } from '../optionParsers.js'
import { refuseOutputOverInput } from '../util/refuseOutputOverInput.js'
import type { CommandRegistrar } from './commandContext.js'

interface ImportOptions {
  readonly out: string
  readonly gate?: string
  readonly gateWidth?: number
  readonly task?: string
  readonly timeUnit: 'ms' | 's'
  readonly lifTauSyn?: number
}

/**
 * `spikegrad import <file.nir> --out <model.json> [--gate NAME] [--gate-width W] [--task NAME]
 * [--time-unit ms|s] [--lif-tau-syn MS]`: reads a NIR graph as a spikegrad network (see docs/nir.md). A file that
 * spikegrad exported comes back as the model file (at iteration 0) or network configuration it
 * was, its network and weights read from the graph; any other becomes a model file for
 * `--task`. NIR's synapse jumps at the threshold; spikegrad's gated synapse delivers the same
 * charge across a zone below it: the gate is `--gate` (default: the exported one, else
 * poly-bump) of width `--gate-width` (default: the exported one, else 0.1 · (v_threshold −
 * v_reset)); LIF nodes (whose voltage jumps at each input spike) are read as CubaLIF of
 * synaptic time constant `--lif-tau-syn`, or refused without it. Unknown node types and graphs outside the mapping are refused naming the node;
 * the result is checked (composed with its plugins) before it replaces anything, and written
 * atomically, never over the input.
 */
export const importCommand: CommandRegistrar = (program, { stdout, stderr }) => {
  program
    .command('import')
    .description('read a NIR graph (the neuromorphic intermediate representation, HDF5) as a spikegrad model or network configuration')
    .argument('<file>', 'the NIR file, e.g. yinyang.nir')
    .requiredOption('--out <file>', 'the model file (or network configuration) to write, e.g. yinyang.json')
    .option('--gate <name>', 'the gate of every population (e.g. poly-bump, raised-cosine, box); default: the exported one, else poly-bump')
    .option('--gate-width <W>', 'the width of its zone, in the voltage\'s unit (default: the exported one, else 0.1 of v_threshold − v_reset)', parsePositiveNumber('--gate-width'))
    .option('--task <name>', 'the task the model is for, when the file does not say (e.g. yinyang); makes a model file')
    .addOption(new Option('--time-unit <unit>', 'unit of the file\'s time constants').choices(['ms', 's']).default('ms'))
    .option('--lif-tau-syn <ms>', 'read LIF nodes (no synaptic current, e.g. snnTorch\'s Leaky) as CubaLIF with this synaptic time constant, in ms (NIR\'s LIF is its limit 0)', parsePositiveNumber('--lif-tau-syn'))
    .action(async (path: string, options: ImportOptions) => {
      refuseOutputOverInput({ flag: '--out', path: options.out }, [{ flag: '<file>', path }])
      if (!existsSync(path)) throw new UserError(`${path}: file not found; give the path of a .nir file`)
      const stats = statSync(path)
      if (!stats.isFile()) throw new UserError(`${path} is not a regular file; give the path of a .nir file`)
      if (stats.size > cliLimits.nirBytes) throw new UserError(`${path} holds ${stats.size} bytes, more than the ${cliLimits.nirBytes} a NIR file may have here`)
      // (NIR's HDF5 reader, WebAssembly, is loaded by the commands that use it: every other command starts without it)
      const { importedDocument, nirToNetwork, readNir } = await import('@spikegrad/nir')
      const read = await readNir(new Uint8Array(readFileSync(path)), path)
      if (read._tag === 'Left') throw new UserError(`${path}: not a NIR graph spikegrad can read:\n  ${read.left.issues.map(formatIssue).join('\n  ')}`)
      const gate: Partial<GateRef> = { ...(options.gate !== undefined && { name: options.gate }), ...(options.gateWidth !== undefined && { width: options.gateWidth }) }
      const imported = nirToNetwork(read.right, { gate, timeUnit: options.timeUnit, ...(options.lifTauSyn !== undefined && { lifTauSyn: options.lifTauSyn }) })
      if (imported._tag === 'Left') throw new UserError(`${path}: spikegrad has no form for this graph:\n  ${imported.left.issues.map(formatIssue).join('\n  ')}`)
      const hasGate = options.gate !== undefined || options.gateWidth !== undefined
      const doc = importedDocument(imported.right, read.right.metadata, { ...(hasGate && { gate }), ...(options.task !== undefined && { task: options.task }), plugins: builtinPlugins })
      if (doc._tag === 'Left') throw new UserError(`${path}: ${doc.left}`)
      for (const note of doc.right.notes) stderr.write(`import: ${note}\n`)
      const document = doc.right.document
      const isModel = document.format === MODEL_FORMAT
      const text = isModel ? formatModelFile(document as unknown as Parameters<typeof formatModelFile>[0]) : `${JSON.stringify(document, null, 1)}\n`
      // check the result as the commands that read it will, from a scratch file beside the output; then move it into place
      const scratch = `${options.out}.import-${process.pid}.tmp`
      try {
        const written = writeFileAtomic(scratch, text)
        if (written._tag === 'Left') throw new UserError(written.left.message.replace(scratch, options.out))
        const check = isModel ? await loadModel(scratch, builtinPlugins) : await loadNetworkConfig(scratch, builtinPlugins)
        if (check._tag === 'Left') {
          throw new UserError(`${path}: the imported ${isModel ? 'model' : 'configuration'} does not compose:\n  ${check.left.issues.map((i) => formatIssue(i).replace(`${scratch}: `, '')).join('\n  ')}`)
        }
        renameSync(scratch, options.out)
      } finally {
        rmSync(scratch, { force: true })
      }
      const net = imported.right.network
      stdout.write(
        `wrote ${options.out}: a ${isModel ? 'model file' : 'network configuration'} of ${net.populations.map((p) => `${p.name} (${p.size} LIF)`).join(', ')}; ` +
          `${(net.inputs ?? []).length} spike input group(s), ${(net.projections ?? []).length} projection(s), readout of ${net.readout.size}\n`,
      )
    })
}
