import test from 'ava'
import { readFileSync, rmSync, writeFileSync } from 'node:fs'
import { fileURLToPath, pathToFileURL } from 'node:url'
import ts from 'typescript'

const here = (path: string): string => fileURLToPath(new URL(path, import.meta.url))

test('README — its example type-checks, runs, and prints what its comment says', async (t) => {
  const readme = readFileSync(here('../README.md'), 'utf8')
  const code = /```ts\n([\s\S]*?)```/.exec(readme)?.[1]
  if (code === undefined) return t.fail('README has no ```ts block')
  // written next to the package's compiled files, so that '@spikegrad/…' resolves
  const base = here(`./.readme-example-${process.pid}`)
  const printed: string[] = []
  const log = console.log
  try {
    writeFileSync(`${base}.ts`, code)
    const program = ts.createProgram([`${base}.ts`], {
      module: ts.ModuleKind.NodeNext,
      moduleResolution: ts.ModuleResolutionKind.NodeNext,
      target: ts.ScriptTarget.ES2022,
      strict: true,
      noEmit: true,
      skipLibCheck: true,
      types: ['node'],
    })
    const diagnostics = ts.getPreEmitDiagnostics(program).map((d) => ts.flattenDiagnosticMessageText(d.messageText, '\n'))
    t.deepEqual(diagnostics, [])
    writeFileSync(`${base}.mjs`, ts.transpileModule(code, { compilerOptions: { module: ts.ModuleKind.ESNext } }).outputText)
    console.log = (...args: unknown[]) => void printed.push(args.join(' '))
    await import(pathToFileURL(`${base}.mjs`).href)
  } finally {
    console.log = log
    rmSync(`${base}.ts`, { force: true })
    rmSync(`${base}.mjs`, { force: true })
  }
  t.is(printed.join('\n'), /console\.log\(.*\) \/\/ (.*)/.exec(code)?.[1] ?? 'the example has no `console.log(…) // output` line')
})
