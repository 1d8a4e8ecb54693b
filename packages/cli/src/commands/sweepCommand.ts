import { availableParallelism } from 'node:os'
import { join } from 'node:path'
import { modelToFile, type Model } from '@spikegrad/core'
import { saveModel, writeFileAtomic, writeModelFile } from '@spikegrad/node'
import { ExitCode, UserError, usageError } from '../cliError.js'
import { cliLimits } from '../limits.js'
import { openModel } from '../model/openModel.js'
import { parsePositiveInt } from '../optionParsers.js'
import { createProgress } from '../progress.js'
import { parseTaskParam } from '../train/parseTaskParam.js'
import { prepareRun, type PreparedRun } from '../train/prepareRun.js'
import { runTraining } from '../train/runTraining.js'
import type { TrainJob } from '../train/trainJob.js'
import { parseSeeds, parseSetting, sweepGrid, sweepKeys, type SweepPoint, type SweepSetting } from '../sweep/sweepGrid.js'
import { sweepFigure } from '../sweep/sweepFigure.js'
import { sweepCsv, sweepRow, type SweepRow } from '../sweep/sweepTable.js'
import type { CommandContext, CommandRegistrar } from './commandContext.js'
import { finalEvaluation } from './trainCommand.js'

interface SweepCommandOptions {
  readonly modelSpec?: string
  readonly seeds: number[]
  readonly set?: SweepSetting[]
  readonly iterations?: number
  readonly epochs?: number
  readonly evaluateTrials?: number
  readonly taskParam?: Record<string, number>
  readonly plugin?: string[]
  readonly out?: string
  readonly workers: number
  readonly redis?: string
  readonly redisWait: number
  readonly force?: boolean
}

/**
 * `spikegrad sweep <task|--model-spec f> --seeds 1..5 --set lr=0.01,0.003 …`: one training
 * run per seed and combination of settings, one after the other, each exactly as
 * `spikegrad train` with those options would run it (its model file kept in
 * `<out>/<lr=0.01_seed=1>/model.json`); then the table of final scores (`sweep.json`,
 * `sweep.csv`) and a figure of them (`sweep.svg`). With `--redis`, the runs are jobs for
 * `spikegrad worker` processes (`queueRuns`), trained at once on as many threads as the
 * workers have; the model files are the same.
 */
export const sweepCommand: CommandRegistrar = (program, context) => {
  program
    .command('sweep')
    .description('train one model per seed and combination of settings; write a table and a figure of their final scores')
    .argument('[task]', 'the task plugin to train on: xor, autoencode, yinyang, or a task from --plugin')
    .option('--model-spec <file>', 'start every run from this model specification instead of the task\'s recipe')
    .requiredOption('--seeds <list>', 'the seeds: a range 1..5 or a list 1,4,9', parseSeeds)
    .option('--set <name=values>', `a setting and its values, e.g. lr=0.01,0.003 (repeatable; names: ${Object.keys(sweepKeys).join(', ')})`, parseSetting)
    .option('--iterations <N>', 'steps per run (default: the recipe\'s)', parsePositiveInt('--iterations', '500', cliLimits.iterations))
    .option('--epochs <E>', 'for a data set: epochs per run (default: the recipe\'s)', parsePositiveInt('--epochs', '10', cliLimits.iterations))
    .option('--evaluate-trials <N>', 'held-out trials per evaluation (default 16)', parsePositiveInt('--evaluate-trials', '16', cliLimits.trials))
    .option('--task-param <name=value>', 'a task parameter, e.g. pulseDelayMin=30 (repeatable)', parseTaskParam)
    .option('--plugin <package>', 'load another plugin package (repeatable)', (value: string, previous: string[] = []) => [...previous, value])
    .option('-o, --out <dir>', 'the sweep\'s folder (default runs/sweep-<task>)')
    .option('--workers <K>', 'gradient worker threads of each run (without --redis)', parsePositiveInt('--workers', '2', cliLimits.workers), availableParallelism())
    .option('--redis <url>', 'send the runs as jobs to the queue in this Redis: spikegrad worker processes train them, as many at once as they have threads')
    .option('--redis-wait <s>', 'with --redis: stop when Redis stays unreachable this many seconds (default 60)', parsePositiveInt('--redis-wait', '60', 86_400), 60)
    .option('--force', 'overwrite the model files of an earlier sweep in the same folder')
    .action(async (task: string | undefined, options: SweepCommandOptions) => {
      if (task === undefined && options.modelSpec === undefined) throw usageError('give a task (e.g. spikegrad sweep xor …) or --model-spec spec.json')
      if (options.iterations !== undefined && options.epochs !== undefined) throw usageError('give the runs\' length as --iterations or as --epochs, not both')
      const settings = options.set ?? []
      const points = sweepGrid(options.seeds, settings)
      let redis: TrainJob['redis']
      if (options.redis !== undefined) {
        const { reachRedis, redisTarget } = await import('@spikegrad/queue')
        const target = redisTarget(options.redis)
        if (target._tag === 'Left') throw usageError(`--redis: ${target.left}`)
        const reached = await reachRedis(target.right)
        if (reached._tag === 'Left') throw new UserError(reached.left.message)
        redis = { url: options.redis, shown: target.right.shown, waitSeconds: options.redisWait }
      }
      const dir = options.out ?? join('runs', `sweep-${task ?? 'spec'}`)
      await runSweep(points, settings, dir, task, options, redis, context)
    })
}

