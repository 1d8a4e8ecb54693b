import { basename, dirname, extname, join } from 'node:path'
import type { FigureDataLoader } from '../plots/figureData.js'
import { loadPlotInput } from '../plots/loadPlotInput.js'
import { writeModelFigures } from '../plots/writeModelFigures.js'
import { parsePositiveInt } from '../optionParsers.js'
import type { CommandRegistrar } from './commandContext.js'

/**
 * `spikegrad plot <model> [--out dir] [--trials K]`: draws the figures of a model (training
 * history; readout against target and spike raster of each of K held-out sample trials,
 * before and after training) as SVG files, each written atomically, and prints the path of
 * each. `load` maps the file to FigureData; the default, `loadPlotInput`, simulates the sample
 * trials of a model file (or reads a file that holds FigureData itself).
 */
export function plotCommand(load: FigureDataLoader = loadPlotInput): CommandRegistrar {
  return (program, { stdout }) => {
    program
      .command('plot')
      .description('draw the figures of a model as SVG: training history, readouts and spike rasters before and after training')
      .argument('<model>', 'model file (format "spikegrad-model/1"), e.g. runs/xor/model.json')
      .option('-o, --out <dir>', 'directory for the figures (default: <model>-figures beside the model file)')
      .option('--trials <K>', 'sample trials to draw (held-out trials 1…K)', parsePositiveInt('--trials', '2'), 2)
      .action(async (model: string, options: { out?: string; trials: number }) => {
        const written = await writeModelFigures(await load(model, { trials: options.trials }), options.out ?? defaultFigureDir(model))
        for (const path of written) stdout.write(`wrote ${path}\n`)
      })
  }
}

/** `runs/xor.json` → `runs/xor-figures`. */
export function defaultFigureDir(model: string): string {
  return join(dirname(model), `${basename(model, extname(model))}-figures`)
}
