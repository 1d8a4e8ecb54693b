import { mkdirSync, writeFileSync } from 'node:fs'
import { cpus, loadavg, tmpdir } from 'node:os'
import { join } from 'node:path'
import { defaultSolver, solverNames, type SolverName } from '@spikegrad/core'
import { writeFileAtomic } from '@spikegrad/node'
import { Option } from 'commander'
import { benchDrive, benchGain, benchInputAmplitude, benchSeed } from '../bench/benchNetwork.js'
import { benchPlan } from '../bench/benchPlan.js'
import {
  benchAtol,
  type AccuracyResult,
  type BatchResult,
  type BenchCaseResult,
  type MemoryMode,
  type PrecisionResult,
  type ReferenceResult,
  type SparseResult,
} from '../bench/benchTypes.js'
import { precisionPlot, precisionSummary, precisionTable } from '../bench/precisionReport.js'
import { accuracyTable, batchSummary, caseTableHeader, caseTableRow, sparseSummary } from '../bench/formatBenchTable.js'
import { runBenchJob } from '../bench/runBenchJob.js'
import { median } from '../bench/median.js'
import { featureVariants, structureNetworkNames, type FeatureVariant, type StructureNetworkName } from '../bench/structureNetworks.js'
import { UserError, usageError } from '../cliError.js'
import { parseNonNegativeInt, parseNumberInRange, parsePositiveInt, parsePositiveNumber } from '../optionParsers.js'
import { cliLimits } from '../limits.js'
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
  readonly solver?: SolverName
  readonly precision?: boolean
  readonly precisionN: readonly number[]
  readonly precisionT: number
  readonly precisionNetwork: string
  readonly solvers: readonly SolverName[]
  readonly rtols: readonly number[]
  readonly referenceRtol: number
  readonly out: string
  readonly sparse?: boolean
  readonly sparseN: number
  readonly sparseT: number
  readonly sparseP: number
  readonly structure?: boolean
  readonly structureNetworks: readonly StructureNetworkName[]
  readonly structureTrials?: number
  readonly structureBudget?: number
  readonly targetError: number
  readonly features?: boolean
  readonly featuresN: number
  readonly featuresTrials: number
  readonly featuresRtol: number
}

