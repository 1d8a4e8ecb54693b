import { realpathSync, statSync } from 'node:fs'
import { resolve } from 'node:path'
import { usageError } from '../cliError.js'

/**
 * Refuses an output that is one of the command's inputs (the same file by another name too:
 * a link, `./x` for `x`), so that a result never replaces what it was computed from.
 * @throws UserError (exit 2) naming both options, e.g.
 *   `--out net.json is the same file as --config net.json: the result would replace its input; choose another file with --out`
 */
export function refuseOutputOverInput(out: { readonly flag: string; readonly path: string }, inputs: readonly { readonly flag: string; readonly path: string }[]): void {
  for (const input of inputs) {
    if (sameFile(out.path, input.path)) {
      throw usageError(
        `${out.flag} ${out.path} is the same file as ${input.flag} ${input.path}: the result would replace its input; choose another file with ${out.flag}`,
      )
    }
  }
}

/** Whether two paths name one file: the same device and inode when both exist, else the same real path. */
export function sameFile(a: string, b: string): boolean {
  try {
    const sa = statSync(a)
    const sb = statSync(b)
    return sa.dev === sb.dev && sa.ino === sb.ino
  } catch {
    return real(a) === real(b)
  }
}

function real(path: string): string {
  try {
    return realpathSync(path)
  } catch {
    return resolve(path)
  }
}
