import { isLeft, left, type Either } from 'fp-ts/lib/Either.js'
import { decodeModelFile, formatModelFile, invalid, type Invalid, type ModelFile } from '@spikegrad/core'
import { writeFileAtomic } from './atomicWrite.js'
import { ioIssue, type IoError } from './ioError.js'
import { readJsonFile } from './readJsonFile.js'

/**
 * Model files on disk: `readModelFile` parses and validates one (core's `decodeModelFile`),
 * `writeModelFile` writes one atomically as `formatModelFile` formats it.
 */

/** Reads and validates a model file; issues name the file or the field. */
export function readModelFile(path: string): Either<Invalid, ModelFile> {
  const raw = readJsonFile(path)
  if (isLeft(raw)) return left(invalid([ioIssue(raw.left)]))
  const decoded = decodeModelFile(raw.right, 'model')
  return isLeft(decoded) ? left(invalid(decoded.left.issues.map((i) => ({ ...i, at: `${path}: ${i.at}` })))) : decoded
}

/**
 * Writes a model file atomically (the old file stays whole until the new one is complete).
 * Indented two spaces, except that each row of numbers stays on one line (`formatModelFile`).
 */
export function writeModelFile(path: string, file: ModelFile): Either<IoError, void> {
  return writeFileAtomic(path, formatModelFile(file))
}
