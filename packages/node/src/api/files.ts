/**
 * Files: JSON files read with errors that name the file, line and column; atomic writes
 * (the old file stays whole until the new one is complete); model files (`readModelFile`,
 * `writeModelFile`), models composed from them with their plugin packages loaded by name
 * (`loadModel`, `saveModel`, `createModelFromJson`, `loadTask`), the lock a run holds on its
 * model file (`lockModelFile`), and the network
 * configuration files of `spikegrad gradient` (`loadNetworkConfig`). Failures are values
 * (`IoError`, core's `Invalid`).
 *
 * Everything here is exported from `@spikegrad/node`.
 * @module files
 */
export { readJsonFile, type JsonFileLimits } from '../io/readJsonFile.js'
export { writeFileAtomic } from '../io/atomicWrite.js'
export type { IoError } from '../io/ioError.js'
export { readModelFile, writeModelFile } from '../io/modelFiles.js'
export { lockModelFile, type FileLock } from '../io/modelFileLock.js'
export { createModelFromJson, loadModel, loadTask, saveModel } from '../io/loadModel.js'
export { loadNetworkConfig } from '../io/loadNetworkConfig.js'
