import { closeSync, fsyncSync, fstatSync, lstatSync, openSync, readdirSync, renameSync, statSync, unlinkSync, writeSync, fchmodSync } from 'node:fs'
import { randomBytes } from 'node:crypto'
import { basename, dirname, join } from 'node:path'
import { left, right, type Either } from 'fp-ts/lib/Either.js'
import { writeFailed, systemReason, type IoError } from './ioError.js'
import { processRunning } from './processRunning.js'

/**
 * Writes `data` to `path` so that the target is always either the old file or the complete new
 * one, never half-written: the bytes go to a temporary file in the same directory, which is
 * flushed to disk (fsync) and then renamed over the target (rename is atomic within a file
 * system). On failure the temporary file is removed and the target is left untouched.
 * A string is written as UTF-8. An existing target's permission bits are kept; a symbolic link
 * at `path` is replaced by a regular file (write to the link's target path to update that instead).
 * Only a regular file (or a link) is replaced: a directory, a device (`/dev/full`), a FIFO or a
 * socket at `path` is refused. Temporary files of this target left by a process that was
 * killed mid-write (one no longer running) are removed.
 *
 * @example
 *   const written = writeFileAtomic('model.json', JSON.stringify(model))
 *   if (isLeft(written)) console.error(written.left.message)
 */
export function writeFileAtomic(path: string, data: string | Uint8Array): Either<IoError, void> {
  const special = specialFile(path)
  if (special !== undefined) return left(writeFailed(path, `it is ${special}, not a regular file; only regular files are replaced: choose a file path`))
  const bytes = typeof data === 'string' ? Buffer.from(data, 'utf8') : data
  const dir = dirname(path)
  if (!isDirectory(dir)) return left(writeFailed(path, `the directory ${dir} does not exist`))
  removeStaleTemporaries(dir, basename(path))
  const temp = join(dir, `.${basename(path)}.${process.pid}.${randomBytes(6).toString('hex')}.tmp`)
  let fd: number | undefined
  let renamed = false
  try {
    fd = openSync(temp, 'wx', 0o666)
    const mode = existingMode(path)
    if (mode !== undefined) fchmodSync(fd, mode)
    let offset = 0
    while (offset < bytes.byteLength) offset += writeSync(fd, bytes, offset, bytes.byteLength - offset)
    fsyncSync(fd)
    closeSync(fd)
    fd = undefined
    renameSync(temp, path)
    renamed = true
  } catch (error) {
    return left(writeFailed(path, systemReason(error)))
  } finally {
    if (fd !== undefined) ignore(() => closeSync(fd as number))
    if (!renamed) ignore(() => unlinkSync(temp))
  }
  syncDirectory(dir)
  return right(undefined)
}

// internals

/** What kind of special file is at `path` (`a directory`, `a character device`, …), or undefined for a regular file, a link or nothing. */
function specialFile(path: string): string | undefined {
  let stats
  try {
    stats = lstatSync(path)
  } catch {
    return undefined
  }
  if (stats.isFile() || stats.isSymbolicLink()) return undefined
  if (stats.isDirectory()) return 'a directory'
  if (stats.isCharacterDevice()) return 'a character device'
  if (stats.isBlockDevice()) return 'a block device'
  if (stats.isFIFO()) return 'a FIFO (named pipe)'
  if (stats.isSocket()) return 'a socket'
  return 'a special file'
}

/** Removes `.<name>.<pid>.<hex>.tmp` files in `dir` whose writing process is no longer running. */
function removeStaleTemporaries(dir: string, name: string): void {
  let entries: string[]
  try {
    entries = readdirSync(dir)
  } catch {
    return
  }
  const prefix = `.${name}.`
  for (const entry of entries) {
    if (!entry.startsWith(prefix) || !entry.endsWith('.tmp')) continue
    const m = /^(\d+)\.[0-9a-f]{12}\.tmp$/.exec(entry.slice(prefix.length))
    if (m === null) continue
    const pid = Number(m[1])
    if (pid !== process.pid && !processRunning(pid)) ignore(() => unlinkSync(join(dir, entry)))
  }
}


function existingMode(path: string): number | undefined {
  try {
    return statSync(path).mode & 0o7777
  } catch {
    return undefined
  }
}

function isDirectory(path: string): boolean {
  try {
    return statSync(path).isDirectory()
  } catch {
    return false
  }
}

/** Makes the rename itself durable where the platform allows fsync on a directory. */
function syncDirectory(dir: string): void {
  let fd: number | undefined
  try {
    fd = openSync(dir, 'r')
    if (fstatSync(fd).isDirectory()) fsyncSync(fd)
  } catch {
    // not supported everywhere (e.g. Windows): the data itself is already on disk
  } finally {
    if (fd !== undefined) ignore(() => closeSync(fd as number))
  }
}

function ignore(action: () => void): void {
  try {
    action()
  } catch {
    // best effort
  }
}
