import { availableParallelism } from 'node:os'
import { Option } from 'commander'
import { bestOf, evaluate, type Model, neuronPlugin, type StructureName } from '@spikegrad/core'
import { saveModel } from '@spikegrad/node'
import { ExitCode, UserError, usageError } from '../cliError.js'
import { openModel } from '../model/openModel.js'
import { parseNonNegativeInt, parseNumberInRange, parsePositiveInt, parsePositiveNumber } from '../optionParsers.js'
import { cliLimits } from '../limits.js'
import { modelFigureData } from '../plots/modelFigureData.js'
import { writeModelFigures } from '../plots/writeModelFigures.js'
import { createProgress } from '../progress.js'
import { parseNamedNumber, parseTaskParam } from '../train/parseTaskParam.js'
import { prepareRun, type PreparedRun } from '../train/prepareRun.js'
import { lrScheduleKinds } from '../train/runSpec.js'
import { readoutKinds } from '../train/firstSpikeReadout.js'
import { delayKinds } from '../train/delaysOption.js'
import { runTraining } from '../train/runTraining.js'
import type { TrainJob, TrainProgress } from '../train/trainJob.js'
import type { CommandContext, CommandRegistrar } from './commandContext.js'
import { defaultFigureDir } from './plotCommand.js'

interface TrainCommandOptions {
  readonly modelSpec?: string
  readonly resume?: string
  readonly iterations?: number
  readonly epochs?: number
  readonly seed?: number
  readonly out?: string
  readonly workers: number
  readonly batch?: number
  readonly lr?: number
  readonly lrSchedule?: 'constant' | 'cosine'
  readonly clipNorm?: number
  readonly neurons?: number
  readonly hidden?: number
  readonly neuron?: string
  readonly neuronParam?: Record<string, number>
  readonly neuronOptions?: string
  readonly gate?: string
  readonly gateWidth?: number
  readonly checkpointEvery?: number
  readonly evaluateEvery?: number
  readonly evaluateTrials?: number
  readonly taskParam?: Record<string, number>
  readonly rtol?: number
  readonly structure?: StructureName
  readonly readout?: (typeof readoutKinds)[number]
  readonly delays?: (typeof delayKinds)[number]
  readonly plugin?: string[]
  readonly plot: boolean
  readonly plotTrials?: number
  readonly force?: boolean
  readonly redis?: string
  readonly redisWait: number
}

/**
 * `spikegrad train <task> [options]` (or `--model-spec spec.json`, or `--resume model.json`):
 * trains a model with core's `train` on a thread of its own, with a progress bar (loss, score,
 * it/s, eta) on stderr and atomic checkpoints; then scores it on held-out trials, writes the
 * model file and its figures (see `spikegrad plot`) and prints their paths on stdout.
 * Defaults per task are in `train/trainDefaults.ts`. Ctrl-C stops after the current
 * iteration, saves the checkpoint and says how to resume (exit 130); a second Ctrl-C quits at
 * once. A failed solve exits 1 with the solver's message, leaving the last checkpoint.
 */
