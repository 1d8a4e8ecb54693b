import { cpus } from 'node:os'
import { Option } from 'commander'
import { benchDrive, benchGain, benchInputAmplitude, benchSeed } from '../bench/benchNetwork.js'
import { benchPlan } from '../bench/benchPlan.js'
import { benchAtol, type AccuracyResult, type BatchResult, type BenchCaseResult, type MemoryMode } from '../bench/benchTypes.js'
import { accuracyTable, batchSummary, caseTableHeader, caseTableRow } from '../bench/formatBenchTable.js'
import { runBenchJob } from '../bench/runBenchJob.js'
import { parseNonNegativeInt, parseNumberInRange, parsePositiveInt, parsePositiveNumber } from '../optionParsers.js'
import type { CommandRegistrar } from './commandContext.js'

interface BenchOptions {
  readonly n?: number
  readonly t?: number
  readonly repeats: number
  readonly mode: MemoryMode
  readonly rtol: number
  readonly seed: number
  readonly json?: boolean
  readonly accuracy: boolean
  readonly accuracyN: number
  readonly accuracyT: number
  readonly batch: boolean
  readonly batchN: number
  readonly batchT: number
  readonly batchSize: number
}

/** Tolerances of the accuracy sweep, and that of its reference gradient. */
const sweepTolerances = [1e-4, 1e-6, 1e-8]
const referenceRtol = 1e-10

/**
 * `spikegrad bench`: times the forward solve (loss only) and the adjoint gradient of seeded
 * recurrent QIF networks for N ∈ {20, 80, 200} and T ∈ {250, 1000, 4000} ms (or one case with
 * --n / --t), each case in a fresh process: medians over --repeats runs, evaluation and step
 * counts, spikes, peak memory (RSS, heap, trajectory) and kernel efficiency. Then the accuracy
 * of the gradient at rtol 1e-4, 1e-6 and 1e-8 against rtol 1e-10, so that speed is quoted
 * with its accuracy; and the speed-up of a batch of 16 gradients on 2 worker threads against 1.
 * Tables on stdout, or one JSON object per line with --json; progress on stderr.
 */
export const benchCommand: CommandRegistrar = (program, { stdout, stderr }) => {
  program
    .command('bench')
    .description('time forward solves and adjoint gradients of recurrent QIF networks, with their accuracy and memory')
    .option('--n <N>', 'only networks of N neurons (default: 20, 80 and 200)', parsePositiveInt('--n'))
    .option('--t <ms>', 'only trials of T ms (default: 250, 1000 and 4000)', parsePositiveNumber('--t'))
    .option('--repeats <R>', 'timed runs of each case; medians are reported', parsePositiveInt('--repeats'), 3)
    .addOption(
      new Option('--mode <mode>', 'how the backward pass gets the forward trajectory').choices(['checkpoint', 'all']).default('checkpoint'),
    )
    .option('--rtol <x>', 'relative tolerance of every solve (the absolute one is rtol/100)', parseNumberInRange('--rtol', 1e-14, 0.1), 1e-6)
    .option('--seed <n>', 'seed of the networks, inputs and targets', parseNonNegativeInt('--seed'), benchSeed)
    .option('--json', 'print one JSON object per line (kind "case", "accuracy" or "batch") instead of tables')
    .option('--no-accuracy', 'skip the accuracy sweep')
    .option('--accuracy-n <N>', 'network size of the accuracy sweep', parsePositiveInt('--accuracy-n'), 20)
    .option('--accuracy-t <ms>', 'trial length of the accuracy sweep, ms', parsePositiveNumber('--accuracy-t'), 250)
    .option('--no-batch', 'skip the batch-gradient speed-up (2 worker threads against 1)')
    .option('--batch-n <N>', 'network size of the batch speed-up', parsePositiveInt('--batch-n'), 20)
    .option('--batch-t <ms>', 'trial length of the batch speed-up, ms', parsePositiveNumber('--batch-t'), 250)
    .option('--batch-size <B>', 'trials per batch', parsePositiveInt('--batch-size'), 16)
    .action(async (options: BenchOptions) => {
      const cases = benchPlan({ ...(options.n !== undefined && { n: options.n }), ...(options.t !== undefined && { tMs: options.t }) })
      const json = options.json === true
      const progress = (line: string): void => void stderr.write(`  ${line}\n`)
      if (!json) {
        stdout.write(`${title(options)}\n\n${caseTableHeader()}\n`)
      }
      for (const [k, c] of cases.entries()) {
        stderr.write(`bench: case ${k + 1}/${cases.length}  N=${c.n} T=${c.tMs} ms\n`)
        const spec = { ...c, rtol: options.rtol, mode: options.mode, repeats: options.repeats, seed: options.seed }
        const result: BenchCaseResult = await runBenchJob({ kind: 'case', spec }, progress)
        stdout.write(`${json ? JSON.stringify(result) : caseTableRow(result)}\n`)
      }
      if (!json) stdout.write(`${legend}\n`)
      if (options.accuracy) {
        stderr.write(`bench: accuracy  N=${options.accuracyN} T=${options.accuracyT} ms\n`)
        const spec = {
          n: options.accuracyN,
          tMs: options.accuracyT,
          tolerances: sweepTolerances,
          referenceRtol,
          mode: options.mode,
          seed: options.seed,
        }
        const rows: AccuracyResult[] = await runBenchJob({ kind: 'accuracy', spec }, progress)
        stdout.write(json ? rows.map((r) => `${JSON.stringify(r)}\n`).join('') : `\n${accuracyTable(rows)}\n`)
      }
      if (options.batch) {
        stderr.write(`bench: batch  ${options.batchSize} trials of N=${options.batchN} T=${options.batchT} ms, 1 and 2 workers\n`)
        const spec = {
          n: options.batchN,
          tMs: options.batchT,
          trials: options.batchSize,
          rtol: options.rtol,
          mode: options.mode,
          repeats: options.repeats,
          seed: options.seed,
        }
        const result: BatchResult = await runBenchJob({ kind: 'batch', spec }, progress)
        stdout.write(json ? `${JSON.stringify(result)}\n` : `\n${batchSummary(result)}\n`)
      }
    })
}

const legend = [
  'ratio = gradient/forward time; RHS = right-hand side evaluations (grad: forward + recomputation + events);',
  'VJP y / VJP θ = (∂F/∂y)ᵀλ / (∂F/∂θ)ᵀλ evaluations; steps accepted/rejected; Hz = mean rate; max|g| = max |dL/dθ|;',
  'RSS and heap = process peaks per case; traj = trajectory kept for the backward pass;',
  'kernel = RHS evaluations × time of a bare N×N matvec / forward time.',
].join('\n')

function title(o: BenchOptions): string {
  const cpu = cpus()
  return [
    'spikegrad bench — recurrent theta (QIF) networks, tau_v 2 ms, raised-cosine gate of width 0.6π, tau_s 10 ms,',
    `2 smooth random inputs (sd ${benchInputAmplitude}), MSE to a smooth random target; W ~ N(0, ${benchGain}²/N), U ~ N(0, 1), ` +
      `b ~ U(${benchDrive[0]}, ${benchDrive[1]}), O ~ N(0, 1/N), seed ${o.seed}.`,
    `rtol ${o.rtol.toExponential()} (atol ${benchAtol(o.rtol).toExponential()}), memory ${o.mode}, median of ${o.repeats} run${o.repeats === 1 ? '' : 's'}; ` +
      `${cpu[0]?.model.trim() ?? 'unknown CPU'} × ${cpu.length}, node ${process.version}.`,
  ].join('\n')
}
