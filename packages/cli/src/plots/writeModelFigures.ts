import type { FigureData } from './figureData.js'
import { figuresFromData } from './figuresFromData.js'
import { writeFigures } from './writeFigures.js'

/**
 * Renders every figure of `data` (see `figuresFromData`) and writes them into `dir`, each
 * atomically; returns the paths written. Used by `spikegrad plot` and at the end of
 * `spikegrad train`.
 */
export async function writeModelFigures(data: FigureData, dir: string): Promise<string[]> {
  return writeFigures(dir, await figuresFromData(data))
}