export const trainCommand: CommandRegistrar = (program, context) => {
  program
    .command('train')
    .description('train a model on a task (xor, autoencode, …) by exact gradient descent, with checkpoints and figures')
    .argument('[task]', 'the task plugin to train on: xor, autoencode, or a task from --plugin')
    .option('--model-spec <file>', 'start from a model specification (JSON, see core\'s ModelSpec) instead of a task\'s defaults')
    .option('--resume <model>', 'continue a checkpoint (a model file) up to --iterations')
    .option('--iterations <N>', 'train until the model has taken N steps (default: the task\'s recipe, e.g. xor 300)', parsePositiveInt('--iterations', '500', cliLimits.iterations))
    .option('--epochs <E>', 'for a data set (e.g. yinyang): train until the model has seen its training split E times (default: the recipe\'s)', parsePositiveInt('--epochs', '10', cliLimits.iterations))
    .option('--seed <S>', 'seed of the initial weights and of every trial (default 1)', parseNonNegativeInt('--seed', cliLimits.seed))
    .option('-o, --out <file>', 'model file for checkpoints and the result (default runs/<task>/model.json; with --resume, the checkpoint)')
    .option('--workers <K>', 'gradient worker threads (1: in the training thread)', parsePositiveInt('--workers', '2', cliLimits.workers), availableParallelism())
    .option('--batch <B>', 'trials per step (default: the recipe\'s, e.g. xor 16)', parsePositiveInt('--batch', '16', cliLimits.batch))
    .option('--lr <x>', 'learning rate (default: the recipe\'s, e.g. xor 0.01)', parsePositiveNumber('--lr'))
    .addOption(
      new Option('--lr-schedule <kind>', 'constant, or cosine: anneal from --lr down to 0 over the run (default: the recipe\'s)').choices(lrScheduleKinds),
    )
    .option('--clip-norm <x>', 'clip each minibatch gradient to this Euclidean norm (default: the recipe\'s)', parsePositiveNumber('--clip-norm'))
    .option('--neurons <N>', 'size of the population "hidden" (default: the recipe\'s, e.g. xor 80)', parsePositiveInt('--neurons', '80', cliLimits.neurons))
    .option('--hidden <N>', 'the same as --neurons', parsePositiveInt('--hidden', '80', cliLimits.neurons))
    .option('--neuron <name>', 'the neuron plugin of the population "hidden", e.g. lif, or one from --plugin (its own default parameters)')
    .option('--neuron-param <name=value>', 'a parameter of that neuron, e.g. tau_m=20 (repeatable)', parseNamedNumber('--neuron-param', 'tau_m=20'))
    .option('--neuron-options <file>', 'a JSON file of that neuron\'s options, e.g. the equations of --neuron equations (@spikegrad/neuron-equations)')
    .option('--gate <name>', 'the gate plugin of the population "hidden", e.g. poly-bump')
    .option('--gate-width <w>', 'the width of its active zone (in the neuron\'s voltage units)', parsePositiveNumber('--gate-width'))
    .option('--checkpoint-every <K>', 'write the model file every K steps (default 5)', parsePositiveInt('--checkpoint-every', '5', cliLimits.iterations))
    .option('--evaluate-every <K>', 'score on held-out trials every K steps, 0: never (default: the recipe\'s; a data set is scored after every epoch)', parseNonNegativeInt('--evaluate-every', cliLimits.iterations))
    .option('--evaluate-trials <N>', 'held-out trials per evaluation during training (default 16; a data set scores its whole validation split)', parsePositiveInt('--evaluate-trials', '16', cliLimits.trials))
    .option('--task-param <name=value>', 'a task parameter, e.g. pulseDelayMin=30 (repeatable)', parseTaskParam)
    .option('--rtol <x>', 'solver tolerance: rtol = x, atol = x/100 (default 1e-4)', parseNumberInRange('--rtol', 1e-14, 0.1))
    .addOption(
      new Option('--structure <how>', "solve each trial in closed form (closed-form: LIF populations that read spike inputs, no ODE steps; other networks by blocks), by the network's structure (blocks: every neuron of a feedforward population on its own steps) or whole (monolithic); default: the recipe's").choices(['closed-form', 'blocks', 'monolithic']),
    )
    .addOption(
      new Option(
        '--readout <kind>',
        "how the network answers: traces (the recipe's readout, linear in the traces), or first-spike: a population \"output\" of LIF neurons, one per class, trained by the first-spike cross-entropy and scored by which fires first (EventProp's architecture; a trial with no output spike is wrong)",
      ).choices(readoutKinds),
    )
    .addOption(
      new Option(
        '--delays <kind>',
        'trained transmission delays on every projection of the recipe: synaptic (one per connection), axonal (one per source) or dendritic (one per target neuron); drawn uniform on [0, 2] ms, kept in [0, 20] ms; solved by the structure (docs/delays.md)',
      ).choices(delayKinds),
    )
    .option('--plugin <package>', 'load another plugin package, e.g. one that provides a task (repeatable)', collect)
    .option('--plot-trials <K>', 'sample trials in the figures (default 2)', parsePositiveInt('--plot-trials', '2', cliLimits.plotTrials))
    .option('--no-plot', 'do not draw the figures at the end')
    .option('--force', 'overwrite an existing --out when starting a new run')
    .option('--redis <url>', 'send the trial gradients as jobs to the queue in this Redis, for `spikegrad worker` processes on any machines (instead of --workers threads)')
    .option('--redis-wait <s>', 'with --redis: stop, keeping the last checkpoint, when Redis stays unreachable this many seconds (default 60)', parsePositiveInt('--redis-wait', '60', 86_400), 60)
    .action(async (task: string | undefined, options: TrainCommandOptions) => {
      if (options.neurons !== undefined && options.hidden !== undefined && options.neurons !== options.hidden) {
        throw usageError(`--neurons ${options.neurons} and --hidden ${options.hidden} set the same size: give one`)
      }
      if (options.iterations !== undefined && options.epochs !== undefined) {
        throw usageError('give the run\'s length as --iterations or as --epochs, not both')
      }
      const redis = options.redis === undefined ? undefined : { url: options.redis, shown: await checkRedis(options.redis), waitSeconds: options.redisWait }
      const plugins = options.plugin ?? []
      const neurons = options.neurons ?? options.hidden
      const prepared = await prepareRun({
        ...(task !== undefined && { task }),
        ...pick(options, ['modelSpec', 'resume', 'out', 'seed', 'batch', 'lr', 'clipNorm', 'rtol', 'structure', 'iterations', 'epochs', 'evaluateEvery', 'evaluateTrials', 'checkpointEvery']),
        ...(neurons !== undefined && { neurons }),
        ...(options.neuron !== undefined && { neuron: options.neuron }),
        ...(options.neuronParam !== undefined && { neuronParams: options.neuronParam }),
        ...(options.neuronOptions !== undefined && { neuronOptionsFile: options.neuronOptions }),
        ...(options.gate !== undefined && { gate: options.gate }),
        ...(options.readout !== undefined && { readout: options.readout }),
        ...(options.delays !== undefined && { delays: options.delays }),
        ...(options.gateWidth !== undefined && { gateWidth: options.gateWidth }),
        ...(options.lrSchedule !== undefined && { lrScheduleKind: options.lrSchedule }),
        ...(options.taskParam !== undefined && { taskParams: options.taskParam }),
        plugins,
        force: options.force === true,
        cwd: process.cwd(),
      })
      const job: TrainJob = {
        from: prepared.from,
        out: prepared.out,
        plugins,
        workers: options.workers,
        baseDir: process.cwd(),
        ...(redis !== undefined && { redis }),
      }
      try {
        await trainAndFinish(prepared, job, { plot: options.plot, plotTrials: options.plotTrials ?? prepared.defaults.plotTrials }, context)
      } finally {
        prepared.lock.release()
      }
    })
}

