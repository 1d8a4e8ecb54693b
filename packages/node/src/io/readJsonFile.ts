import { readFileSync } from 'node:fs'
import { left, right, type Either } from 'fp-ts/lib/Either.js'
import { notFound, notJson, readFailed, systemReason, type IoError } from './ioError.js'
import { lineColumn, locateJsonSyntaxError } from './jsonSyntaxError.js'

/**
 * Reads and parses a UTF-8 JSON file (a leading byte-order mark is allowed). Failures are values
 * whose message names the file and the problem: `model.json: file not found …`, or
 * `model.json:3:14: not valid JSON: a trailing comma before '}'; remove the comma`.
 * The result is `unknown`: decode it with a codec (see `decode`) before use.
 */
export function readJsonFile(path: string): Either<IoError, unknown> {
  let text: string
  try {
    text = readFileSync(path, 'utf8')
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code
    if (code === 'ENOENT') return left(notFound(path))
    if (code === 'EISDIR') return left(readFailed(path, 'it is a directory, not a file'))
    return left(readFailed(path, systemReason(error)))
  }
  if (text.charCodeAt(0) === 0xfeff) text = text.slice(1)
  try {
    return right(JSON.parse(text) as unknown)
  } catch (error) {
    const found = locateJsonSyntaxError(text)
    if (found !== undefined) return left(notJson(path, found.line, found.column, found.problem))
    // JSON.parse and the scanner disagree (should not happen): report JSON.parse's own words
    const { line, column } = lineColumn(text, 0)
    return left(notJson(path, line, column, error instanceof Error ? error.message : String(error)))
  }
}
