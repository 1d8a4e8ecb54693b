import { existsSync } from 'node:fs'
import { dirname } from 'node:path'
import { loadNetworkConfig, notFound, readJsonFile, type ComposedNetwork } from '@spikegrad/core'
import { UserError, usageError } from '../cliError.js'
import { defaultPlugins } from './defaultPlugins.js'
import { offeredPlugins } from './offeredPlugins.js'

/**
 * Reads a network configuration file (format "spikegrad-network/1") and composes it with its
 * plugin packages (or {@link defaultPlugins} when it names none).
 * @throws UserError — exit 1 when the file does not exist; exit 2 (the input is wrong) with
 * every problem core reports, one per line, each naming its field; when a plugin package could
 * not be loaded, the packages that come with spikegrad; when a plugin name is unknown, the
 * names the loaded packages offer.
 */
export async function loadNetworkFile(path: string): Promise<ComposedNetwork> {
  if (!existsSync(path)) throw new UserError(notFound(path).message)
  const composed = await loadNetworkConfig(path, defaultPlugins)
  if (composed._tag === 'Right') return composed.right
  const problems = [...composed.left]
  if (problems.some((p) => p.startsWith('plugins:'))) {
    problems.push(`plugin packages that come with spikegrad: ${defaultPlugins.join(', ')}`)
  }
  if (problems.some((p) => p.includes('no plugin named'))) problems.push(await availableLine(path))
  const count = composed.left.length === 1 ? 'a problem' : `${composed.left.length} problems`
  throw usageError(`${path}: ${count} in the network configuration:\n  ${problems.join('\n  ')}`)
}

/** `available from <packages>: neuron lif, qif; gate box, …` for the packages the file names. */
async function availableLine(path: string): Promise<string> {
  const raw = readJsonFile(path)
  const named = raw._tag === 'Right' ? (raw.right as { plugins?: unknown }).plugins : undefined
  const packages = Array.isArray(named) && named.every((p) => typeof p === 'string') ? (named as string[]) : defaultPlugins
  const offered = await offeredPlugins(packages, dirname(path))
  const kinds = Object.entries(offered)
    .filter(([, names]) => names.length > 0)
    .map(([kind, names]) => `${kind} ${names.join(', ')}`)
  return `available from ${packages.join(', ')}: ${kinds.length > 0 ? kinds.join('; ') : 'none found'}`
}
