import { randomBytes } from 'node:crypto'
import { mkdirSync, readdirSync, renameSync, rmSync, rmdirSync, statSync } from 'node:fs'
import { basename, dirname, join } from 'node:path'
import { isLeft } from 'fp-ts/lib/Either.js'
import { writeFileAtomic } from '@spikegrad/node'
import { UserError } from '../cliError.js'

/**
 * Writes `files` (paths relative to the folder) into a new folder `dir`, so that it appears
 * whole or not at all: every file is written atomically into a temporary sibling folder,
 * which is then renamed to `dir`. Missing parent folders are created.
 * @throws UserError when `dir` exists and is not an empty folder, or when a file cannot be written.
 */
export function writePluginFolder(dir: string, files: Readonly<Record<string, string>>): void {
  const existing = entriesOf(dir)
  if (existing === 'not a folder') throw new UserError(`new-plugin: ${dir} exists and is not a folder: choose another folder (--dir)`)
  if (existing !== undefined && existing.length > 0) {
    throw new UserError(`new-plugin: ${dir} exists and is not empty (${existing.slice(0, 3).join(', ')}${existing.length > 3 ? ', …' : ''}): choose another folder (--dir) or empty it`)
  }
  mkdirSync(dirname(dir), { recursive: true })
  const temp = join(dirname(dir), `.${basename(dir)}.${process.pid}.${randomBytes(6).toString('hex')}.tmp`)
  try {
    for (const [path, text] of Object.entries(files)) {
      const target = join(temp, path)
      mkdirSync(dirname(target), { recursive: true })
      const written = writeFileAtomic(target, text)
      if (isLeft(written)) throw new UserError(`new-plugin: ${written.left.message}`)
    }
    if (existing !== undefined) rmdirSync(dir)
    renameSync(temp, dir)
  } catch (error) {
    rmSync(temp, { recursive: true, force: true })
    if (error instanceof UserError) throw error
    throw new UserError(`new-plugin: could not write ${dir}: ${error instanceof Error ? error.message : String(error)}`)
  }
}

/** The names in `dir`, undefined when it does not exist. */
function entriesOf(dir: string): string[] | 'not a folder' | undefined {
  try {
    if (!statSync(dir).isDirectory()) return 'not a folder'
  } catch {
    return undefined
  }
  return readdirSync(dir)
}
