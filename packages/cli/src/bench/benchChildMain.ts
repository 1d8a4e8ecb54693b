/**
 * The process that runs one benchmark job (a case, the accuracy sweep, the batch speed-up, a
 * reference gradient or a solver's work–precision sweep), so that every
 * case starts fresh and its peak memory is its own. Usage: `node benchChildMain.js '<BenchJob JSON>'`.
 * Writes the result as one JSON line on stdout and progress lines on stderr; exits 1 with
 * the message on stderr when the job fails.
 */
import type { BenchJob } from './benchJob.js'
import { measureAccuracy } from './measureAccuracy.js'
import { measureBatch } from './measureBatch.js'
import { measureCase } from './measureCase.js'
import { measurePrecision } from './measurePrecision.js'
import { measureReference } from './measureReference.js'
import { measureSparse } from './measureSparse.js'
import { measureStructure } from './measureStructure.js'

const log = (line: string): void => void process.stderr.write(`${line}\n`)
try {
  const job = JSON.parse(process.argv[2] ?? '') as BenchJob
  const run: { readonly [K in BenchJob['kind']]: (job: Extract<BenchJob, { kind: K }>) => unknown } = {
    case: (j) => measureCase(j.spec, log),
    accuracy: (j) => measureAccuracy(j.spec, log),
    batch: (j) => measureBatch(j.spec, log),
    reference: (j) => measureReference(j.spec, log),
    precision: (j) => measurePrecision(j.spec, log),
    sparse: (j) => measureSparse(j.spec, log),
    structure: (j) => measureStructure(j.spec, log),
  }
  const result = await (run[job.kind] as (j: BenchJob) => unknown)(job)
  process.stdout.write(`${JSON.stringify(result)}\n`)
} catch (error) {
  process.stderr.write(`error: ${error instanceof Error ? error.message : String(error)}\n`)
  process.exitCode = 1
}
