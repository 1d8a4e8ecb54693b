import { readFileSync } from 'node:fs'
import { createRequire } from 'node:module'
import { dirname, join } from 'node:path'
import type { ScaffoldVersions } from './scaffoldFiles.js'

/**
 * The version of the @spikegrad/core this CLI runs with, the inversify it depends on and, when
 * it is installed beside it, the version of @spikegrad/neuron-equations — each read from the
 * package's package.json (found from its entry point, as Node resolves it here).
 */
export function installedVersions(): ScaffoldVersions {
  const core = installedManifest('@spikegrad/core')
  const inversify = core?.dependencies?.inversify
  if (typeof core?.version !== 'string' || typeof inversify !== 'string') throw new Error('@spikegrad/core: its package.json has no version or no inversify dependency')
  const equations = installedManifest('@spikegrad/neuron-equations')?.version
  return { core: core.version, inversify: inversify.replace(/^[\^~=]/, ''), ...(typeof equations === 'string' && { equations }) }
}

interface Manifest {
  readonly name?: string
  readonly version?: unknown
  readonly dependencies?: Record<string, unknown>
}

/** The package.json of `name` as Node resolves it from here, or undefined when it is not installed. */
function installedManifest(name: string): Manifest | undefined {
  let dir: string
  try {
    dir = dirname(createRequire(import.meta.url).resolve(name))
  } catch {
    return undefined
  }
  for (;;) {
    const manifest = readManifest(join(dir, 'package.json'))
    if (manifest?.name === name) return manifest
    const parent = dirname(dir)
    if (parent === dir) return undefined
    dir = parent
  }
}

function readManifest(path: string): Manifest | undefined {
  try {
    return JSON.parse(readFileSync(path, 'utf8')) as Manifest
  } catch {
    return undefined
  }
}