// -------------------------------------------------------------------------------------
// internals
// -------------------------------------------------------------------------------------

async function trainAndFinish(
  prepared: PreparedRun,
  job: TrainJob,
  figures: { readonly plot: boolean; readonly plotTrials: number },
  { stdout, stderr, env }: CommandContext,
): Promise<void> {
  const start = prepared.model.iteration
  const total = prepared.steps
  const run = prepared.model.spec.run ?? {}
  stderr.write(`train: ${describe(prepared.model)}\n`)
  const length = run.epochs !== undefined ? `--epochs ${run.epochs}` : `--iterations ${total}`
  const resume = `spikegrad train --resume ${shellQuote(job.out)} ${length}${job.plugins.map((p) => ` --plugin ${shellQuote(p)}`).join('')}${job.redis !== undefined ? ` --redis ${shellQuote(job.redis.shown)}` : ''}`
  const progress = createProgress({ total, start, label: 'train', stream: stderr, env })
  // the Ctrl-C handler is in place (runTraining installs it before it returns) before the line
  // that says training starts, so a Ctrl-C after that line always stops training gracefully
  const running = runTraining(job, {
    progress: (event) => progress.update(event.iteration, progressFields(event)),
    notice: (message) => stderr.write(`train: ${message}\n`),
    stopping: () => {
      progress.stop() // a live bar would draw over the message
      stderr.write('train: stopping after the current iteration to save a checkpoint (Ctrl-C again to quit at once)\n')
    },
    quitting: () => {
      progress.stop()
      stderr.write(`spikegrad: quit at once; ${job.out} holds the last checkpoint. Resume with: ${resume}\n`)
    },
  })
  stderr.write(`train: ${describeRun(prepared.model, start, total, job)}\n`)
  const schedule = prepared.model.spec.training.schedule as { kind?: unknown; total?: unknown; floor?: unknown }
  if (schedule.kind === 'cosine' && typeof schedule.total === 'number' && total > schedule.total) {
    stderr.write(
      `train: note: the cosine schedule ends at iteration ${schedule.total}; the iterations after it keep its floor rate ${String(schedule.floor ?? 0)}\n`,
    )
  }
  if (start >= total) stderr.write(`train: the model has already taken ${start} iterations; nothing to train (raise --${run.epochs !== undefined ? 'epochs' : 'iterations'})\n`)
  const outcome = await running
  progress.stop()
  if (outcome.type === 'failed') {
    throw new UserError(outcome.setup ? outcome.message : `${outcome.message}\nThe last checkpoint is ${job.out}; after fixing the cause, resume with: ${resume}`)
  }
  if (outcome.interrupted && outcome.iteration < total) {
    throw new UserError(
      `interrupted after iteration ${outcome.iteration} of ${total}; the model so far is saved in ${job.out}. Resume with: ${resume}`,
      { exitCode: ExitCode.interrupted },
    )
  }
  let model = await openModel(job.out, job.plugins)
  model = finalEvaluation(model, stderr)
  const best = model.best
  if (best !== undefined) {
    stderr.write(`train: the best ${model.task.primaryScore}, ${best.score}, was reached after ${best.iteration} iterations; its parameters are kept in the model file (field best), and evaluate and plot use them\n`)
  }
  if (model.task.splits?.test !== undefined) {
    stderr.write(`train: the test split is held out; score it once, when the settings are final: spikegrad evaluate ${shellQuote(job.out)} --split test\n`)
  }
  const saved = saveModel(job.out, model)
  if (saved._tag === 'Left') throw new UserError(saved.left.message)
  stdout.write(`wrote ${job.out}\n`)
  if (figures.plot) {
    // the best parameters, and the validation points on a decision map: the test split stays held out
    const written = await writeModelFigures(modelFigureData(bestOf(model), { trials: figures.plotTrials, mapPoints: model.task.splits?.validation !== undefined ? 'validation' : false }), defaultFigureDir(job.out))
    for (const path of written) stdout.write(`wrote ${path}\n`)
  }
}

