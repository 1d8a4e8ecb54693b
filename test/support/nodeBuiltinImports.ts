import { builtinModules } from 'node:module'
import { relative } from 'node:path'
import { build, type Metafile, type Plugin } from 'esbuild'

/** One import of a Node built-in, with the chain of modules that leads to it from the entry. */
export interface BuiltinImport {
  readonly builtin: string
  /** The importing modules, entry first, paths relative to `root`. */
  readonly chain: readonly string[]
}

/** The result of bundling an entry for the browser. */
export interface BrowserBundle {
  readonly builtins: readonly BuiltinImport[]
  /** The bundle (format iife, its exports on `globalThis[globalName]`). */
  readonly text: string
}

const bare = new Set(builtinModules.filter((name) => !name.startsWith('_')).flatMap((name) => [name, name.split('/')[0]]))

/** `node:fs`, `fs`, `fs/promises`, `worker_threads`, …: what a browser cannot import. */
export const isNodeBuiltin = (specifier: string): boolean => specifier.startsWith('node:') || bare.has(specifier) || bare.has(specifier.split('/')[0])

/**
 * Bundles `entries` as esbuild does for a browser (platform browser, bundle, no writing) and
 * reports every import of a Node built-in anywhere in their module graph — the entries' own
 * files and their dependencies — with the chain of importers from an entry to it. The
 * built-ins are kept external so that one build finds them all.
 */
export async function bundleForBrowser(entries: readonly string[], root: string, globalName = 'bundle'): Promise<BrowserBundle> {
  const hits: { importer: string; builtin: string }[] = []
  const builtinsAreErrors: Plugin = {
    name: 'node-builtins-are-errors',
    setup(b) {
      b.onResolve({ filter: /.*/ }, (args) => {
        if (!isNodeBuiltin(args.path)) return undefined
        hits.push({ importer: args.importer, builtin: args.path })
        return { path: args.path, external: true }
      })
    },
  }
  const result = await build({
    absWorkingDir: root,
    stdin: { contents: entries.map((e, i) => `export * as e${i} from ${JSON.stringify(e)}`).join('\n'), resolveDir: root, loader: 'js' },
    platform: 'browser',
    bundle: true,
    write: false,
    format: 'iife',
    globalName,
    metafile: true,
    logLevel: 'silent',
    plugins: [builtinsAreErrors],
  })
  const importersOf = reverseGraph(result.metafile)
  const builtins = hits.map(({ importer, builtin }) => ({
    builtin,
    chain: chainFromEntry(importersOf, relative(root, importer)),
  }))
  return { builtins, text: result.outputFiles[0].text }
}

/** `node:fs ← packages/core/dist/io/x.js ← … ← packages/core/dist/index.js` */
export const formatBuiltinImport = (b: BuiltinImport): string => [b.builtin, ...[...b.chain].reverse()].join(' ← ')

// internals

/** For each module of the bundle, the modules that import it. */
function reverseGraph(metafile: Metafile): Map<string, string[]> {
  const importers = new Map<string, string[]>()
  for (const [path, input] of Object.entries(metafile.inputs)) {
    for (const imported of input.imports) {
      const list = importers.get(imported.path) ?? []
      list.push(path)
      importers.set(imported.path, list)
    }
  }
  return importers
}

/** The shortest chain of importers from an entry (a module nothing imports but the stdin) to `path`. */
function chainFromEntry(importersOf: Map<string, string[]>, path: string): string[] {
  const previous = new Map<string, string | undefined>([[path, undefined]])
  const queue = [path]
  while (queue.length > 0) {
    const at = queue.shift()!
    const importers = (importersOf.get(at) ?? []).filter((p) => p !== '<stdin>')
    if ((importersOf.get(at) ?? []).includes('<stdin>') || importers.length === 0) {
      const chain: string[] = []
      for (let p: string | undefined = at; p !== undefined; p = previous.get(p)) chain.push(p)
      return chain
    }
    for (const next of importers) {
      if (!previous.has(next)) {
        previous.set(next, at)
        queue.push(next)
      }
    }
  }
  return [path]
}
