import { existsSync } from 'node:fs'
import { formatIssue, type ComposedNetwork } from '@spikegrad/core'
import { loadNetworkConfig } from '@spikegrad/node'
import { notFound } from '@spikegrad/node/internal'
import { UserError, usageError } from '../cliError.js'
import { defaultPlugins } from './defaultPlugins.js'

/**
 * Reads a network configuration file (format "spikegrad-network/2", or /1) and composes it with its
 * plugin packages (or {@link defaultPlugins} when it names none).
 * @throws UserError — exit 1 when the file does not exist; exit 2 (the input is wrong) with
 * every problem core reports, one per line (a single one on the line of the file's path), each naming its field (an unknown plugin name
 * comes with the names that are available), and, when a plugin package could not be loaded,
 * the packages that come with spikegrad.
 */
export async function loadNetworkFile(path: string): Promise<ComposedNetwork> {
  if (!existsSync(path)) throw new UserError(notFound(path).message)
  const composed = await loadNetworkConfig(path, defaultPlugins)
  if (composed._tag === 'Right') return composed.right
  const problems = composed.left.issues.map(formatIssue)
  if (composed.left.issues.some((i) => i.code === 'plugin-package')) {
    problems.push(`plugin packages that come with spikegrad: ${defaultPlugins.join(', ')}`)
  }
  // one problem is one line: the file, the field and what is wrong with it
  if (problems.length === 1) throw usageError(`${path}: ${problems[0]}`)
  const count = composed.left.issues.length === 1 ? 'a problem' : `${composed.left.issues.length} problems`
  throw usageError(`${path}: ${count} in the network configuration:\n  ${problems.join('\n  ')}`)
}