/** Tolerances of the work–precision sweep, loose to tight. */
const precisionRtols = [1e-3, 3e-4, 1e-4, 3e-5, 1e-5, 3e-6, 1e-6]
/** Gradient errors at which the work–precision summary ranks the solvers. */
const summaryErrors = [0.05, 0.02, 0.005]

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
    .option('--n <N>', 'only networks of N neurons (default: 20, 80 and 200)', parsePositiveInt('--n', '80', cliLimits.neurons))
    .option('--t <ms>', 'only trials of T ms (default: 250, 1000 and 4000)', parsePositiveNumber('--t'))
    .option('--repeats <R>', 'timed runs of each case; medians are reported', parsePositiveInt('--repeats', '3', cliLimits.repeats), 3)
    .addOption(
      new Option('--mode <mode>', 'how the backward pass gets the forward trajectory').choices(['checkpoint', 'all']).default('checkpoint'),
    )
    .option('--rtol <x>', 'relative tolerance of every solve (the absolute one is rtol/100)', parseNumberInRange('--rtol', 1e-14, 0.1), 1e-6)
    .option('--seed <n>', 'seed of the networks, inputs and targets', parseNonNegativeInt('--seed', cliLimits.seed), benchSeed)
    .option('--json', 'print one JSON object per line (kind "case", "accuracy" or "batch") instead of tables')
    .option('--no-accuracy', 'skip the accuracy sweep')
    .option('--accuracy-n <N>', 'network size of the accuracy sweep', parsePositiveInt('--accuracy-n', '20', cliLimits.neurons), 20)
    .option('--accuracy-t <ms>', 'trial length of the accuracy sweep, ms', parsePositiveNumber('--accuracy-t'), 250)
    .option('--no-batch', 'skip the batch-gradient speed-up (2 worker threads against 1)')
    .option('--batch-n <N>', 'network size of the batch speed-up', parsePositiveInt('--batch-n', '20', cliLimits.neurons), 20)
    .option('--batch-t <ms>', 'trial length of the batch speed-up, ms', parsePositiveNumber('--batch-t'), 250)
    .option('--batch-size <B>', 'trials per batch', parsePositiveInt('--batch-size', '16', cliLimits.batch), 16)
    .addOption(new Option('--solver <name>', `solver of the timed cases and the batch (default ${defaultSolver})`).choices(solverNames))
    .option('--precision', 'run the work–precision benchmark instead: every solver over a range of tolerances against a tight reference')
    .option('--precision-n <list>', 'network sizes of the work–precision benchmark', parseList('--precision-n', parsePositiveInt('--precision-n', '80', cliLimits.neurons)), [20, 80, 200])
    .option('--precision-t <ms>', 'trial length of the work–precision benchmark, ms', parsePositiveNumber('--precision-t'), 500)
    .option('--precision-network <kind>', 'network kind of the work–precision benchmark (see src/bench/precisionNetworks.ts)', 'theta')
    .option('--solvers <list>', `solvers of the work–precision benchmark (default all: ${solverNames.join(',')})`, parseSolverList, [...solverNames])
    .option('--rtols <list>', `tolerances of the work–precision benchmark (default ${precisionRtols.join(',')})`, parseList('--rtols', parseNumberInRange('--rtols', 1e-14, 0.1)), precisionRtols)
    .option('--reference-rtol <x>', 'tolerance of the reference gradient (dopri5, checked against tsit5)', parseNumberInRange('--reference-rtol', 1e-14, 1e-6), 1e-11)
    .option('--out <dir>', 'where the work–precision benchmark writes precision.jsonl and precision.svg', 'runs/bench')
    .option('--sparse', 'run the sparse benchmark instead: a sparse recurrent network against its dense twin (same weights, zeros stored)')
    .option('--sparse-n <N>', 'network size of the sparse benchmark', parsePositiveInt('--sparse-n'), 400)
    .option('--sparse-t <ms>', 'trial length of the sparse benchmark, ms', parsePositiveNumber('--sparse-t'), 250)
    .option('--sparse-p <p>', 'connection probability of the sparse recurrence', parseNumberInRange('--sparse-p', 1e-6, 1), 0.1)
    .option('--structure', 'run the structured-solve benchmark instead: per-trial gradients in closed form (where it applies), by blocks and monolithic, each at the loosest tolerance within --target-error')
    .option('--structure-networks <list>', `networks of the structured-solve benchmark (default all: ${structureNetworkNames.join(',')})`, parseStructureNetworks, [...structureNetworkNames])
    .option('--structure-trials <K>', 'trials per network (default 100 for yinyang-*, 4 for ff-400, 16 for xor, ei-dale and the mixed networks)', parsePositiveInt('--structure-trials', '100', cliLimits.batch))
    .option('--structure-budget <MiB>', 'hold every solve of the structured-solve benchmark to this trajectory budget (checkpoint mode: the monolithic solve recomputes from checkpoints, the blocks solve window by window) instead of keeping every step', parseNumberInRange('--structure-budget', 1e-3, 1e6))
    .option('--target-error <e>', 'gradient error at which the structured-solve benchmark compares (max |g − g_ref| / max |g_ref| of the summed gradient)', parseNumberInRange('--target-error', 1e-8, 1), 0.01)
    .option('--features', 'run the features benchmark instead: what per-neuron parameters and synaptic delays cost on the feedforward network of ff-400, against the same network without')
    .option('--features-n <N>', 'input channels and hidden neurons of the features benchmark', parsePositiveInt('--features-n', '400', cliLimits.neurons), 400)
    .option('--features-trials <K>', 'trials per timed run of the features benchmark', parsePositiveInt('--features-trials', '2', cliLimits.batch), 2)
    .option('--features-rtol <x>', 'tolerance of the features benchmark (bs3, atol rtol/100)', parseNumberInRange('--features-rtol', 1e-10, 0.1), 1e-3)
    .action(async (options: BenchOptions) => {
      if ([options.precision, options.sparse, options.structure, options.features].filter((x) => x === true).length > 1) throw usageError('bench: --precision, --sparse, --structure and --features are four benchmarks; run one at a time')
      if (options.structure === true) return runStructure(options, stdout, stderr)
      if (options.features === true) return runFeatures(options, stdout, stderr)
      if (options.precision === true) return runPrecision(options, stdout, stderr)
      if (options.sparse === true) return runSparse(options, stdout, stderr)
      const cases = benchPlan({ ...(options.n !== undefined && { n: options.n }), ...(options.t !== undefined && { tMs: options.t }) })
      const json = options.json === true
      const progress = (line: string): void => void stderr.write(`  ${line}\n`)
      if (!json) {
        stdout.write(`${title(options)}\n\n${caseTableHeader()}\n`)
      }
      for (const [k, c] of cases.entries()) {
        stderr.write(`bench: case ${k + 1}/${cases.length}  N=${c.n} T=${c.tMs} ms\n`)
        const spec = { ...c, rtol: options.rtol, mode: options.mode, repeats: options.repeats, seed: options.seed, ...(options.solver && { solver: options.solver }) }
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
          ...(options.solver && { solver: options.solver }),
        }
        const result: BatchResult = await runBenchJob({ kind: 'batch', spec }, progress)
        stdout.write(json ? `${JSON.stringify(result)}\n` : `\n${batchSummary(result)}\n`)
      }
    })
}

