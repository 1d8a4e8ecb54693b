import { createRequire } from 'node:module'
import { join } from 'node:path'
import { pathToFileURL } from 'node:url'
import { GateFactoryToken, LossFactoryToken, NeuronFactoryToken, TaskFactoryToken } from '@spikegrad/core'

/** Plugin names offered by some packages, by kind, sorted: { neuron: ['lif', 'qif'], gate: [...], ... }. */
export type OfferedPlugins = Readonly<Record<'neuron' | 'gate' | 'loss' | 'task', readonly string[]>>

/**
 * The names under which plugin packages bind their factories, found by running each exported
 * inversify ContainerModule against a recorder that notes every `bind(token)…whenNamed(name)`.
 * Used to say what is available when a configuration names an unknown plugin (core's catalog
 * lists only plugins bound with `bindPlugin`). Packages that cannot be imported are skipped.
 * Packages resolve from `baseDir` first, as core's loadPluginPackages does.
 */
export async function offeredPlugins(packages: readonly string[], baseDir: string): Promise<OfferedPlugins> {
  const byToken = new Map<unknown, Set<string>>()
  const bind = (token: unknown) => {
    const chain: object = new Proxy(
      {},
      {
        get: (_target, key) => (...args: unknown[]) => {
          if (key === 'whenNamed' && typeof args[0] === 'string') {
            const names = byToken.get(token) ?? new Set<string>()
            byToken.set(token, names.add(args[0]))
          }
          return chain
        },
      },
    )
    return chain
  }
  const options = { bind, isBound: () => false, onActivation() {}, onDeactivation() {}, rebind: bind, rebindAsync: async (t: unknown) => bind(t), unbind() {}, async unbindAsync() {} }
  for (const name of packages) {
    const mod = await importFrom(name, baseDir)
    for (const value of Object.values(mod ?? {})) {
      if (typeof value !== 'object' || value === null || typeof (value as { load?: unknown }).load !== 'function') continue
      try {
        await (value as { load(o: typeof options): unknown }).load(options)
      } catch {
        // a module that needs a real container: its names stay unknown
      }
    }
  }
  const names = (token: symbol): string[] => [...(byToken.get(token) ?? [])].sort()
  return { neuron: names(NeuronFactoryToken), gate: names(GateFactoryToken), loss: names(LossFactoryToken), task: names(TaskFactoryToken) }
}

async function importFrom(name: string, baseDir: string): Promise<Record<string, unknown> | undefined> {
  try {
    return (await import(pathToFileURL(createRequire(join(baseDir, 'noop.js')).resolve(name)).href)) as Record<string, unknown>
  } catch {
    try {
      return (await import(name)) as Record<string, unknown>
    } catch {
      return undefined
    }
  }
}
