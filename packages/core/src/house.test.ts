import test from 'ava'
import { readdirSync, readFileSync, statSync } from 'node:fs'
import { dirname, join, relative, resolve } from 'node:path'
import { fileURLToPath } from 'node:url'

// The house of core, ground floor first: a folder imports only from the floors below it (and
// from itself). The solver knows nothing of neurons, a plugin contract nothing of networks, the
// training loop nothing of model files, and nothing but the public face imports everything.
const floors = ['ode', 'util', 'io', 'plugin', 'network', 'training', 'model', 'figures', 'api'] as const

const src = resolve(dirname(fileURLToPath(import.meta.url)), '..', 'src')

/** The source files of core (not tests, fixtures or test problems), relative to src. */
function sources(dir = src): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name)
    if (statSync(path).isDirectory()) return name === 'testing' ? [] : sources(path)
    return path.endsWith('.ts') && !/\.(test|fixture)\.ts$/.test(path) && !path.endsWith('.d.ts') ? [relative(src, path)] : []
  })
}

/** The relative imports (and re-exports) of a source file, as files relative to src. */
function importsOf(file: string): string[] {
  const text = readFileSync(join(src, file), 'utf8')
  return [...text.matchAll(/^(?:import|export)[^'"]*?from\s+'(\.{1,2}\/[^']+)'/gm)].map((m) => relative(src, resolve(dirname(join(src, file)), m[1]!.replace(/\.js$/, '.ts'))))
}

const folderOf = (file: string): string => (file.includes('/') ? file.slice(0, file.indexOf('/')) : '.')

const files = sources()
const edges = files.flatMap((from) => importsOf(from).map((to) => ({ from, to })))

test('house — every folder of core imports only from the floors below it (ode, util, io, plugin, network, training, model, figures, api)', (t) => {
  t.true(files.length > 50 && edges.length > 100, `read ${files.length} files and ${edges.length} imports`)
  const known = new Set<string>([...floors, '.'])
  t.deepEqual([...new Set(files.map(folderOf))].filter((f) => !known.has(f)), [], 'a folder the house does not place')
  const upward = edges.filter(({ from, to }) => {
    const a = folderOf(from)
    const b = folderOf(to)
    if (a === '.' || a === b) return false // index.ts and internal.ts are the faces; a folder may import itself
    return floors.indexOf(b as (typeof floors)[number]) > floors.indexOf(a as (typeof floors)[number])
  })
  t.deepEqual(upward.map(({ from, to }) => `${from} → ${to}`), [], 'an import up the house (a back arrow)')
})

test('house — no circle of imports among core\'s files outside the solver', (t) => {
  const next = new Map<string, string[]>()
  for (const { from, to } of edges) next.set(from, [...(next.get(from) ?? []), to])
  // depth-first search for a cycle; ode/ (the solver, reworked on its own) is checked by its owner
  const circles: string[] = []
  const state = new Map<string, 'open' | 'done'>()
  const visit = (file: string, path: string[]): void => {
    if (file.startsWith('ode/')) return
    if (state.get(file) === 'open') circles.push([...path.slice(path.indexOf(file)), file].join(' → '))
    if (state.has(file)) return
    state.set(file, 'open')
    for (const to of next.get(file) ?? []) visit(to, [...path, file])
    state.set(file, 'done')
  }
  for (const file of files) visit(file, [])
  t.deepEqual(circles, [])
})
