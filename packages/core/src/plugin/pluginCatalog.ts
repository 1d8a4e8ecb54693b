import type { Container } from 'inversify'
import { nearestName } from '../io/unknownFields.js'
import { issue, type Issue } from '../util/invalid.js'
import { GateFactoryToken, LossFactoryToken, NeuronFactoryToken, TaskFactoryToken } from './tokens.js'

/**
 * Every plugin binding is also listed in a catalog under this token, so that an unknown
 * name in a configuration can be answered with the names that are available.
 */
export const PluginCatalogToken = Symbol.for('spikegrad/PluginCatalog')

export interface PluginEntry {
  /** The token the factory is bound to (NeuronFactoryToken, GateFactoryToken, …). */
  readonly token: symbol
  readonly name: string
}

/** The `bind` of an inversify ContainerModule (kept structural so plugins need no extra types). */
export type BindFunction = Container['bind']

/**
 * Binds a plugin factory to a core token under a name, and lists it in the catalog.
 * A plugin package's ContainerModule is then one line per factory:
 *
 *   new ContainerModule(({ bind }) => bindPlugin(bind, NeuronFactoryToken, 'qif', qifNeuron))
 */
export function bindPlugin<T>(bind: BindFunction, token: symbol, name: string, factory: T): void {
  bind<T>(token).toConstantValue(factory).whenNamed(name)
  bind<PluginEntry>(PluginCatalogToken).toConstantValue({ token, name })
}

/** Names bound to `token` in the container's catalog, sorted. */
export function availablePlugins(container: Container, token: symbol): string[] {
  if (!container.isBound(PluginCatalogToken)) return []
  return container
    .getAll<PluginEntry>(PluginCatalogToken)
    .filter((e) => e.token === token)
    .map((e) => e.name)
    .sort()
}

/**
 * The factory bound to `token` under `name`, or an issue at `at` that names what is
 * available and how to make more available.
 */
export function resolvePlugin<T>(container: Container, token: symbol, name: string, at: string): { value: T } | { issue: Issue } {
  if (typeof name !== 'string' || name.length === 0) return { issue: issue(at, 'give the name of a plugin') }
  if (container.isBound(token, { name })) return { value: container.get<T>(token, { name }) }
  const known = availablePlugins(container, token)
  const near = nearestName(name, known)
  return {
    issue: issue(
      at,
      `no plugin named "${name}" is loaded` + (known.length > 0 ? ` (available: ${known.join(', ')})` : ''),
      (near !== undefined ? `did you mean "${near}"? Otherwise add` : 'add') +
        ` the package that provides it to "plugins" in the configuration (e.g. "${examplePackage.get(token) ?? '@spikegrad/neuron-lif'}")`,
      'unknown-plugin',
    ),
  }
}

/** A package that provides plugins of each kind, for the fix of an unknown name. */
const examplePackage = new Map<symbol, string>([
  [NeuronFactoryToken, '@spikegrad/neuron-lif'],
  [GateFactoryToken, '@spikegrad/gates'],
  [LossFactoryToken, '@spikegrad/losses'],
  [TaskFactoryToken, '@spikegrad/task-xor'],
])
