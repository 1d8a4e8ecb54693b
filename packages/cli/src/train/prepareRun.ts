import { existsSync, mkdirSync } from 'node:fs'
import { dirname, join } from 'node:path'
import { createModelFromJson, decodeModelSpec, formatIssue, readJsonFile, saveModel, type Invalid, type Model, type ModelSpec } from '@spikegrad/core'
import { UserError, usageError } from '../cliError.js'
import { builtinPlugins, withPlugins } from '../model/builtinPlugins.js'
import { openModel } from '../model/openModel.js'
import { problemList } from '../model/problemList.js'
import { applyOverrides, specFromDefaults, type LrScheduleOverride, type SpecOverrides } from './runSpec.js'
import { genericTrainDefaults, trainDefaults, type TrainDefaults } from './trainDefaults.js'

// -------------------------------------------------------------------------------------
// model
// -------------------------------------------------------------------------------------

/** Where a run starts: what `spikegrad train` was asked for. */
export interface RunRequest extends Omit<SpecOverrides, 'lrSchedule'> {
  /** `--lr-schedule <kind>`; a cosine anneals over the run's iterations. */
  readonly lrScheduleKind?: LrScheduleOverride['kind']
  /** `--iterations <N>`, the run's length (for a cosine schedule). */
  readonly iterations?: number
  /** The task argument, if given. */
  readonly task?: string
  /** `--model-spec <file>`. */
  readonly modelSpec?: string
  /** `--resume <model>`. */
  readonly resume?: string
  /** `--out <file>`. */
  readonly out?: string
  /** `--plugin <package>…`: more plugin packages to load. */
  readonly plugins: readonly string[]
  /** `--force`: overwrite an existing --out of a fresh run. */
  readonly force: boolean
  /** Where plugin packages and relative paths are resolved from. */
  readonly cwd: string
}

/** A run ready to train. */
export interface PreparedRun {
  /** The model file training starts from (for a fresh run: the untrained model, just written to `out`). */
  readonly from: string
  /** Where checkpoints and the trained model go. */
  readonly out: string
  /** The model training starts from. */
  readonly model: Model
  /** Defaults of the model's task (iterations, evaluation, checkpoints, figures). */
  readonly defaults: TrainDefaults
  readonly resumed: boolean
}

// -------------------------------------------------------------------------------------
// constructors
// -------------------------------------------------------------------------------------

/**
 * Sets up a `spikegrad train` run, in one of three ways:
 * - `--resume m.json`: the checkpoint as saved (options that would change the model are
 *   refused, so that the run ends exactly where an uninterrupted one would); `--out`
 *   defaults to the checkpoint itself;
 * - `--model-spec s.json`: that specification with the command-line options applied;
 * - a task name: the defaults of `trainDefaults.ts` for it, with the options applied.
 * A fresh model is written to `--out` (default `runs/<task>/model.json`) at once, so that a
 * bad path fails before any training, and so that training always starts from a model file.
 * @throws UserError — exit 2 for a wrong command line or specification, 1 for a missing or
 * invalid checkpoint or a file that cannot be written.
 */
export async function prepareRun(request: RunRequest): Promise<PreparedRun> {
  if (request.resume !== undefined) return resumeRun(request, request.resume)
  const model = request.modelSpec !== undefined ? await fromSpecFile(request, request.modelSpec) : await fromTask(request)
  const defaults = trainDefaults(model.spec.task.name, model.task.suggested)
  const out = request.out ?? join('runs', model.spec.task.name, 'model.json')
  refuseOverwrite(out, request.force)
  write(out, model)
  return { from: out, out, model, defaults, resumed: false }
}

// -------------------------------------------------------------------------------------
// internals
// -------------------------------------------------------------------------------------

/** Options that change the model, refused with --resume. */
const modelChangingOptions: readonly [keyof RunRequest, string][] = [
  ['modelSpec', '--model-spec'],
  ['neurons', '--neurons'],
  ['seed', '--seed'],
  ['batch', '--batch'],
  ['lr', '--lr'],
  ['lrScheduleKind', '--lr-schedule'],
  ['clipNorm', '--clip-norm'],
  ['rtol', '--rtol'],
  ['taskParams', '--task-param'],
]

