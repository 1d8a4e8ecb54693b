import { createRequire } from 'node:module'
import { join } from 'node:path'
import { pathToFileURL } from 'node:url'
import type { Container } from 'inversify'

/**
 * Loads plugin packages by name into a container. A plugin package exports one or more
 * inversify ContainerModules (by convention named `…Module`, e.g. `QifNeuronModule`); every
 * such export is loaded. Packages are resolved from `baseDir` (the configuration's folder or
 * the working directory) first, so a plugin installed in the user's project — also from an
 * npm tarball — is found by its package name.
 * @returns the problems, one per package that could not be loaded (empty when all loaded).
 */
export async function loadPluginPackages(container: Container, packages: readonly string[], baseDir: string): Promise<string[]> {
  const errors: string[] = []
  for (const name of packages) {
    let mod: Record<string, unknown>
    try {
      mod = (await importFrom(name, baseDir)) as Record<string, unknown>
    } catch (e) {
      errors.push(
        `plugins: cannot load package "${name}" (${e instanceof Error ? e.message.split('\n')[0] : String(e)}). ` +
          `Install it (npm install ${name}) in the project that holds the configuration.`,
      )
      continue
    }
    const modules = Object.entries(mod).filter(([key, v]) => isContainerModule(v) && (key.endsWith('Module') || key === 'default'))
    if (modules.length === 0) {
      errors.push(`plugins: package "${name}" exports no inversify ContainerModule (expected an export named like "…Module")`)
      continue
    }
    for (const [, m] of modules) container.load(m as Parameters<Container["load"]>[0])
  }
  return errors
}

function isContainerModule(x: unknown): boolean {
  return typeof x === 'object' && x !== null && typeof (x as { load?: unknown }).load === 'function' && 'id' in x
}

async function importFrom(name: string, baseDir: string): Promise<unknown> {
  try {
    const resolved = createRequire(join(baseDir, 'noop.js')).resolve(name)
    return await import(pathToFileURL(resolved).href)
  } catch {
    return await import(name)
  }
}
