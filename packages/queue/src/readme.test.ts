import { readFileSync, rmSync, writeFileSync } from 'node:fs'
import { fileURLToPath, pathToFileURL } from 'node:url'
import avaTest from 'ava'
import ts from 'typescript'
import { startRedis, withRedis } from './testing/redisServer.js'

const test = withRedis(avaTest)
const here = (path: string): string => fileURLToPath(new URL(path, import.meta.url))

test('README — the example type-checks and runs against a real Redis (a queue run with the bits of a local one)', async (t) => {
  const code = /```ts\n([\s\S]*?)```/.exec(readFileSync(here('../README.md'), 'utf8'))?.[1]
  if (code === undefined) return t.fail('README has no ```ts block')
  const redis = await startRedis()
  // written beside the compiled files, so that '@spikegrad/*' resolve
  const base = here(`./.readme-example-${process.pid}`)
  const previous = process.env.SPIKEGRAD_REDIS
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
    t.deepEqual(ts.getPreEmitDiagnostics(program).map((d) => ts.flattenDiagnosticMessageText(d.messageText, '\n')), [])
    writeFileSync(`${base}.mjs`, ts.transpileModule(code, { compilerOptions: { module: ts.ModuleKind.ESNext, target: ts.ScriptTarget.ES2022 } }).outputText)
    process.env.SPIKEGRAD_REDIS = redis.url
    const log = console.log
    console.log = (...args: unknown[]) => t.log(...args)
    try {
      await import(pathToFileURL(`${base}.mjs`).href)
    } finally {
      console.log = log
    }
  } finally {
    if (previous === undefined) delete process.env.SPIKEGRAD_REDIS
    else process.env.SPIKEGRAD_REDIS = previous
    rmSync(`${base}.ts`, { force: true })
    rmSync(`${base}.mjs`, { force: true })
    await redis.stop()
  }
})
