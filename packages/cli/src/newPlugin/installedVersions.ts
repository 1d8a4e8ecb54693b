import { readFileSync } from 'node:fs'
import { createRequire } from 'node:module'
import { dirname, join } from 'node:path'
import type { ScaffoldVersions } from './scaffoldFiles.js'

/**
 * The version of the @spikegrad/core this CLI runs with, and the inversify it depends on,
 * read from core's package.json (found from core's entry point, as Node resolves it here).
 */
export function installedVersions(): ScaffoldVersions {
  let dir = dirname(createRequire(import.meta.url).resolve('@spikegrad/core'))
  for (;;) {
    const manifest = readManifest(join(dir, 'package.json'))
    if (manifest?.name === '@spikegrad/core') {
      const inversify = manifest.dependencies?.inversify
      if (typeof manifest.version !== 'string' || typeof inversify !== 'string') break
      return { core: manifest.version, inversify: inversify.replace(/^[\^~=]/, '') }
    }
    const parent = dirname(dir)
    if (parent === dir) break
    dir = parent
  }
  throw new Error('@spikegrad/core: its package.json has no version or no inversify dependency')
}

function readManifest(path: string): { name?: string; version?: unknown; dependencies?: Record<string, unknown> } | undefined {
  try {
    return JSON.parse(readFileSync(path, 'utf8')) as { name?: string }
  } catch {
    return undefined
  }
}