/**
 * Scores the trained model as its evaluations during training did (the held-out trials, or
 * the run's evaluation split) when training did not just do so, and adds the result to its
 * history (skipped when the run has no evaluations). A failed evaluation is reported on
 * stderr and leaves the model as it is.
 */
export function finalEvaluation(model: Model, stderr: NodeJS.WritableStream): Model {
  const run = model.spec.run ?? {}
  const split = run.evaluateSplit
  const evaluating = (run.evaluateEvery ?? 0) > 0 || (run.epochs !== undefined && split !== undefined)
  if (!evaluating || model.iteration === 0) return model
  const last = model.history.evaluations.filter((e) => e.split === split).at(-1)
  let record = last?.iteration === model.iteration ? last : undefined
  if (record === undefined) {
    const result = evaluate(model, { ...(split !== undefined ? { split } : { trials: run.evaluateTrials ?? 16 }) })
    if (result._tag === 'Left') {
      stderr.write(`train: the final evaluation failed: ${result.left.message}\n`)
      return model
    }
    record = { iteration: model.iteration, scores: result.right.scores, loss: result.right.loss, firingRate: result.right.firingRate, ...(split !== undefined && { split }) }
    model = { ...model, history: { ...model.history, evaluations: [...model.history.evaluations, record] } }
  }
  const name = model.task.primaryScore
  const on = split !== undefined ? `the ${split} split (${model.task.splits?.[split]?.size ?? '?'} trials)` : `${run.evaluateTrials ?? 16} held-out trials`
  stderr.write(`train: after ${model.iteration} iterations${trainingTime(model.history.iterations)}, ${name} ${record.scores[name]} on ${on}, mean rate ${record.firingRate.toFixed(2)} Hz\n`)
  return model
}

/** ` (12.3 CPU-min of training)` from the steps' records (wall-clock minutes for steps recorded without CPU time), or nothing. */
function trainingTime(steps: readonly { readonly wallTime: number; readonly cpuTime?: number }[]): string {
  if (steps.length === 0) return ''
  const cpu = steps.every((s) => s.cpuTime !== undefined)
  const minutes = steps.reduce((sum, s) => sum + (cpu ? s.cpuTime! : s.wallTime), 0) / 60_000
  return ` (${Number(minutes.toPrecision(3))} ${cpu ? 'CPU-min' : 'min'} of training)`
}

/** `iterations 0 → 2000 (10 epochs of 200), 2 gradient worker threads, scored on the validation split after every epoch keeping the best, checkpoints every 5 to m.json`. */
function describeRun(model: Model, start: number, total: number, job: TrainJob): string {
  const run = model.spec.run ?? {}
  const perEpoch = model.task.splits?.train !== undefined ? Math.ceil(model.task.splits.train.size / model.spec.training.batchSize) : undefined
  const length = run.epochs !== undefined && perEpoch !== undefined ? `iterations ${start} → ${total} (${run.epochs} epochs of ${perEpoch})` : `iterations ${start} → ${total}`
  const every = run.evaluateEvery ?? 0
  const where = run.evaluateSplit !== undefined ? `the ${run.evaluateSplit} split` : `${run.evaluateTrials ?? 16} held-out trials`
  const also = (run.evaluateAlso ?? []).map((a) => ` and on ${a.trials !== undefined ? `the first ${a.trials} trials (at most) of ` : ''}the ${a.split} split`).join('')
  const scoring =
    every > 0 ? `scored on ${where}${also} every ${every} iterations` : run.epochs !== undefined && run.evaluateSplit !== undefined ? `scored on ${where}${also} after every epoch` : 'no evaluations'
  return [
    length,
    job.redis !== undefined
      ? `gradients as jobs on the queue at ${job.redis.shown} (for spikegrad worker processes)`
      : job.workers > 1
        ? `${job.workers} gradient worker threads`
        : 'gradients in the training thread',
    `${scoring}${run.keepBest === true ? ', keeping the best parameters' : ''}`,
    `checkpoints every ${run.checkpointEvery ?? 5} to ${job.out}`,
  ].join(', ')
}

