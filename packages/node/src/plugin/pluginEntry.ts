import { builtinModules } from 'node:module'
import { isAbsolute } from 'node:path'

/**
 * What an entry of a `plugins` list asks for: a package by its npm name (the only thing a
 * shared file may ask for), a local file (loaded only when the user allows that file, see
 * `allowedPluginFiles`), or something refused, with the reason and the fix.
 */
export type PluginEntry =
  | { readonly _tag: 'Package'; readonly name: string }
  | { readonly _tag: 'File'; readonly path: string }
  | { readonly _tag: 'Refused'; readonly problem: string }

/** The longest npm package name, scope included. */
export const maxPackageNameLength = 214

// `@scope/name` or `name`: lowercase letters, digits and - . _ ~, not starting with . or _
const packageName = /^(?:@[a-z0-9~-][a-z0-9._~-]*\/)?[a-z0-9~-][a-z0-9._~-]*$/

/** Shown for an entry in messages: quoted, and cut short when long (a `data:` URL can be megabytes). */
export function showEntry(entry: string): string {
  return JSON.stringify(entry.length > 60 ? `${entry.slice(0, 57)}...` : entry)
}

/**
 * Classifies one entry of a `plugins` list. Paths (`./x.mjs`, `../x`, `/abs/x.mjs`) are files;
 * URLs (`data:`, `file:`, `node:`, `https:`), Node built-ins, a file inside a package and
 * anything that is not a valid npm package name are refused.
 * @example classifyPluginEntry('@spikegrad/neuron-lif') // { _tag: 'Package', name: '@spikegrad/neuron-lif' }
 */
export function classifyPluginEntry(entry: string): PluginEntry {
  const shown = showEntry(entry)
  if (entry.startsWith('./') || entry.startsWith('../') || entry === '.' || entry === '..' || isAbsolute(entry) || /^\.\.?[\\/]/.test(entry)) {
    return { _tag: 'File', path: entry }
  }
  if (/^[a-z][a-z0-9+.-]*:/i.test(entry)) {
    return { _tag: 'Refused', problem: `${shown} is a URL; plugins are loaded only by package name (e.g. "@spikegrad/neuron-lif"): install the plugin in your project and name its package` }
  }
  const bare = entry.startsWith('@') ? entry.split('/').slice(0, 2).join('/') : entry.split('/')[0]
  if (bare !== entry && packageName.test(bare)) {
    return { _tag: 'Refused', problem: `${shown} names a file inside a package; name the package itself ("${bare}"), whose ContainerModule exports are loaded` }
  }
  if (entry.length === 0 || entry.length > maxPackageNameLength || !packageName.test(entry) || entry === 'node_modules') {
    return {
      _tag: 'Refused',
      problem: `${shown} is not a valid npm package name (lowercase letters, digits, "-", "." and "_", at most ${maxPackageNameLength} characters, optionally after "@scope/"; e.g. "@spikegrad/neuron-lif")`,
    }
  }
  if (builtinModules.includes(entry)) return { _tag: 'Refused', problem: `${shown} is a Node built-in module, not a plugin package; remove it from "plugins"` }
  return { _tag: 'Package', name: entry }
}
