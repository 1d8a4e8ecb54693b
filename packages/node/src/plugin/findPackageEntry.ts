import { readFileSync, statSync } from 'node:fs'
import { dirname, join, resolve } from 'node:path'

/**
 * The file an `import` of package `name` loads, looked up only in `dir/node_modules` and the
 * `node_modules` of each parent of `dir` (no global folders): the package's `exports["."]`
 * under the conditions `import`, `node` and `default`, else its `main`, else `index.js`.
 * @returns the entry file, or undefined when no folder there holds the package.
 */
export function findPackageEntry(name: string, dir: string): string | undefined {
  for (let at = resolve(dir); ; at = dirname(at)) {
    const folder = join(at, 'node_modules', name)
    const manifest = readManifest(join(folder, 'package.json'))
    if (manifest !== undefined) return entryOf(folder, manifest)
    if (dirname(at) === at) return undefined
  }
}

// internals

interface Manifest {
  readonly exports?: unknown
  readonly main?: unknown
}

function readManifest(path: string): Manifest | undefined {
  try {
    if (!statSync(path).isFile()) return undefined
    const parsed = JSON.parse(readFileSync(path, 'utf8')) as unknown
    return typeof parsed === 'object' && parsed !== null ? (parsed as Manifest) : {}
  } catch {
    return undefined
  }
}

function entryOf(folder: string, manifest: Manifest): string {
  const exported = manifest.exports
  if (exported !== undefined && exported !== null) {
    const root = typeof exported === 'object' && !Array.isArray(exported) && Object.keys(exported).some((k) => k.startsWith('.')) ? (exported as Record<string, unknown>)['.'] : exported
    const target = conditionalTarget(root)
    // a package whose exports do not offer "." to import: point at the manifest, which then fails to load with a clear message
    return target === undefined ? join(folder, 'package.json') : join(folder, target)
  }
  if (typeof manifest.main === 'string' && manifest.main !== '') return join(folder, manifest.main)
  return join(folder, 'index.js')
}

const conditions = new Set(['import', 'node', 'default'])

/** An exports target under Node's rules for `import`: a string, the first match of an array, or the first matching condition of an object, in its order. */
function conditionalTarget(target: unknown): string | undefined {
  if (typeof target === 'string') return target.startsWith('./') ? target : undefined
  if (Array.isArray(target)) {
    for (const t of target) {
      const found = conditionalTarget(t)
      if (found !== undefined) return found
    }
    return undefined
  }
  if (typeof target === 'object' && target !== null) {
    for (const [key, value] of Object.entries(target)) {
      if (conditions.has(key)) {
        const found = conditionalTarget(value)
        if (found !== undefined) return found
      }
    }
  }
  return undefined
}
