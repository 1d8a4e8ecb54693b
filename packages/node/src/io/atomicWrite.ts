import { closeSync, fsyncSync, fstatSync, openSync, renameSync, statSync, unlinkSync, writeSync, fchmodSync } from 'node:fs'
import { randomBytes } from 'node:crypto'
import { basename, dirname, join } from 'node:path'
import { left, right, type Either } from 'fp-ts/lib/Either.js'
import { writeFailed, systemReason, type IoError } from './ioError.js'

/**
 * Writes `data` to `path` so that the target is always either the old file or the complete new
 * one, never half-written: the bytes go to a temporary file in the same directory, which is
 * flushed to disk (fsync) and then renamed over the target (rename is atomic within a file
 * system). On failure the temporary file is removed and the target is left untouched.
 * A string is written as UTF-8. An existing target's permission bits are kept; a symbolic link
 * at `path` is replaced by a regular file (write to the link's target path to update that instead).
 *
 * @example
 *   const written = writeFileAtomic('model.json', JSON.stringify(model))
 *   if (isLeft(written)) console.error(written.left.message)
 */
export function writeFileAtomic(path: string, data: string | Uint8Array): Either<IoError, void> {
  if (isDirectory(path)) return left(writeFailed(path, 'it is a directory'))
  const bytes = typeof data === 'string' ? Buffer.from(data, 'utf8') : data
  const dir = dirname(path)
  if (!isDirectory(dir)) return left(writeFailed(path, `the directory ${dir} does not exist`))
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
