import { basename, dirname, extname, join } from 'node:path'
import type { FigureDataLoader } from '../plots/figureData.js'
import { figuresFromData } from '../plots/figuresFromData.js'
import { loadFigureDataFile } from '../plots/loadFigureDataFile.js'
import { writeFigures } from '../plots/writeFigures.js'
import type { CommandRegistrar } from './commandContext.js'

/**
 * `spikegrad plot <model> [--out dir]`: draws the figures of a trained model (training
 * history; readout against target and spike raster of each sample trial, before and after
 * training) as SVG files and prints the path of each. `load` maps the model file to
 * FigureData; the default reads a JSON file that is FigureData itself.
 */
export function plotCommand(load: FigureDataLoader = loadFigureDataFile): CommandRegistrar {
  return (program, { stdout }) => {
    program
      .command('plot')
      .description('draw the figures of a trained model as SVG: training history, readouts and spike rasters')
      .argument('<model>', 'model file; for now a JSON file holding the figure data itself (see README: model files do not record it yet)')
      .option('-o, --out <dir>', 'directory for the figures (default: <model>-figures beside the model file)')
      .action(async (model: string, options: { out?: string }) => {
        const data = await load(model)
        const written = await writeFigures(options.out ?? defaultFigureDir(model), await figuresFromData(data))
        for (const path of written) stdout.write(`wrote ${path}\n`)
      })
  }
}

/** `runs/xor.json` → `runs/xor-figures`. */
export function defaultFigureDir(model: string): string {
  return join(dirname(model), `${basename(model, extname(model))}-figures`)
}
