import { spawn } from 'node:child_process'
import { fileURLToPath } from 'node:url'
import { UserError } from '../cliError.js'
import type { BenchJob } from './benchJob.js'
import type { StructureJobResult } from './measureStructure.js'
import type { AccuracyResult, BatchResult, BenchCaseResult, PrecisionResult, ReferenceResult, SparseResult } from './benchTypes.js'

const childMain = fileURLToPath(new URL('./benchChildMain.js', import.meta.url))

/** What a job returns: a case's result, the accuracy sweep's rows, or the batch speed-up. */
type BenchJobResult<J extends BenchJob> = J extends { kind: 'case' }
  ? BenchCaseResult
  : J extends { kind: 'accuracy' }
    ? AccuracyResult[]
    : J extends { kind: 'reference' }
      ? ReferenceResult
      : J extends { kind: 'precision' }
        ? PrecisionResult[]
        : J extends { kind: 'sparse' }
          ? SparseResult
          : J extends { kind: 'structure' }
            ? StructureJobResult
            : BatchResult

/**
 * Runs one benchmark job in a fresh Node.js process (the same executable), passing each of its
 * progress lines to `onProgress` as they come.
 * @throws UserError (exit 1) with the job's own message when it fails.
 */
export function runBenchJob<J extends BenchJob>(job: J, onProgress: (line: string) => void): Promise<BenchJobResult<J>> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [childMain, JSON.stringify(job)], { stdio: ['ignore', 'pipe', 'pipe'] })
    let stdout = ''
    let pending = ''
    let failure: string | undefined
    child.stdout.setEncoding('utf8').on('data', (chunk: string) => (stdout += chunk))
    child.stderr.setEncoding('utf8').on('data', (chunk: string) => {
      const lines = (pending + chunk).split('\n')
      pending = lines.pop() ?? ''
      for (const line of lines) {
        if (line.startsWith('error: ')) failure = line.slice('error: '.length)
        else if (line.length > 0) onProgress(line)
      }
    })
    child.on('error', (error) => reject(new UserError(`bench: could not start a benchmark process: ${error.message}`)))
    child.on('close', (code, signal) => {
      if (pending.length > 0) onProgress(pending)
      if (code === 0) {
        try {
          resolve(JSON.parse(stdout) as BenchJobResult<J>)
        } catch {
          reject(new UserError(`bench: a benchmark process printed no result (got ${JSON.stringify(stdout.slice(0, 80))})`))
        }
        return
      }
      const why = failure ?? (signal !== null ? `it was stopped by ${signal}` : `it exited with code ${String(code)}`)
      reject(new UserError(`bench: ${why}`))
    })
  })
}