async function resumeRun(request: RunRequest, path: string): Promise<PreparedRun> {
  for (const [key, flag] of modelChangingOptions) {
    if (request[key] !== undefined) {
      throw usageError(
        `${flag} cannot be used with --resume: a resumed run keeps the settings saved in its model file, so that it ends ` +
          `exactly where an uninterrupted run would. Drop ${flag}, or start a new run to change it.`,
      )
    }
  }
  const model = await openModel(path, request.plugins)
  if (request.task !== undefined && request.task !== model.spec.task.name) {
    throw usageError(`${path} is a model of the task "${model.spec.task.name}", not "${request.task}"; drop the task argument to resume it`)
  }
  const out = request.out ?? path
  if (out !== path) {
    refuseOverwrite(out, request.force)
    mkdirOf(out)
  }
  return { from: path, out, model, defaults: trainDefaults(model.spec.task.name, model.task.suggested), resumed: true }
}

async function fromTask(request: RunRequest): Promise<Model> {
  const task = request.task
  if (task === undefined) {
    throw usageError('give a task to train (xor, autoencode, or a task plugin\'s name), --model-spec <file> or --resume <model>')
  }
  const plugins = withPlugins(builtinPlugins, request.plugins)
  const params = request.taskParams ?? {}
  // Compose once with the generic defaults to read the task's own suggestions.
  const probe = await createModelFromJson(specFromDefaults(task, params, genericTrainDefaults, plugins), request.cwd)
  if (probe._tag === 'Left') throw usageError(taskProblems(task, probe.left))
  const defaults = trainDefaults(task, probe.right.task.suggested)
  // The run's length and schedule kind enter the defaults, so that a cosine anneals over --iterations.
  const run = { ...defaults, iterations: request.iterations ?? defaults.iterations, schedule: request.lrScheduleKind ?? defaults.schedule }
  const { taskParams: _, ...rest } = request
  const spec = applyOverrides(specFromDefaults(task, params, run, plugins), rest)
  return create(spec, request.cwd, `the run on "${task}"`)
}

async function fromSpecFile(request: RunRequest, path: string): Promise<Model> {
  if (request.task !== undefined) throw usageError(`give either a task (${request.task}) or --model-spec, not both: the specification names its task`)
  const raw = readJsonFile(path)
  if (raw._tag === 'Left') throw raw.left._tag === 'NotFound' ? new UserError(raw.left.message) : usageError(raw.left.message)
  const decoded = decodeModelSpec(raw.right, 'model')
  if (decoded._tag === 'Left') throw usageError(`${path}: ${problemList(decoded.left.issues.map(formatIssue), 'in the model specification')}`)
  const overrides = { ...request, ...lrSchedule(request, trainDefaults(decoded.right.task.name).iterations) }
  const spec = applyOverrides({ ...decoded.right, plugins: withPlugins(decoded.right.plugins, [...builtinPlugins, ...request.plugins]) }, overrides)
  return create(spec, dirname(path), path)
}

/** For a specification file: `--lr-schedule` as an override; a cosine anneals over --iterations, else the task's default count. */
function lrSchedule(request: RunRequest, defaultIterations: number): { lrSchedule?: LrScheduleOverride } {
  const kind = request.lrScheduleKind
  if (kind === undefined) return {}
  return { lrSchedule: kind === 'cosine' ? { kind, total: request.iterations ?? defaultIterations } : { kind } }
}

async function create(spec: ModelSpec, baseDir: string, what: string): Promise<Model> {
  const model = await createModelFromJson(spec, baseDir)
  if (model._tag === 'Left') throw usageError(`${what}: ${problemList(model.left.issues.map(formatIssue), 'in the model')}`)
  return model.right
}

/** Problems composing a task, with the option that fixes an unknown one. */
function taskProblems(task: string, problems: Invalid): string {
  const onTask = problems.issues.filter((i) => i.at === 'model.task')
  const hint = onTask.some((i) => i.code === 'unknown-plugin')
    ? '\n(to train a task from another package, load it with --plugin <package>)'
    : onTask.some((i) => i.code === 'plugin-rejected')
      ? '\n(task parameters are set with --task-param name=value)'
      : ''
  return `the task "${task}": ${problemList(problems.issues.map(formatIssue), 'in the task')}${hint}`
}

function refuseOverwrite(out: string, force: boolean): void {
  if (force || !existsSync(out)) return
  throw usageError(
    `${out} already exists: resume it with --resume ${out}, choose another file with --out, or overwrite it with --force`,
  )
}

function mkdirOf(path: string): void {
  try {
    mkdirSync(dirname(path), { recursive: true })
  } catch (error) {
    const code = (error as { code?: string }).code ?? String(error)
    throw new UserError(`cannot create the directory ${dirname(path)} for ${path} (${code}); choose another file with --out`)
  }
}

function write(out: string, model: Model): void {
  mkdirOf(out)
  const written = saveModel(out, model)
  if (written._tag === 'Left') throw new UserError(`${written.left.message} Choose another file with --out.`)
}
