import { closeSync, linkSync, openSync, readFileSync, renameSync, unlinkSync, writeSync } from 'node:fs'
import { randomBytes } from 'node:crypto'
import { left, right, type Either } from 'fp-ts/lib/Either.js'
import { systemReason, writeFailed, type IoError } from './ioError.js'
import { processRunning } from './processRunning.js'

/** A lock held on a file: release it when the run is over (also done at exit). */
export interface FileLock {
  /** The lock file, `<path>.lock`. */
  readonly lockPath: string
  /** Removes the lock file if this process still holds it (once; later calls do nothing). */
  release(): void
}

/**
 * Takes the lock of a model file that a run writes: the file `<path>.lock`, created only if
 * absent, holding the process id. A second writer — another run on the same file — is refused
 * with a message naming the holder's pid; a lock left by a process that no longer runs (killed
 * with `kill -9`) is taken over. Within one process the lock is held once: asking again (e.g.
 * from the training thread) returns a lock whose release does nothing.
 * @example
 *   const lock = lockModelFile('runs/xor/model.json')
 *   if (isLeft(lock)) throw new Error(lock.left.message)
 *   try { … } finally { lock.right.release() }
 */
export function lockModelFile(path: string): Either<IoError, FileLock> {
  const lockPath = `${path}.lock`
  for (let attempt = 0; attempt < 3; attempt++) {
    try {
      const fd = openSync(lockPath, 'wx', 0o644)
      try {
        writeSync(fd, `${process.pid}\n`)
      } catch (error) {
        // a lock without its holder's pid would be left for good: remove it, and say why
        closeSync(fd)
        removeQuietly(lockPath)
        return left(writeFailed(path, `its lock ${lockPath} cannot be written: ${systemReason(error)}`))
      }
      closeSync(fd)
      return right(ownLock(lockPath))
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST') return left(writeFailed(path, `its lock ${lockPath} cannot be created: ${systemReason(error)}`))
    }
    const holder = holderOf(lockPath)
    if (holder === process.pid) return right({ lockPath, release: () => undefined })
    if (holder !== undefined && processRunning(holder)) {
      return left(
        writeFailed(
          path,
          `another run (process ${holder}) is writing it; wait for it to finish or choose another file with --out` +
            ` (if no such run exists, remove ${lockPath})`,
        ),
      )
    }
    takeOver(lockPath, holder)
  }
  return left(writeFailed(path, `its lock ${lockPath} keeps changing hands; try again`))
}

// internals

/** The pid in a lock file, or undefined when it cannot be read (then it is stale). */
function holderOf(lockPath: string): number | undefined {
  try {
    const pid = Number(readFileSync(lockPath, 'utf8').trim())
    return Number.isSafeInteger(pid) && pid > 0 ? pid : undefined
  } catch {
    return undefined
  }
}

/**
 * Removes a stale lock: moves it aside first (only one of two processes taking over can move
 * it), and puts it back if it turns out to belong to a live process after all.
 */
function takeOver(lockPath: string, stale: number | undefined): void {
  const aside = `${lockPath}.${process.pid}.${randomBytes(4).toString('hex')}.stale`
  try {
    renameSync(lockPath, aside)
  } catch {
    return // someone else moved it: try again
  }
  const moved = holderOf(aside)
  if (moved !== stale && moved !== undefined && processRunning(moved)) {
    try {
      linkSync(aside, lockPath)
    } catch {
      // a third process already holds a new lock: the live one will find its lock gone only if it looks
    }
  }
  try {
    unlinkSync(aside)
  } catch {
    // already gone
  }
}

function removeQuietly(path: string): void {
  try {
    unlinkSync(path)
  } catch {
    // already gone
  }
}

function ownLock(lockPath: string): FileLock {
  let held = true
  const release = (): void => {
    if (!held) return
    held = false
    process.off('exit', release)
    if (holderOf(lockPath) !== process.pid) return
    try {
      unlinkSync(lockPath)
    } catch {
      // already gone
    }
  }
  process.on('exit', release)
  return { lockPath, release }
}
