import test from 'ava'
import { readFileSync, rmSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { pathToFileURL } from 'node:url'
import ts from 'typescript'
import { repositoryRoot } from './support/repositoryRoot.js'

// Every ```ts block of the README is type-checked (strict) against the built packages and then
// run: the blocks throw when what they demonstrate does not hold, so the README cannot rot.

const root = repositoryRoot()
const blocks = [...readFileSync(join(root, 'README.md'), 'utf8').matchAll(/```ts\n([\s\S]*?)```/g)].map((m) => m[1])

test('README — has TypeScript examples', (t) => {
  t.true(blocks.length >= 2)
})

blocks.forEach((code, i) => {
  test(`README — example ${i + 1} type-checks and runs`, async (t) => {
    // written beside the compiled tests, so that '@spikegrad/*' and 'inversify' resolve
    const base = join(root, 'test', 'dist', `.readme-example-${i}-${process.pid}`)
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
