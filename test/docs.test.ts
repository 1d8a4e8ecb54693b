import test from 'ava'
import { existsSync, readdirSync, readFileSync } from 'node:fs'
import { dirname, join, relative } from 'node:path'
import { codeBlocks, runCodeBlock } from '@spikegrad/docs-kit'
import { isLeft } from 'fp-ts/lib/Either.js'
import { repositoryRoot } from './support/repositoryRoot.js'

// Every ```ts block of the README and of the guides in docs/ is type-checked (strict) against
// the built packages and then run: the blocks throw when what they demonstrate does not hold,
// so the pages cannot rot. (The plugin guide's files are tested by writingAPlugin.test.ts.)

const root = repositoryRoot()
const guides = readdirSync(join(root, 'docs'))
  .filter((f) => f.endsWith('.md'))
  .map((f) => join(root, 'docs', f))
/** Package READMEs whose examples have no test of their own in their package. */
const packageReadmes = ['plugins/neuron-equations/README.md', 'plugins/neuron-lif/README.md'].map((page) => join(root, page))
const pages = [join(root, 'README.md'), ...guides, ...packageReadmes].map((path) => relative(root, path))
// written beside the compiled tests, so that '@spikegrad/*' and 'inversify' resolve
const dir = join(root, 'test', 'dist')

test('docs — the README, the model, solver, networks and equation-neuron guides and the neuron-equations README have TypeScript examples', (t) => {
  for (const page of ['README.md', 'docs/model.md', 'docs/solver.md', 'docs/networks.md', 'docs/equation-neurons.md', 'plugins/neuron-equations/README.md']) {
    t.true(codeBlocks(readFileSync(join(root, page), 'utf8'), page).length >= 1, page)
  }
})

for (const page of pages) {
  for (const block of codeBlocks(readFileSync(join(root, page), 'utf8'), page)) {
    test(`${page} — the example at line ${block.line} type-checks and runs`, async (t) => {
      const run = await runCodeBlock(block, { dir })
      if (isLeft(run)) return t.fail(run.left.message)
      for (const line of run.right.printed) t.log(line)
      t.pass()
    })
  }
}

/** GitHub's anchor of a heading: lower case, punctuation dropped, spaces as hyphens. */
const anchor = (heading: string): string =>
  heading
    .trim()
    .toLowerCase()
    .replace(/[^\p{L}\p{N}\s_-]/gu, '')
    .replace(/\s/g, '-')

test('docs — every relative link of the README and the guides names a file that exists, and a heading of it when it has an anchor', (t) => {
  const broken: string[] = []
  for (const page of pages) {
    const text = readFileSync(join(root, page), 'utf8')
    for (const [, target] of text.matchAll(/\]\(([^)\s]+)\)/g)) {
      if (/^[a-z]+:/.test(target)) continue
      const [path, hash] = target.split('#')
      const file = path === '' ? join(root, page) : join(root, dirname(page), path)
      if (!existsSync(file)) {
        broken.push(`${page}: ${target} (no such file)`)
        continue
      }
      if (hash === undefined || !file.endsWith('.md')) continue
      const headings = [...readFileSync(file, 'utf8').matchAll(/^#+ (.*)$/gm)].map((m) => anchor(m[1]))
      if (!headings.includes(hash)) broken.push(`${page}: ${target} (no such heading)`)
    }
  }
  t.deepEqual(broken, [])
})