/**
 * `spikegrad bench --sparse`: a recurrent theta network of N neurons whose recurrence is drawn
 * at connection probability p, against its dense twin (the same values, zeros stored), in one
 * process, runs alternating; the medians and how many times faster sparse is.
 */
async function runSparse(options: BenchOptions, stdout: NodeJS.WritableStream, stderr: NodeJS.WritableStream): Promise<void> {
  const spec = {
    n: options.sparseN,
    tMs: options.sparseT,
    probability: options.sparseP,
    rtol: options.rtol,
    mode: options.mode,
    repeats: options.repeats,
    seed: options.seed,
    ...(options.solver && { solver: options.solver }),
  }
  stderr.write(`bench: sparse  N=${spec.n} T=${spec.tMs} ms p=${spec.probability} against its dense twin\n`)
  const result: SparseResult = await runBenchJob({ kind: 'sparse', spec }, (line) => void stderr.write(`  ${line}\n`))
  stdout.write(options.json === true ? `${JSON.stringify(result)}\n` : `${title(options)}\n\n${sparseSummary(result)}\n`)
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
    `solver ${o.solver ?? defaultSolver}, rtol ${o.rtol.toExponential()} (atol ${benchAtol(o.rtol).toExponential()}), memory ${o.mode}, median of ${o.repeats} run${o.repeats === 1 ? '' : 's'}; ` +
      `${cpu[0]?.model.trim() ?? 'unknown CPU'} × ${cpu.length}, node ${process.version}.`,
  ].join('\n')
}

/**
 * `spikegrad bench --precision`: for each network size, a reference gradient (dopri5 at
 * --reference-rtol, checked against tsit5 there), then each solver's sweep over --rtols (each
 * in a fresh process): the table per case, a summary of the time each solver needs for a few
 * gradient errors, one JSON line per point (also written to <out>/precision.jsonl) and the
 * work–precision diagram (<out>/precision.svg).
 */
