import { accessSync, constants, statSync } from 'node:fs'
import { dirname, resolve } from 'node:path'

/**
 * Why `mkdir -p dir` failed, in words: Node reports ENOENT when a directory cannot be made on a
 * read-only file system (the parent exists but cannot take a new entry), so the nearest
 * existing ancestor is examined: not a directory, not writable (read-only file system or
 * permissions), or else the system's own code.
 */
export function directoryProblem(dir: string, error: unknown): string {
  const code = (error as { code?: string }).code ?? String(error)
  let at = resolve(dir)
  for (;;) {
    const parent = dirname(at)
    if (exists(at) || parent === at) break
    at = parent
  }
  if (!exists(at)) return code
  if (!statSync(at).isDirectory()) return `${at} is a file, not a directory`
  if (code === 'EROFS') return `${at} is on a read-only file system`
  try {
    accessSync(at, constants.W_OK)
  } catch (e) {
    const why = (e as { code?: string }).code
    return why === 'EROFS' ? `${at} is on a read-only file system` : `${at} is not writable (${why ?? code})`
  }
  return code
}

function exists(path: string): boolean {
  try {
    statSync(path)
    return true
  } catch {
    return false
  }
}
