import test from 'ava'
import { readFileSync, rmSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { pathToFileURL } from 'node:url'
import ts from 'typescript'
import { repositoryRoot } from './support/repositoryRoot.js'

// Every ```ts block of the README (and of the documents below) is type-checked (strict) against
// the built packages and then run: the blocks throw when what they demonstrate does not hold, so
// the documents cannot rot.

const root = repositoryRoot()
/** The documents whose examples run, and the name their tests carry. */
const documents: readonly (readonly [string, string])[] = [
  ['README.md', 'README'],
  ['plugins/neuron-equations/README.md', 'neuron-equations README'],
  ['docs/equation-neurons.md', 'docs/equation-neurons.md'],
]
const blocks = documents.flatMap(([file, name]) => [...readFileSync(join(root, file), 'utf8').matchAll(/```ts\n([\s\S]*?)```/g)].map((m, i) => ({ name, i, code: m[1] })))

for (const [, name] of documents) {
  test(`${name} — has TypeScript examples`, (t) => {
    t.true(blocks.filter((b) => b.name === name).length >= (name === 'README' ? 2 : 1))
  })
}

blocks.forEach(({ name, i, code }, k) => {
  test(`${name} — example ${i + 1} type-checks and runs`, async (t) => {
    // written beside the compiled tests, so that '@spikegrad/*' and 'inversify' resolve
    const base = join(root, 'test', 'dist', `.readme-example-${k}-${process.pid}`)
    try {
      writeFileSync(`${base}.ts`, code)
      const program = ts.createProgram([`${base}.ts`], {
        module: ts.ModuleKind.NodeNext,
        moduleResolution: ts.ModuleResolutionKind.NodeNext,
        target: ts.ScriptTarget.ES2022,
        strict: true,
        noEmit: true,
        skipLibCheck: true,
        experimentalDecorators: true,
        types: ['node'],
      })
      const diagnostics = ts.getPreEmitDiagnostics(program).map((d) => ts.flattenDiagnosticMessageText(d.messageText, '\n'))
      t.deepEqual(diagnostics, [])
      writeFileSync(`${base}.mjs`, ts.transpileModule(code, { compilerOptions: { module: ts.ModuleKind.ESNext, target: ts.ScriptTarget.ES2022 } }).outputText)
      const log = console.log
      console.log = (...args: unknown[]) => t.log(...args)
      try {
        await import(pathToFileURL(`${base}.mjs`).href)
      } finally {
        console.log = log
      }
    } finally {
      rmSync(`${base}.ts`, { force: true })
      rmSync(`${base}.mjs`, { force: true })
    }
  })
})