async function runPrecision(options: BenchOptions, stdout: NodeJS.WritableStream, stderr: NodeJS.WritableStream): Promise<void> {
  const json = options.json === true
  const progress = (line: string): void => void stderr.write(`  ${line}\n`)
  const all: PrecisionResult[] = []
  const loads: number[] = [loadavg()[0]!]
  if (!json) {
    stdout.write(
      `spikegrad bench --precision — ${options.precisionNetwork} networks, T ${options.precisionT} ms, memory ${options.mode}, median of ${options.repeats} run${options.repeats === 1 ? '' : 's'} per point;\n` +
        `${cpus()[0]?.model.trim() ?? 'unknown CPU'} × ${cpus().length}, node ${process.version}, load average ${loadavg()[0]!.toFixed(1)} at the start.\n`,
    )
  }
  mkdirSync(options.out, { recursive: true })
  for (const n of options.precisionN) {
    const base = { network: options.precisionNetwork, n, tMs: options.precisionT, seed: options.seed }
    stderr.write(`bench: reference  N=${n} T=${options.precisionT} ms\n`)
    const file = join(tmpdir(), `spikegrad-reference-${process.pid}-${n}.f64`)
    const reference: ReferenceResult = await runBenchJob(
      { kind: 'reference', spec: { ...base, solver: 'dopri5', checkSolver: 'tsit5', rtol: options.referenceRtol, file } },
      progress,
    )
    if (json) stdout.write(`${JSON.stringify(reference)}\n`)
    const points: PrecisionResult[] = []
    for (const solver of options.solvers) {
      stderr.write(`bench: precision  ${solver} N=${n} T=${options.precisionT} ms\n`)
      const spec = { ...base, solver, rtols: options.rtols, mode: options.mode, repeats: options.repeats, referenceFile: file, referenceRtol: options.referenceRtol }
      const rows: PrecisionResult[] = await runBenchJob({ kind: 'precision', spec }, progress)
      if (json) stdout.write(rows.map((r) => `${JSON.stringify(r)}\n`).join(''))
      points.push(...rows)
      loads.push(...rows.map((r) => r.loadAverage))
    }
    if (!json) stdout.write(`\n${precisionTable(points, reference)}\n${precisionSummary(points, summaryErrors)}\n`)
    all.push(...points)
  }
  writeFileSync(join(options.out, 'precision.jsonl'), all.map((p) => `${JSON.stringify(p)}\n`).join(''))
  const svg = join(options.out, 'precision.svg')
  const written = writeFileAtomic(svg, await precisionPlot(all))
  if (written._tag === 'Left') throw new UserError(`bench: could not write ${svg}: ${written.left.message}`)
  if (!json) {
    stdout.write(
      `\nload average ${Math.min(...loads).toFixed(1)}–${Math.max(...loads).toFixed(1)} during the run; ` +
        `wrote ${join(options.out, 'precision.jsonl')} and ${svg}\n`,
    )
  }
}

/** Tolerances the structured-solve benchmark tries, loose to tight. */
const structureRtols = [1e-3, 3e-4, 1e-4, 3e-5, 1e-5]

/**
 * `spikegrad bench --structure`: for each network, the reference gradient (summed over its
 * trials; monolithic bs3 at rtol 1e-8), each structure's error over a ladder of tolerances —
 * the closed form (where it applies), by blocks, monolithic — the loosest tolerance within
 * --target-error for each, then --repeats rounds timing them at those tolerances, interleaved,
 * one process per run; medians, their ratios to the monolithic solve, the load average.
 */
