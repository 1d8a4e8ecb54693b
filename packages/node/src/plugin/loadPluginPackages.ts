import { dirname, resolve } from 'node:path'
import { fileURLToPath, pathToFileURL } from 'node:url'
import type { Container } from 'inversify'
import { allowedPluginFiles, allowPluginFilesVariable, realPath } from './allowedPluginFiles.js'
import { findPackageEntry } from './findPackageEntry.js'
import { classifyPluginEntry, showEntry } from './pluginEntry.js'

/** Where plugin packages may come from besides the configuration's folder (see `loadPluginPackages`). */
export interface PluginLoadOptions {
  /** The working directory, whose node_modules is searched second (default `process.cwd()`). */
  readonly cwd?: string
  /** Local plugin files the user allows, as paths (default: from `SPIKEGRAD_ALLOW_PLUGIN_FILES`). */
  readonly allowFiles?: readonly string[]
}

/**
 * Loads plugin packages by name into a container. A plugin package exports one or more
 * inversify ContainerModules (by convention named `…Module`, e.g. `QifNeuronModule`); every
 * such export is loaded.
 *
 * Only package names are accepted — a shared file can name plugins, but cannot make spikegrad
 * run a file it carries or points to. A name is looked up in the node_modules of `baseDir`
 * (the configuration's or model's folder) and its parents, then of the working directory and
 * its parents; the plugins that come with spikegrad (`@spikegrad/…`) are also found in
 * spikegrad's own installation, but no other package of it is (`"fp-ts"` does not load).
 * Paths, URLs (`data:`, `file:`, `node:`) and invalid names are refused, except a path naming
 * a file the user allows on the command line (`SPIKEGRAD_ALLOW_PLUGIN_FILES`), taken from
 * `baseDir`.
 * @returns the problems, one per entry that could not be loaded, each starting `plugins[i]:`
 *   (empty when all loaded).
 */
export async function loadPluginPackages(
  container: Container,
  packages: readonly string[],
  baseDir: string,
  options: PluginLoadOptions = {},
): Promise<string[]> {
  const errors: string[] = []
  const cwd = options.cwd ?? process.cwd()
  const allowed = options.allowFiles?.flatMap((p) => realPath(resolve(cwd, p)) ?? []) ?? allowedPluginFiles()
  for (const [index, name] of packages.entries()) {
    const at = `plugins[${index}]`
    const located = locate(name, baseDir, cwd, allowed)
    if (typeof located !== 'object') {
      errors.push(`${at}: ${located}`)
      continue
    }
    let mod: Record<string, unknown>
    try {
      mod = (await import(pathToFileURL(located.file).href)) as Record<string, unknown>
    } catch (e) {
      errors.push(`${at}: cannot load package ${showEntry(name)} (${firstLine(e)}). Reinstall it (npm install ${name}) in the project that holds the configuration.`)
      continue
    }
    const modules = Object.entries(mod).filter(([key, v]) => isContainerModule(v) && (key.endsWith('Module') || key === 'default'))
    if (modules.length === 0) {
      errors.push(`${at}: package ${showEntry(name)} exports no inversify ContainerModule (expected an export named like "…Module")`)
      continue
    }
    for (const [, m] of modules) container.load(m as Parameters<Container['load']>[0])
  }
  return errors
}

// internals

/** The file to import for one entry, or why there is none. */
function locate(entry: string, baseDir: string, cwd: string, allowed: readonly string[]): { readonly file: string } | string {
  const kind = classifyPluginEntry(entry)
  if (kind._tag === 'Refused') return kind.problem
  if (kind._tag === 'File') {
    const real = realPath(resolve(baseDir, kind.path))
    if (real !== undefined && allowed.includes(real)) return { file: real }
    return (
      `${showEntry(entry)} is a file path; plugins are loaded only by package name (e.g. "@spikegrad/neuron-lif"), so that a shared file cannot run code. ` +
      `Install the plugin as a package in your project (npm install <its folder or tarball>) and name the package, ` +
      `or allow this one file on your own command line: ${allowPluginFilesVariable}=${real ?? resolve(baseDir, kind.path)}`
    )
  }
  const name = kind.name
  const dirs = [...new Set([resolve(baseDir), resolve(cwd)])]
  for (const dir of dirs) {
    const file = findPackageEntry(name, dir)
    if (file !== undefined) return { file }
  }
  if (name.startsWith('@spikegrad/')) {
    const own = findPackageEntry(name, ownFolder())
    if (own !== undefined) return { file: own }
  }
  return (
    `cannot load package ${showEntry(name)}: it is not installed in ${dirs.join(' or ')} (nor in a node_modules folder above). ` +
    `Install it (npm install ${name}) in the project that holds the configuration.`
  )
}

function ownFolder(): string {
  return dirname(fileURLToPath(import.meta.url))
}

function isContainerModule(x: unknown): boolean {
  return typeof x === 'object' && x !== null && typeof (x as { load?: unknown }).load === 'function' && 'id' in x
}

function firstLine(e: unknown): string {
  return (e instanceof Error ? e.message : String(e)).split('\n')[0]
}
