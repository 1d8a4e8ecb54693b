import { readFileSync } from 'node:fs'

/**
 * The version of @spikegrad/cli, read from its package.json (one directory above this file
 * in both src/ and dist/), so it is never out of step with the published package.
 */
export function packageVersion(): string {
  const text = readFileSync(new URL('../package.json', import.meta.url), 'utf8')
  const version: unknown = (JSON.parse(text) as { version?: unknown }).version
  if (typeof version !== 'string') throw new Error('@spikegrad/cli: package.json has no "version" string')
  return version
}