async function runStructure(options: BenchOptions, stdout: NodeJS.WritableStream, stderr: NodeJS.WritableStream): Promise<void> {
  const json = options.json === true
  const progress = (line: string): void => void stderr.write(`  ${line}\n`)
  if (!json) {
    stdout.write(
      `spikegrad bench --structure — the gradient of each trial in closed form (LIF populations that read spike inputs), by blocks (each neuron of a feedforward population on its own steps, a recurrent component as one) and monolithic,\n` +
        `each at the loosest of ${structureRtols.join(', ')} whose summed gradient is within ${options.targetError} of the reference (bs3, atol rtol/100); median of ${options.repeats} run${options.repeats === 1 ? '' : 's'};\n` +
        (options.structureBudget === undefined ? '' : `every solve held to a trajectory budget of ${options.structureBudget} MiB (checkpoint mode);\n`) +
        `${cpus()[0]?.model.trim() ?? 'unknown CPU'} × ${cpus().length}, node ${process.version}.\n\n` +
        `network        trials  structure    rtol    error   CPU ms/trial fwd steps  bwd steps   ratio   load\n`,
    )
  }
  type Timed = 'closed-form' | 'blocks' | 'monolithic'
  for (const network of options.structureNetworks) {
    const trials = options.structureTrials ?? (network === 'ff-400' ? 4 : network.startsWith('yinyang') ? 100 : 16)
    const base = { network, trials, seed: options.seed === benchSeed ? 1 : options.seed, ...(options.structureBudget !== undefined && { budgetMb: options.structureBudget }) }
    const file = join(tmpdir(), `spikegrad-structure-${process.pid}-${network}.f64`)
    stderr.write(`bench: structure  ${network}, reference over ${trials} trials\n`)
    const ref = await runBenchJob({ kind: 'structure', spec: { mode: 'reference', ...base, file } }, progress)
    if (ref.mode !== 'reference') throw new UserError('bench: the reference job returned no reference')
    // the closed form where it applies (elsewhere its structure would time the solve by blocks again)
    const structures: readonly Timed[] = ref.closedFormReason === undefined ? ['closed-form', 'blocks', 'monolithic'] : ['blocks', 'monolithic']
    const chosen: Partial<Record<Timed, { rtol: number; error: number }>> = {}
    for (const structure of structures) {
      stderr.write(`bench: structure  ${network} ${structure}, tolerance sweep\n`)
      const sweep = await runBenchJob({ kind: 'structure', spec: { mode: 'sweep', ...base, structure, rtols: structureRtols, referenceFile: file, targetError: options.targetError } }, progress)
      if (sweep.mode !== 'sweep') throw new UserError('bench: the sweep job returned no sweep')
      const within = sweep.rows.find((r) => r.error <= options.targetError) ?? sweep.rows[sweep.rows.length - 1]!
      chosen[structure] = { rtol: within.rtol, error: within.error }
    }
    const runs: Partial<Record<Timed, number[]>> = Object.fromEntries(structures.map((s) => [s, []]))
    const steps: Partial<Record<Timed, [number, number]>> = {}
    const peaks: Partial<Record<Timed, number>> = {}
    const loads: number[] = []
    for (let r = 1; r <= options.repeats; r++) {
      for (const structure of structures) {
        const rtol = chosen[structure]!.rtol
        stderr.write(`bench: structure  ${network} ${structure} at rtol ${rtol}, run ${r}/${options.repeats}\n`)
        const t = await runBenchJob({ kind: 'structure', spec: { mode: 'time', ...base, structure, rtol } }, progress)
        if (t.mode !== 'time') throw new UserError('bench: the timing job returned no time')
        runs[structure]!.push(t.msPerTrial)
        steps[structure] = [t.forwardSteps, t.backwardSteps]
        peaks[structure] = t.peakMb
        loads.push(t.loadAverage)
      }
    }
    const ms = (s: Timed): number | undefined => (runs[s] === undefined ? undefined : median(runs[s]!))
    const monolithicMs = ms('monolithic')!
    const structuredMs = ms('blocks')!
    const closedFormMs = ms('closed-form')
    const load = `${Math.min(...loads).toFixed(1)}–${Math.max(...loads).toFixed(1)}`
    if (json) {
      stdout.write(
        `${JSON.stringify({
          kind: 'structure',
          network,
          about: ref.about,
          trials,
          closedFormMs: closedFormMs ?? null,
          structuredMs,
          monolithicMs,
          ratio: structuredMs / monolithicMs,
          closedFormRatio: closedFormMs === undefined ? null : closedFormMs / monolithicMs,
          ...(ref.closedFormReason !== undefined && { closedFormReason: ref.closedFormReason }),
          gradientRelativeError: { closedForm: chosen['closed-form']?.error ?? null, structured: chosen.blocks!.error, monolithic: chosen.monolithic!.error },
          rtol: { closedForm: chosen['closed-form']?.rtol ?? null, structured: chosen.blocks!.rtol, monolithic: chosen.monolithic!.rtol },
          steps: { closedForm: steps['closed-form'] ?? null, structured: steps.blocks, monolithic: steps.monolithic },
          peakTrajectoryMb: { closedForm: peaks['closed-form'] ?? null, structured: peaks.blocks, monolithic: peaks.monolithic },
          ...(options.structureBudget !== undefined && { budgetMb: options.structureBudget }),
          runs,
          loadAverage: loads,
        })}\n`,
      )
    } else {
      for (const structure of structures) {
        const c = chosen[structure]!
        const m = ms(structure)!
        const st = steps[structure]!
        stdout.write(
          `${network.padEnd(14)} ${String(trials).padStart(6)}  ${structure.padEnd(11)} ${c.rtol.toExponential(0).padStart(6)}  ${(Number.isFinite(c.error) ? c.error.toExponential(1) : 'n/a').padStart(7)}  ${m.toFixed(2).padStart(9)}  ${st[0].toFixed(0).padStart(9)}  ${st[1].toFixed(0).padStart(9)}  ${structure === 'monolithic' ? '      ' : (m / monolithicMs).toFixed(3).padStart(6)}  ${load}\n`,
        )
      }
      if (ref.closedFormReason !== undefined) stdout.write(`${''.padEnd(14)}         (no closed form: ${ref.closedFormReason})\n`)
      if (options.structureBudget !== undefined) stdout.write(`${''.padEnd(14)}         (held at most: ${structures.map((s) => `${s} ${peaks[s]!.toPrecision(3)} MiB`).join(', ')}, of a trial; budget ${options.structureBudget} MiB)\n`)
    }
  }
  if (!json) {
    stdout.write(
      `\nratio = CPU time per trial against the monolithic solve's (the process's own, so that other jobs on the machine do not count); steps are per trial, summed over components (a neuron's step is one step).\n` +
        `For the closed form, fwd steps are the cost's quadrature intervals and bwd steps the neurons' zone pieces: it takes no ODE steps.\n`,
    )
  }
}

