/**
 * The process that runs one benchmark job (a case, the accuracy sweep or the batch speed-up), so that every
 * case starts fresh and its peak memory is its own. Usage: `node benchChildMain.js '<BenchJob JSON>'`.
 * Writes the result as one JSON line on stdout and progress lines on stderr; exits 1 with
 * the message on stderr when the job fails.
 */
import type { BenchJob } from './benchJob.js'
import { measureAccuracy } from './measureAccuracy.js'
import { measureBatch } from './measureBatch.js'
import { measureCase } from './measureCase.js'

const log = (line: string): void => void process.stderr.write(`${line}\n`)
try {
  const job = JSON.parse(process.argv[2] ?? '') as BenchJob
  const result =
    job.kind === 'case' ? measureCase(job.spec, log) : job.kind === 'accuracy' ? measureAccuracy(job.spec, log) : await measureBatch(job.spec, log)
  process.stdout.write(`${JSON.stringify(result)}\n`)
} catch (error) {
  process.stderr.write(`error: ${error instanceof Error ? error.message : String(error)}\n`)
  process.exitCode = 1
}
