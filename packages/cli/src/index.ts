/**
 * @spikegrad/cli as a library: the building blocks of the `spikegrad` command, for commands
 * added later and for scripts that want the same error handling, progress and figures.
 */
export * from './cliError.js'
export * from './optionParsers.js'
export * from './progress.js'
export * from './program.js'
export * from './commands/commandContext.js'
export * from './commands/registry.js'
export * from './plots/figureData.js'
export * from './plots/decodeFigureData.js'
export * from './plots/loadFigureDataFile.js'
export * from './plots/figuresFromData.js'
export * from './plots/rasterPlot.js'
export * from './plots/readoutPlot.js'
export * from './plots/historyPlot.js'
export * from './plots/renderSvg.js'
export * from './plots/writeFigures.js'
export * from './gradient/defaultPlugins.js'
export * from './gradient/loadNetworkFile.js'
export * from './gradient/gradientBlocks.js'
export * from './gradient/gradientResult.js'
export * from './gradient/spikeCount.js'
