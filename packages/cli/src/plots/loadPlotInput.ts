import { bestOf } from '@spikegrad/core'
import { readJsonFile } from '@spikegrad/node'
import { UserError } from '../cliError.js'
import { openModel } from '../model/openModel.js'
import { decodeFigureData } from './decodeFigureData.js'
import type { FigureData, FigureDataOptions } from './figureData.js'
import { modelFigureData } from './modelFigureData.js'

/**
 * The default {@link FigureDataLoader} of `spikegrad plot`: a model file (format
 * "spikegrad-model/1") is loaded with core's `loadModel` and its figure data computed by
 * simulating sample trials (`modelFigureData`); a JSON file without a `format` whose top level
 * holds `history` and `samples` is taken as FigureData itself. A model that kept its best
 * parameters is drawn with them unless `options.last`.
 * @throws UserError (exit 1): a missing file, bad JSON, an invalid model file (every problem,
 * each naming its field), or a sample trial that cannot be simulated.
 */
export async function loadPlotInput(path: string, options: FigureDataOptions = {}): Promise<FigureData> {
  const json = readJsonFile(path)
  if (json._tag === 'Left') throw new UserError(json.left.message)
  const value = json.right
  if (typeof value === 'object' && value !== null && !('format' in value) && 'history' in value && 'samples' in value) {
    return decodeFigureData(value, path)
  }
  const model = await openModel(path)
  return modelFigureData(options.last === true ? model : bestOf(model), {
    ...(options.trials !== undefined && { trials: options.trials }),
    ...(options.mapPoints !== undefined && { mapPoints: options.mapPoints }),
    ...(options.mapResolution !== undefined && { mapResolution: options.mapResolution }),
  })
}
