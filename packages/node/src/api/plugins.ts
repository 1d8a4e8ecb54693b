/**
 * Plugin packages by name: `loadPluginPackages` imports each package (resolved from the
 * configuration's folder first) and loads its inversify `ContainerModule`s into a container,
 * from which core composes specifications (`createModel`, `composeModel`).
 *
 * Everything here is exported from `@spikegrad/node`.
 * @module plugins
 */
export { loadPluginPackages, type PluginLoadOptions } from '../plugin/loadPluginPackages.js'
