import test from 'ava'
import { readdirSync, readFileSync } from 'node:fs'
import { join, relative } from 'node:path'
import { pathToFileURL } from 'node:url'
import { repositoryRoot } from './support/repositoryRoot.js'

// `npm test` (package.json "ava") and `npm run test:slow` (ava.slow.config.js) split the test
// files by name: together they must run every test file exactly once.

const root = repositoryRoot()
const fast = (JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')) as { ava: { files: string[] } }).ava.files

/** Every test source of the packages, plugins, tools and cross-package tests (the browser tests have their own command). */
function testSources(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const path = join(dir, entry.name)
    if (entry.isDirectory()) return ['node_modules', 'dist', 'browser'].includes(entry.name) ? [] : testSources(path)
    return entry.name.endsWith('.test.ts') ? [relative(root, path)] : []
  })
}

test('test suites — npm test runs every test file but the *.slow.test files, and npm run test:slow the same folders\' *.slow.test files', async (t) => {
  const slow = ((await import(pathToFileURL(join(root, 'ava.slow.config.js')).href)) as { default: { files: string[] } }).default.files
  const positive = fast.filter((g) => !g.startsWith('!'))
  t.deepEqual(
    fast.filter((g) => g.startsWith('!')),
    ['!**/*.slow.test.js'],
  )
  t.deepEqual(slow, positive.map((g) => g.replace(/\*\.test\.js$/, '*.slow.test.js')))
})

test('test suites — every test file lies where both suites look: packages/*, plugins/*, tools/* (compiled to dist) or test/', (t) => {
  const sources = ['packages', 'plugins', 'tools', 'test'].flatMap((d) => testSources(join(root, d)))
  t.true(sources.length > 100, `${sources.length} test files`)
  const outside = sources.filter((p) => !/^(packages|plugins|tools)\/[^/]+\/src\//.test(p) && !p.startsWith('test/'))
  t.deepEqual(outside, [])
  t.true(sources.some((p) => p.endsWith('.slow.test.ts')), 'some test files are slow')
})
