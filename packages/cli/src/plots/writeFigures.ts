import { mkdir } from 'node:fs/promises'
import { join } from 'node:path'
import { writeFileAtomic } from '@spikegrad/node'
import { UserError } from '../cliError.js'
import { directoryProblem } from '../util/directoryProblem.js'

/**
 * Writes each figure (file name → SVG text) into `dir`, creating it if needed, each file
 * atomically (core's writeFileAtomic: temporary file, fsync, rename); returns the paths
 * written, in the order of `figures`. Names must be plain file names (no directory part).
 * A directory that cannot be created or written is a UserError naming it and the fix.
 */
export async function writeFigures(dir: string, figures: Readonly<Record<string, string>>): Promise<string[]> {
  for (const name of Object.keys(figures)) {
    if (!/^[\w.-]+$/.test(name) || name === '.' || name === '..') {
      throw new RangeError(`writeFigures: "${name}" is not a plain file name`)
    }
  }
  try {
    await mkdir(dir, { recursive: true })
  } catch (error) {
    throw new UserError(`cannot create the directory ${dir} (${directoryProblem(dir, error)}); choose another one with --out`, { cause: error })
  }
  const written: string[] = []
  for (const [name, svg] of Object.entries(figures)) {
    const path = join(dir, name)
    const result = writeFileAtomic(path, svg)
    if (result._tag === 'Left') throw new UserError(`${result.left.message} Choose another directory with --out.`)
    written.push(path)
  }
  return written
}