// -------------------------------------------------------------------------------------
// internals
// -------------------------------------------------------------------------------------

async function runSweep(
  points: readonly SweepPoint[],
  settings: readonly SweepSetting[],
  dir: string,
  task: string | undefined,
  options: SweepCommandOptions,
  redis: TrainJob['redis'],
  context: CommandContext,
): Promise<void> {
  const { stdout, stderr } = context
  stderr.write(`sweep: ${points.length} runs (${options.seeds.length} seeds${settings.map((s) => ` × ${s.values.length} ${s.key}`).join('')}) into ${dir}${redis !== undefined ? `, as jobs on the queue at ${redis.shown}` : ''}\n`)
  const rows = redis === undefined ? await runHere(points, dir, task, options, context) : await runOnQueue(points, dir, task, options, redis, context)
  await writeTable(rows, settings, dir, task, stdout)
}

/** The run of `point`, set up as `spikegrad train` sets one up (its untrained model written to its folder). */
function prepare(point: SweepPoint, dir: string, task: string | undefined, options: SweepCommandOptions): Promise<PreparedRun> {
  return prepareRun({
      ...(task !== undefined && { task }),
      ...(options.modelSpec !== undefined && { modelSpec: options.modelSpec }),
      ...(options.iterations !== undefined && { iterations: options.iterations }),
      ...(options.epochs !== undefined && { epochs: options.epochs }),
      ...(options.evaluateTrials !== undefined && { evaluateTrials: options.evaluateTrials }),
      ...(options.taskParam !== undefined && { taskParams: options.taskParam }),
      ...Object.fromEntries(Object.entries(point.values).map(([key, value]) => [sweepKeys[key as keyof typeof sweepKeys].option, value])),
      seed: point.seed,
      out: join(dir, point.name, 'model.json'),
      plugins: options.plugin ?? [],
      force: options.force === true,
      cwd: process.cwd(),
    })
}

/** Trains the runs one after the other in this process, each as `spikegrad train` would. */
async function runHere(points: readonly SweepPoint[], dir: string, task: string | undefined, options: SweepCommandOptions, context: CommandContext): Promise<SweepRow[]> {
  const { stderr, stdout, env } = context
  const plugins = options.plugin ?? []
  const rows: SweepRow[] = []
  for (const [i, point] of points.entries()) {
    const prepared = await prepare(point, dir, task, options)
    const job: TrainJob = { from: prepared.from, out: prepared.out, plugins, workers: options.workers, baseDir: process.cwd() }
    const progress = createProgress({ total: prepared.steps, start: prepared.model.iteration, label: `sweep ${i + 1}/${points.length} ${point.name}`, stream: stderr, env })
    let outcome
    try {
      outcome = await runTraining(job, {
        progress: (event) => progress.update(event.iteration, { loss: event.loss }),
        notice: (message) => stderr.write(`sweep: ${message}\n`),
        stopping: () => {
          progress.stop()
          stderr.write('sweep: stopping after the current iteration (Ctrl-C again to quit at once)\n')
        },
        quitting: () => progress.stop(),
      })
    } finally {
      progress.stop()
      prepared.lock.release()
    }
    if (outcome.type === 'failed' || outcome.interrupted) {
      await writeTable(rows, options.set ?? [], dir, task, stdout)
      const why = outcome.type === 'failed' ? outcome.message : `interrupted after iteration ${outcome.iteration}`
      throw new UserError(`run ${point.name} (${i + 1} of ${points.length}) stopped: ${why}. The ${rows.length} runs before it are in ${join(dir, 'sweep.csv')}`, outcome.type === 'failed' ? {} : { exitCode: ExitCode.interrupted })
    }
    rows.push(await finish(point, job.out, plugins, stderr))
  }
  return rows
}