/** The cases of the features benchmark: every variant by blocks; those without delays also monolithic (a delay needs the structured solve). */
const featureCases: readonly { readonly variant: FeatureVariant; readonly structure: 'blocks' | 'monolithic' }[] = [
  ...featureVariants.map((variant) => ({ variant, structure: 'blocks' as const })),
  ...featureVariants.filter((v) => v !== 'delays').map((variant) => ({ variant, structure: 'monolithic' as const })),
]

/** What each variant is compared with: per-neuron values against the same parameters shared, the rest against the plain network. */
const featureBaseline = (v: FeatureVariant): FeatureVariant | undefined => (v === 'plain' ? undefined : v === 'per-neuron' ? 'trained' : 'plain')

/**
 * `spikegrad bench --features`: the CPU time of a trial's gradient on the feedforward network of
 * `ff-400` as it is, with tau_m, v_th and tau_s trained (shared, then one per neuron at the same
 * values: the same dynamics) and with trained synaptic delays; each case in a process of its own,
 * the cases interleaved over --repeats rounds, medians, and each variant's ratio to its baseline
 * in the same structure.
 */
async function runFeatures(options: BenchOptions, stdout: NodeJS.WritableStream, stderr: NodeJS.WritableStream): Promise<void> {
  const json = options.json === true
  const progress = (line: string): void => void stderr.write(`  ${line}\n`)
  const n = options.featuresN
  const rtol = options.featuresRtol
  const seed = options.seed === benchSeed ? 1 : options.seed
  const key = (c: { variant: FeatureVariant; structure: string }): string => `${c.variant}/${c.structure}`
  const runs = new Map<string, number[]>()
  const steps = new Map<string, [number, number]>()
  const loads: number[] = []
  if (!json) {
    stdout.write(
      `spikegrad bench --features — what per-neuron parameters and synaptic delays cost: ${n} Poisson inputs → ${n} LIF → 10 LIF, 200 ms, ${options.featuresTrials} trial${options.featuresTrials === 1 ? '' : 's'} a run;\n` +
        `bs3 at rtol ${rtol} (atol rtol/100), CPU ms per trial, median of ${options.repeats} run${options.repeats === 1 ? '' : 's'}, the cases interleaved, one process each;\n` +
        `${cpus()[0]?.model.trim() ?? 'unknown CPU'} × ${cpus().length}, node ${process.version}.\n\n`,
    )
  }
  for (let r = 1; r <= options.repeats; r++) {
    for (const c of featureCases) {
      stderr.write(`bench: features  ${c.variant} ${c.structure}, run ${r}/${options.repeats}\n`)
      const t = await runBenchJob({ kind: 'structure', spec: { mode: 'time', network: { variant: c.variant, n }, trials: options.featuresTrials, seed, structure: c.structure, rtol } }, progress)
      if (t.mode !== 'time') throw new UserError('bench: the timing job returned no time')
      runs.set(key(c), [...(runs.get(key(c)) ?? []), t.msPerTrial])
      steps.set(key(c), [t.forwardSteps, t.backwardSteps])
      loads.push(t.loadAverage)
    }
  }
  const load = `${Math.min(...loads).toFixed(1)}–${Math.max(...loads).toFixed(1)}`
  if (!json) stdout.write(`variant      structure    CPU ms/trial  fwd steps  bwd steps  against     ratio   load\n`)
  for (const c of featureCases) {
    const ms = median(runs.get(key(c))!)
    const base = featureBaseline(c.variant)
    const baseMs = base === undefined ? undefined : median(runs.get(key({ variant: base, structure: c.structure }))!)
    const ratio = baseMs === undefined ? undefined : ms / baseMs
    const [fwd, bwd] = steps.get(key(c))!
    if (json) {
      stdout.write(`${JSON.stringify({ kind: 'features', n, variant: c.variant, structure: c.structure, rtol, trials: options.featuresTrials, ms, runs: runs.get(key(c)), steps: [fwd, bwd], ...(base !== undefined && { against: base, ratio }), loadAverage: loads })}\n`)
    } else {
      stdout.write(
        `${c.variant.padEnd(12)} ${c.structure.padEnd(11)} ${ms.toFixed(1).padStart(12)}  ${fwd.toFixed(0).padStart(9)}  ${bwd.toFixed(0).padStart(9)}  ${(base ?? '').padEnd(10)} ${ratio === undefined ? '      ' : ratio.toFixed(2).padStart(6)}   ${load}\n`,
      )
    }
  }
  if (!json) {
    stdout.write(
      `\nratio = CPU time per trial against the variant named, in the same structure. per-neuron has the dynamics of trained (every neuron at the shared values; the steps differ by rounding);\n` +
        `delays moves every input spike and hidden spike by its own delay, so its steps differ from plain's.\n`,
    )
  }
}

function parseStructureNetworks(value: string): StructureNetworkName[] {
  const names = value.split(',').map((v) => v.trim())
  const bad = names.find((v) => !(structureNetworkNames as readonly string[]).includes(v))
  if (bad !== undefined) throw usageError(`--structure-networks must list networks among ${structureNetworkNames.join(', ')}, got "${bad}"`)
  return names as StructureNetworkName[]
}

/** A comma-separated list of values, each read by `parse`. */
function parseList<T>(option: string, parse: (value: string) => T): (value: string) => T[] {
  return (value) => {
    const items = value.split(',').map((v) => v.trim())
    if (items.length === 0 || items.some((v) => v === '')) throw usageError(`${option} must be a comma-separated list, got "${value}"`)
    return items.map(parse)
  }
}

function parseSolverList(value: string): SolverName[] {
  const names = value.split(',').map((v) => v.trim())
  const bad = names.find((v) => !(solverNames as readonly string[]).includes(v))
  if (bad !== undefined) throw usageError(`--solvers must list solvers among ${solverNames.join(', ')}, got "${bad}"`)
  return names as SolverName[]
}
