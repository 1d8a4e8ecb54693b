import { delimiter, resolve } from 'node:path'
import { realpathSync } from 'node:fs'

/** The environment variable that lists the local plugin files a user allows (see `allowedPluginFiles`). */
export const allowPluginFilesVariable = 'SPIKEGRAD_ALLOW_PLUGIN_FILES'

/**
 * The local plugin files the user allows, as real paths: the entries of
 * `SPIKEGRAD_ALLOW_PLUGIN_FILES` (separated by `:`, or `;` on Windows; relative ones taken from
 * the working directory). This lives on the user's own command line, never in a shared file:
 * a `plugins` entry that is a path loads only when it names one of these files.
 * @example SPIKEGRAD_ALLOW_PLUGIN_FILES=./myNeuron.mjs spikegrad gradient --config net.json
 */
export function allowedPluginFiles(env: Readonly<Record<string, string | undefined>> = process.env): string[] {
  const value = env[allowPluginFilesVariable]
  if (value === undefined || value.trim() === '') return []
  return value
    .split(delimiter)
    .filter((p) => p.trim() !== '')
    .flatMap((p) => {
      const real = realPath(resolve(p))
      return real === undefined ? [] : [real]
    })
}

/** The path with symbolic links resolved, or undefined when it does not exist. */
export function realPath(path: string): string | undefined {
  try {
    return realpathSync(path)
  } catch {
    return undefined
  }
}