function progressFields(event: TrainProgress): Record<string, number> {
  return {
    loss: event.loss,
    ...(event.score !== undefined && { [event.score.name]: event.score.value }),
    [event.trainingMinutes.clock === 'cpu' ? 'cpu-min' : 'min']: event.trainingMinutes.minutes,
  }
}

/** A plugin's parameters as ` (tau_v 5)`, or nothing. */
function describeParams(params: Readonly<Record<string, unknown>> | undefined): string {
  const entries = Object.entries(params ?? {})
  return entries.length > 0 ? ` (${entries.map(([k, v]) => `${k} ${typeof v === 'number' ? v : Array.isArray(v) ? 'per neuron' : `per neuron, ${(v as { kind: string }).kind}`}`).join(', ')})` : ''
}

/** `xor (pulseDelayMin 30), 80 qif neurons (tau_v 5), self-coupling 20, raised-cosine gate of width 1.88, tau_s 10 ms, batch 16, adam, lr 0.01, seed 1, rtol 0.0001`. */
function describe(model: Model): string {
  const { spec } = model
  const schedule = spec.training.schedule as { kind?: unknown; lr?: unknown; total?: unknown; floor?: unknown }
  return [
    `${spec.task.name}${describeParams(spec.task.params)}`,
    ...spec.network.populations.map((p) => {
      const self = (spec.network.projections ?? []).find((pr) => pr.from === p.name && pr.to === p.name)?.init?.diagonal
      return (
        `${spec.network.populations.length > 1 ? `${p.name}: ` : ''}${p.size} ${neuronPlugin(p.neuron).name} neurons${describeParams(neuronPlugin(p.neuron).params)}, ` +
        `${self ? `self-coupling ${self}, ` : ''}${p.gate.name} gate of width ${Number(p.gate.width.toPrecision(3))}, tau_s ${typeof p.tauS === 'number' ? `${p.tauS} ms` : 'per neuron'}`
      )
    }),
    ...(spec.network.losses ?? []).map((l) => `+ ${l.name}${l.params ? ` ${JSON.stringify(l.params)}` : ''}`),
    ...(spec.network.projections ?? []).filter((pr) => pr.delay !== undefined).map((pr) => `${pr.delay!.kind} delays on ${pr.to}<-${pr.from}${pr.delay!.trained === false ? ' (fixed)' : ''}`),
    `batch ${spec.training.batchSize}`,
    ...(spec.training.clipNorm !== undefined ? [`gradient clipped to norm ${spec.training.clipNorm}`] : []),
    `${String(spec.training.optimizer.kind)}, ${String(schedule.kind)} lr ${String(schedule.lr)}${schedule.kind === 'cosine' ? ` → ${String(schedule.floor ?? 0)} over ${String(schedule.total)} iterations` : ''}`,
    `seed ${spec.seed}`,
    `rtol ${spec.solver?.rtol ?? 'default'}`,
  ].join(', ')
}

/**
 * Refuses a malformed Redis URL (usage, exit 2) or a Redis that cannot be reached (exit 1)
 * before anything is written; returns the URL fit to print (its password hidden). The queue
 * package (BullMQ) is loaded only for a run that uses it.
 */
async function checkRedis(url: string): Promise<string> {
  const { reachRedis, redisTarget } = await import('@spikegrad/queue')
  const target = redisTarget(url)
  if (target._tag === 'Left') throw usageError(`--redis: ${target.left}`)
  const reached = await reachRedis(target.right)
  if (reached._tag === 'Left') throw new UserError(reached.left.message)
  return target.right.shown
}

function collect(value: string, previous: string[] = []): string[] {
  return [...previous, value]
}

function pick<T extends object, K extends keyof T>(o: T, keys: readonly K[]): Partial<Pick<T, K>> {
  return Object.fromEntries(keys.filter((k) => o[k] !== undefined).map((k) => [k, o[k]])) as Partial<Pick<T, K>>
}

/** A path or name as a POSIX shell word. */
function shellQuote(word: string): string {
  return /^[\w./@:=+-]+$/.test(word) ? word : `'${word.replace(/'/g, `'\\''`)}'`
}
