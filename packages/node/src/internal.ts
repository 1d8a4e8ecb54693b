/**
 * `@spikegrad/node/internal`: helpers that the CLI shares with this package (the constructors
 * of `IoError`, the JSON syntax scanner). Not part of the library's API: names here may change
 * in any release. The public face is `@spikegrad/node`.
 * @module internal
 */
export { ioIssue, notFound, notJson, readFailed, systemReason, writeFailed } from './io/ioError.js'
export { lineColumn, locateJsonSyntaxError, type JsonSyntaxError } from './io/jsonSyntaxError.js'
export { buildWorkerModel, describeWorkerModule, resolveWorkerModule, type ResolvedWorkerModule } from './training/workerModel.js'
