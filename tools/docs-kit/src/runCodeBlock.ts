import { rmSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { pathToFileURL } from 'node:url'
import { format } from 'node:util'
import { left, right, type Either } from 'fp-ts/lib/Either.js'
import ts from 'typescript'
import type { CodeBlock } from './codeBlocks.js'

export interface RunOptions {
  /** A folder where the block's imports resolve (e.g. beside the compiled tests); its files are written there and removed after. */
  readonly dir: string
  /** Compiler options added to the defaults (strict, NodeNext, ES2022, types node). */
  readonly compilerOptions?: ts.CompilerOptions
  /** Import the block after it type-checks (default true); false only type-checks it. */
  readonly run?: boolean
}

/** A block that type-checked and ran: what it printed with `console.log` (one string per call) and its module's exports. */
export interface BlockRun {
  readonly printed: readonly string[]
  readonly exports: Readonly<Record<string, unknown>>
}

/** Why a block failed: its type errors or what it threw, with where it stands on its page. */
export interface BlockFailure {
  readonly kind: 'type-errors' | 'threw'
  readonly message: string
}

const defaults: ts.CompilerOptions = {
  module: ts.ModuleKind.NodeNext,
  moduleResolution: ts.ModuleResolutionKind.NodeNext,
  target: ts.ScriptTarget.ES2022,
  strict: true,
  noEmit: true,
  skipLibCheck: true,
  experimentalDecorators: true,
  types: ['node'],
}

let counter = 0
/** Parsed declaration files (the libraries', the built packages'), shared by every block of this process. */
const parsed = new Map<string, ts.SourceFile>()

/** A compiler host that parses each declaration file once per process; the blocks themselves are always read afresh. */
function cachingHost(options: ts.CompilerOptions): ts.CompilerHost {
  const host = ts.createCompilerHost(options)
  const read = host.getSourceFile.bind(host)
  host.getSourceFile = (fileName, languageVersion, onError, shouldCreate) => {
    if (!fileName.endsWith('.d.ts')) return read(fileName, languageVersion, onError, shouldCreate)
    const key = `${JSON.stringify(languageVersion)}:${fileName}`
    const cached = parsed.get(key)
    if (cached !== undefined) return cached
    const file = read(fileName, languageVersion, onError, shouldCreate)
    if (file !== undefined) parsed.set(key, file)
    return file
  }
  return host
}
/** The block runs of this process, one at a time: each replaces the global console.log while it runs. */
let queue: Promise<unknown> = Promise.resolve()

/** The block's type errors, each as `page:line: message` with the line on the page. */
export function typeErrors(block: CodeBlock, file: string, compilerOptions: ts.CompilerOptions = {}): string[] {
  const options = { ...defaults, ...compilerOptions, noEmit: true }
  const program = ts.createProgram([file], options, cachingHost(options))
  return ts.getPreEmitDiagnostics(program).map((d) => {
    const text = ts.flattenDiagnosticMessageText(d.messageText, '\n')
    if (d.file === undefined || d.start === undefined) return text
    const { line } = d.file.getLineAndCharacterOfPosition(d.start)
    const where = d.file.fileName === file ? `${block.page}:${block.line + line}` : `${d.file.fileName}:${line + 1}`
    return `${where}: ${text}`
  })
}

/**
 * Type-checks a code block (strict, NodeNext) and, if it has no type error, imports it as an
 * ES module with `console.log` captured (and restored after, also when it throws). Calls in one
 * process run one after another (concurrent tests would otherwise print into each other's
 * capture). A failure is a value: Left with the type errors or what the block threw.
 */
export function runCodeBlock(block: CodeBlock, options: RunOptions): Promise<Either<BlockFailure, BlockRun>> {
  const run = queue.then(() => runNow(block, options))
  queue = run.catch(() => undefined)
  return run
}

async function runNow(block: CodeBlock, options: RunOptions): Promise<Either<BlockFailure, BlockRun>> {
  const base = join(options.dir, `.code-block-${process.pid}-${counter++}`)
  const log = console.log
  const printed: string[] = []
  try {
    writeFileSync(`${base}.ts`, block.code)
    const errors = typeErrors(block, `${base}.ts`, options.compilerOptions)
    if (errors.length > 0) return left({ kind: 'type-errors', message: errors.join('\n') })
    if (options.run === false) return right({ printed, exports: {} })
    const js = ts.transpileModule(block.code, { compilerOptions: { module: ts.ModuleKind.ESNext, target: ts.ScriptTarget.ES2022, experimentalDecorators: true } }).outputText
    writeFileSync(`${base}.mjs`, js)
    console.log = (...args: unknown[]) => void printed.push(format(...args))
    try {
      const exports = (await import(pathToFileURL(`${base}.mjs`).href)) as Record<string, unknown>
      return right({ printed, exports })
    } catch (e) {
      const message = e instanceof Error ? (e.stack ?? e.message) : String(e)
      return left({ kind: 'threw', message: `${block.page}:${block.line}: the block threw: ${message}` })
    }
  } finally {
    console.log = log
    rmSync(`${base}.ts`, { force: true })
    rmSync(`${base}.mjs`, { force: true })
  }
}
