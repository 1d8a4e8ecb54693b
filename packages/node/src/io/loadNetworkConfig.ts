import { isLeft, left, type Either } from 'fp-ts/lib/Either.js'
import { Container } from 'inversify'
import { dirname } from 'node:path'
import { type ComposedNetwork, composeNetworkConfig, decodeNetworkConfig, invalid, type Invalid, withImpliedPlugins } from '@spikegrad/core'
import { loadPluginPackages } from '../plugin/loadPluginPackages.js'
import { pluginIssues } from '../plugin/pluginIssues.js'
import { ioIssue } from './ioError.js'
import { readJsonFile } from './readJsonFile.js'

/**
 * Reads, validates and composes a network configuration file (either format): loads the
 * plugin packages it names (or `defaultPlugins`) into an inversify container — and
 * `@spikegrad/neuron-equations` when a population's neuron is written as equations —, resolves
 * the neurons, gates and losses by name and builds the network and trial. Problems are issues
 * naming the field and the fix.
 */
export async function loadNetworkConfig(path: string, defaultPlugins: readonly string[] = []): Promise<Either<Invalid, ComposedNetwork>> {
  const raw = readJsonFile(path)
  if (isLeft(raw)) return left(invalid([ioIssue(raw.left)]))
  const decoded = decodeNetworkConfig(raw.right, 'config')
  if (isLeft(decoded)) return decoded
  const container = new Container()
  const plugins = withImpliedPlugins(decoded.right.plugins ?? defaultPlugins, decoded.right.populations)
  const loadErrors = await loadPluginPackages(container, plugins, dirname(path))
  if (loadErrors.length > 0) return left(invalid(pluginIssues('config.', loadErrors)))
  return composeNetworkConfig(container, decoded.right)
}