/**
 * Sends the runs as jobs to the queue (`queueRuns`) and writes each trained model file where
 * `spikegrad train` would have; a run that fails is named, after the others are written.
 */
async function runOnQueue(
  points: readonly SweepPoint[],
  dir: string,
  task: string | undefined,
  options: SweepCommandOptions,
  redis: NonNullable<TrainJob['redis']>,
  { stderr, stdout }: CommandContext,
): Promise<SweepRow[]> {
  const plugins = options.plugin ?? []
  const prepared: PreparedRun[] = []
  try {
    for (const point of points) prepared.push(await prepare(point, dir, task, options))
    const { queueRuns } = await import('@spikegrad/queue')
    let done = 0
    const outcomes = await queueRuns(
      prepared.map((p) => modelToFile(p.model)),
      { connection: redis.url, reconnectMs: redis.waitSeconds * 1000, onDone: (i) => stderr.write(`sweep: ${points[i]!.name} trained (${++done} of ${points.length})\n`) },
    )
    if (outcomes._tag === 'Left') throw new UserError(`${outcomes.left.message}; the untrained models are in ${dir}: run the sweep again (with --force) when Redis is back`)
    const rows: SweepRow[] = []
    const failures: string[] = []
    for (const [i, outcome] of outcomes.right.entries()) {
      if (outcome._tag === 'Left') {
        failures.push(`${points[i]!.name}: ${outcome.left}`)
        continue
      }
      const written = writeModelFile(prepared[i]!.out, outcome.right)
      if (written._tag === 'Left') throw new UserError(written.left.message)
      rows.push(await finish(points[i]!, prepared[i]!.out, plugins, stderr))
    }
    if (failures.length > 0) {
      await writeTable(rows, options.set ?? [], dir, task, stdout)
      throw new UserError(`${failures.length} of ${points.length} runs failed:\n${failures.join('\n')}`)
    }
    return rows
  } finally {
    for (const p of prepared) p.lock.release()
  }
}

/** Scores a trained run as `spikegrad train` does at its end, saves it, and makes its row. */
async function finish(point: SweepPoint, out: string, plugins: readonly string[], stderr: NodeJS.WritableStream): Promise<SweepRow> {
  const model: Model = finalEvaluation(await openModel(out, plugins), stderr)
  const saved = saveModel(out, model)
  if (saved._tag === 'Left') throw new UserError(saved.left.message)
  const name = model.task.primaryScore
  const last = model.history.evaluations.filter((e) => e.split === model.spec.run?.evaluateSplit).at(-1)
  const value = last?.iteration === model.iteration ? last.scores[name] : undefined
  return sweepRow(point, { iterations: model.iteration, ...(value !== undefined && { score: { name, value } }), loss: model.history.iterations.at(-1)?.loss ?? NaN, model: out })
}

/** Writes sweep.json, sweep.csv and sweep.svg (the figure, once there is a run) atomically, and lists them on stdout. */
async function writeTable(rows: readonly SweepRow[], settings: readonly SweepSetting[], dir: string, task: string | undefined, stdout: NodeJS.WritableStream): Promise<void> {
  const keys = settings.map((s) => s.key)
  const files: [string, string][] = [
    [join(dir, 'sweep.json'), `${JSON.stringify({ format: 'spikegrad-sweep/1', task: task ?? null, settings, runs: rows }, null, 2)}\n`],
    [join(dir, 'sweep.csv'), sweepCsv(rows, keys)],
  ]
  if (rows.length > 0) files.push([join(dir, 'sweep.svg'), await sweepFigure(rows, `sweep${task !== undefined ? ` of ${task}` : ''}: final scores`)])
  for (const [path, text] of files) {
    const written = writeFileAtomic(path, text)
    if (written._tag === 'Left') throw new UserError(written.left.message)
    stdout.write(`wrote ${path}\n`)
  }
}
