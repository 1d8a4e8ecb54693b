import type { FigureData } from '@spikegrad/core/internal'

/**
 * How `spikegrad plot` reads a file: a {@link FigureDataLoader} maps it to core's `FigureData`
 * (`loadPlotInput`: a model file by simulating sample trials, or a file that holds FigureData
 * itself), so the figures do not depend on the model file format. The shapes of the data are
 * core's (`@spikegrad/core/internal`, shared with the playground) and re-exported here.
 */
export type { DecisionMap, FigureData, InputSpike, MapPoint, NamedSeries, ParameterDistribution, PopulationRows, SampleTrial, SpikeEvent, SpikeTargets, FigureHistory as TrainingHistory, TrialResponse } from '@spikegrad/core/internal'

/** What a {@link FigureDataLoader} may be asked for besides the file. */
export interface FigureDataOptions {
  /** Number of sample trials to draw (a model file; default 2). */
  readonly trials?: number
  /** Draw with the last parameters rather than the best ones a run kept. */
  readonly last?: boolean
  /** The split whose points a decision map shows (default 'test'), and the cells per axis (default 40). */
  readonly mapPoints?: string
  readonly mapResolution?: number
}

/**
 * Reads the figure data of the model file at `path`; throws a UserError naming the missing or
 * malformed field when the file cannot provide it.
 */
export type FigureDataLoader = (path: string, options?: FigureDataOptions) => Promise<FigureData>
