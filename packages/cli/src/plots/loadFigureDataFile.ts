import { readJsonFile } from '@spikegrad/node'
import { UserError } from '../cliError.js'
import { decodeFigureData } from './decodeFigureData.js'
import type { FigureData } from './figureData.js'

/**
 * The default {@link FigureDataLoader}: reads a JSON file whose top level is FigureData
 * (fields `history` and `samples`). To plot real model files, replace it with a loader that
 * reads core's model format and maps it to FigureData. A missing file, bad JSON (with line and
 * column) and missing or malformed fields are UserErrors.
 */
export async function loadFigureDataFile(path: string): Promise<FigureData> {
  const json = readJsonFile(path)
  if (json._tag === 'Left') throw new UserError(json.left.message)
  return decodeFigureData(json.right, path)
}
