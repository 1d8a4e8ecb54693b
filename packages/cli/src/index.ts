/**
 * @spikegrad/cli as a library: what a command added to the `spikegrad` program is written with
 * (its registrar and context, the error that becomes a message and an exit code, option
 * parsers, progress on stderr) and the figures, for scripts that want the same SVGs.
 */
export { runCli, usageError, UserError, type CliIo, type ExitCode } from './cliError.js'
export { parseFiniteNumber, parseNonNegativeInt, parseNumberInRange, parsePositiveInt, parsePositiveNumber, type ValueParser } from './optionParsers.js'
export { createProgress } from './progress.js'
export type { Progress, ProgressFields, ProgressOptions } from './progress/progressTypes.js'
export type { CommandContext, CommandRegistrar } from './commands/commandContext.js'
export { rasterPlot, type RasterInput } from './plots/rasterPlot.js'
export { readoutPlot, type ReadoutInput, type Series } from './plots/readoutPlot.js'
export { historyPlot, type HistoryInput } from './plots/historyPlot.js'
export { writeFigures } from './plots/writeFigures.js'
