import { closeSync, fstatSync, openSync, readSync, statSync, type Stats } from 'node:fs'
import { left, right, type Either } from 'fp-ts/lib/Either.js'
import { notFound, notJson, readFailed, systemReason, type IoError } from './ioError.js'
import { jsonDepthProblem } from './jsonDepth.js'
import { lineColumn, locateJsonSyntaxError } from './jsonSyntaxError.js'

/** Limits of `readJsonFile`. */
export interface JsonFileLimits {
  /** The largest file read, in bytes (default 256 MiB). */
  readonly maxBytes?: number
  /** The deepest nesting of arrays and objects (default 64). */
  readonly maxDepth?: number
}

/** The default limits: a model file of millions of weights fits; `/dev/zero` or a 14 GB file does not. */
export const jsonFileLimits = { maxBytes: 256 * 1024 * 1024, maxDepth: 64 } as const

/**
 * Reads and parses a UTF-8 JSON file (a leading byte-order mark is allowed). Failures are values
 * whose message names the file and the problem: `model.json: file not found …`, or
 * `model.json:3:14: not valid JSON: a trailing comma before '}'; remove the comma`.
 * Only a regular file is read (a FIFO, a device such as `/dev/zero` or a directory is refused
 * before it is opened), and only up to `limits.maxBytes`; JSON nested deeper than
 * `limits.maxDepth` is refused before it is parsed; a UTF-16 file is told to be saved as UTF-8.
 * The result is `unknown`: decode it with a codec (see `decode`) before use.
 */
export function readJsonFile(path: string, limits: JsonFileLimits = {}): Either<IoError, unknown> {
  const maxBytes = limits.maxBytes ?? jsonFileLimits.maxBytes
  const maxDepth = limits.maxDepth ?? jsonFileLimits.maxDepth
  const bytes = readRegularFile(path, maxBytes)
  if (bytes._tag === 'Left') return bytes
  const encoding = utf16(bytes.right)
  if (encoding !== undefined) return left(readFailed(path, `it is ${encoding} encoded; save it as UTF-8`))
  let text = bytes.right.toString('utf8')
  if (text.charCodeAt(0) === 0xfeff) text = text.slice(1)
  const deep = jsonDepthProblem(text, maxDepth)
  if (deep !== undefined) return left(notJson(path, deep.line, deep.column, deep.problem))
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

// internals

function readRegularFile(path: string, maxBytes: number): Either<IoError, Buffer> {
  let stats: Stats
  try {
    stats = statSync(path)
  } catch (error) {
    return left(openProblem(path, error))
  }
  const kind = notRegular(stats)
  if (kind !== undefined) return left(readFailed(path, `it is ${kind}, not a regular file; give the path of a JSON file`))
  if (stats.size > maxBytes) return left(readFailed(path, `it is ${megabytes(stats.size)}; files larger than ${megabytes(maxBytes)} are not read`))
  let fd: number | undefined
  try {
    fd = openSync(path, 'r')
    const opened = fstatSync(fd)
    const changed = notRegular(opened)
    if (changed !== undefined) return left(readFailed(path, `it is ${changed}, not a regular file; give the path of a JSON file`))
    // read at most one byte more than the limit: a file that grew since stat is caught too
    const buffer = Buffer.allocUnsafe(Math.min(maxBytes + 1, Math.max(opened.size, stats.size) + 1))
    let length = 0
    for (;;) {
      if (length === buffer.length) break
      const n = readSync(fd, buffer, length, buffer.length - length, null)
      if (n === 0) break
      length += n
    }
    if (length > maxBytes) return left(readFailed(path, `it is larger than ${megabytes(maxBytes)}; such files are not read`))
    return right(buffer.subarray(0, length))
  } catch (error) {
    return left(openProblem(path, error))
  } finally {
    if (fd !== undefined) closeSync(fd)
  }
}

function openProblem(path: string, error: unknown): IoError {
  const code = (error as NodeJS.ErrnoException).code
  if (code === 'ENOENT') return notFound(path)
  if (code === 'EISDIR') return readFailed(path, 'it is a directory, not a file')
  return readFailed(path, systemReason(error))
}

function notRegular(stats: Stats): string | undefined {
  if (stats.isFile()) return undefined
  if (stats.isDirectory()) return 'a directory'
  if (stats.isFIFO()) return 'a FIFO (named pipe)'
  if (stats.isCharacterDevice()) return 'a character device'
  if (stats.isBlockDevice()) return 'a block device'
  if (stats.isSocket()) return 'a socket'
  return 'a special file'
}

function megabytes(bytes: number): string {
  return bytes >= 1024 * 1024 ? `${(bytes / (1024 * 1024)).toFixed(bytes >= 1024 * 1024 * 10 ? 0 : 1)} MiB` : `${bytes} bytes`
}

/** `UTF-16LE`/`UTF-16BE` for text with a UTF-16 byte-order mark or zero bytes between ASCII ones. */
function utf16(bytes: Buffer): string | undefined {
  if (bytes.length >= 2 && bytes[0] === 0xff && bytes[1] === 0xfe) return 'UTF-16LE'
  if (bytes.length >= 2 && bytes[0] === 0xfe && bytes[1] === 0xff) return 'UTF-16BE'
  if (bytes.length >= 4 && bytes[1] === 0 && bytes[3] === 0 && bytes[0] !== 0) return 'UTF-16LE'
  if (bytes.length >= 4 && bytes[0] === 0 && bytes[2] === 0 && bytes[1] !== 0) return 'UTF-16BE'
  return undefined
}
