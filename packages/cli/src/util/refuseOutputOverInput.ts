import { lstatSync, realpathSync, statSync } from 'node:fs'
import { resolve } from 'node:path'
import { usageError } from '../cliError.js'

/**
 * Refuses an output that is a directory or a special file, or that is one of the command's inputs (the same file by another name too:
 * a link, `./x` for `x`), so that a result never replaces what it was computed from.
 * @throws UserError (exit 2) naming both options, e.g.
 *   `--out net.json is the same file as --config net.json: the result would replace its input; choose another file with --out`
 */
export function refuseOutputOverInput(out: { readonly flag: string; readonly path: string }, inputs: readonly { readonly flag: string; readonly path: string }[]): void {
  const kind = notAFile(out.path)
  if (kind !== undefined) throw usageError(`${out.flag} ${out.path} is ${kind}; only a regular file is written: give a file's path`)
  for (const input of inputs) {
    if (sameFile(out.path, input.path)) {
      throw usageError(
        `${out.flag} ${out.path} is the same file as ${input.flag} ${input.path}: the result would replace its input; choose another file with ${out.flag}`,
      )
    }
  }
}

/** Whether two paths name one file: the same device and inode when both exist, else the same real path. */
function sameFile(a: string, b: string): boolean {
  try {
    const sa = statSync(a)
    const sb = statSync(b)
    return sa.dev === sb.dev && sa.ino === sb.ino
  } catch {
    return real(a) === real(b)
  }
}

/** `a directory`, `a special file` (FIFO, device, socket), or undefined for a file, a link or nothing. */
function notAFile(path: string): string | undefined {
  try {
    const stats = lstatSync(path)
    if (stats.isFile() || stats.isSymbolicLink()) return undefined
    return stats.isDirectory() ? 'a directory' : 'a special file (a FIFO, a device or a socket)'
  } catch {
    return undefined
  }
}

function real(path: string): string {
  try {
    return realpathSync(path)
  } catch {
    return resolve(path)
  }
}
