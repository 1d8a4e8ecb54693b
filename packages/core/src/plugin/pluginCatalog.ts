import type { Container } from 'inversify'

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
 * The factory bound to `token` under `name`, or a message that names what is available and
 * how to make more available.
 */
export function resolvePlugin<T>(container: Container, token: symbol, name: string, what: string): { value: T } | { error: string } {
  if (typeof name !== 'string' || name.length === 0) return { error: `${what}: give the name of a plugin` }
  if (container.isBound(token, { name })) return { value: container.get<T>(token, { name }) }
  const known = availablePlugins(container, token)
  return {
    error:
      `${what}: no plugin named "${name}" is loaded` +
      (known.length > 0 ? ` (available: ${known.join(', ')})` : '') +
      '. Add the package that provides it to "plugins" in the configuration (e.g. "@spikegrad/neuron-lif").',
  }
}
