import { basename, dirname, extname, join } from 'node:path'
import type { ScoreReference } from '@spikegrad/core/internal'
import type { FigureDataLoader } from '../plots/figureData.js'
import { loadPlotInput } from '../plots/loadPlotInput.js'
import { writeModelFigures } from '../plots/writeModelFigures.js'
import { parsePositiveInt } from '../optionParsers.js'
import { cliLimits } from '../limits.js'
import { usageError } from '../cliError.js'
import type { CommandRegistrar } from './commandContext.js'

/**
 * `spikegrad plot <model> [--out dir] [--trials K] [--last] [--map-points split] [--map-resolution G] [--reference name=minutes:score …]`:
 * draws the figures of a model (training history; the scores against the training minutes they
 * cost, with other methods' results beside them; readout against target and spike raster of
 * each of K held-out sample trials, before and after training; for a classification task on a
 * plane, the decision map with the points of a split) as SVG files, with the best parameters a
 * run kept unless --last, each written atomically, and prints the path of
 * each. `load` maps the file to FigureData; the default, `loadPlotInput`, simulates the sample
 * trials of a model file (or reads a file that holds FigureData itself).
 */
export function plotCommand(load: FigureDataLoader = loadPlotInput): CommandRegistrar {
  return (program, { stdout, stderr }) => {
    program
      .command('plot')
      .description('draw the figures of a model as SVG: training history, readouts and spike rasters before and after training')
      .argument('<model>', 'model file (format "spikegrad-model/3" or earlier), e.g. runs/xor/model.json')
      .option('-o, --out <dir>', 'directory for the figures (default: <model>-figures beside the model file)')
      .option('--trials <K>', 'sample trials to draw (held-out trials 1…K)', parsePositiveInt('--trials', '2', cliLimits.plotTrials), 2)
      .option('--last', 'draw with the last parameters, not the best ones the run kept')
      .option('--map-points <split>', 'a decision map (classification on a plane, e.g. yinyang) shows the points of this split (default test)')
      .option('--map-resolution <G>', 'cells per axis of a decision map (default 40)', parsePositiveInt('--map-resolution', '40', cliLimits.mapResolution))
      .option(
        '--reference <name=minutes:score>',
        'another method\'s result, drawn beside the score against training time, e.g. "surrogate gradients=8.6:0.973" (repeatable)',
        collectReference,
        [],
      )
      .action(async (model: string, options: { out?: string; trials: number; last?: boolean; mapPoints?: string; mapResolution?: number; reference: ScoreReference[] }) => {
        if (options.mapResolution !== undefined && options.mapResolution > 400) throw usageError(`--map-resolution must be at most 400 (${options.mapResolution}² cells would each be a simulation), got ${options.mapResolution}`)
        const data = await load(model, {
          trials: options.trials,
          ...(options.last === true && { last: true }),
          ...(options.mapPoints !== undefined && { mapPoints: options.mapPoints }),
          ...(options.mapResolution !== undefined && { mapResolution: options.mapResolution }),
        })
        const figures = options.reference.length === 0 ? data : { ...data, history: { ...data.history, references: [...(data.history.references ?? []), ...options.reference] } }
        const written = await writeModelFigures(figures, options.out ?? defaultFigureDir(model))
        for (const path of written) stdout.write(`wrote ${path}\n`)
        if (options.reference.length > 0 && !written.some((path) => path.endsWith('score-vs-time.svg'))) {
          stderr.write(`plot: --reference drew nothing: the model was not scored during training, so it has no score against training time (train with evaluations, e.g. --evaluate-every K)\n`)
        }
      })
  }
}

/** `--reference "surrogate gradients=8.6:0.973"` → { name, minutes: 8.6, value: 0.973 }, added to those before. */
export function collectReference(text: string, before: ScoreReference[]): ScoreReference[] {
  const m = /^(.+)=([^=:]+):([^=:]+)$/.exec(text)
  // decimal and exponent notation only (Number('') is 0, Number('0x10') 16)
  const num = (x: string | undefined): number => (x !== undefined && /^[+-]?(\d+\.?\d*|\.\d+)(e[+-]?\d+)?$/i.test(x.trim()) ? Number(x.trim()) : NaN)
  const minutes = num(m?.[2])
  const value = num(m?.[3])
  if (m === null || m[1]!.trim() === '' || !(Number.isFinite(minutes) && minutes >= 0) || !Number.isFinite(value)) {
    throw usageError(`--reference must read name=minutes:score with minutes ≥ 0 and a finite score, e.g. "surrogate gradients=8.6:0.973"; got "${text}"`)
  }
  return [...before, { name: m[1]!.trim(), minutes, value }]
}

/** `runs/xor.json` → `runs/xor-figures`. */
export function defaultFigureDir(model: string): string {
  return join(dirname(model), `${basename(model, extname(model))}-figures`)
}
