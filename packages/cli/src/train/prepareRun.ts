import { existsSync, mkdirSync, statSync } from 'node:fs'
import { dirname, join } from 'node:path'
import { decodeModelSpec, formatIssue, type Invalid, type Model, type ModelSpec } from '@spikegrad/core'
import { createModelFromJson, loadTask, lockModelFile, readJsonFile, saveModel, type FileLock } from '@spikegrad/node'
import { UserError, usageError } from '../cliError.js'
import { builtinPlugins, withPlugins } from '../model/builtinPlugins.js'
import { openModel } from '../model/openModel.js'
import { problemList } from '../model/problemList.js'
import { refuseOutputOverInput } from '../util/refuseOutputOverInput.js'
import { applyOverrides, specFromRecipe, type LrScheduleOverride, type SpecOverrides } from './runSpec.js'
import { withFirstSpikeReadout, type readoutKinds } from './firstSpikeReadout.js'
import { withDelays, type delayKinds } from './delaysOption.js'
import { trainDefaults, type TrainDefaults } from './trainDefaults.js'
import { directoryProblem } from '../util/directoryProblem.js'

// -------------------------------------------------------------------------------------
// model
// -------------------------------------------------------------------------------------

/** Where a run starts: what `spikegrad train` was asked for. */
interface RunRequest extends Omit<SpecOverrides, 'lrSchedule'> {
  /** `--lr-schedule <kind>`; a cosine anneals over the run's steps. */
  readonly lrScheduleKind?: LrScheduleOverride['kind']
  /** The task argument, if given. */
  readonly task?: string
  /** `--readout first-spike`: EventProp's output neurons read by their first spikes (`withFirstSpikeReadout`); 'traces', the recipe's readout. */
  readonly readout?: (typeof readoutKinds)[number]
  /** `--delays <kind>`: trained delays on every projection of the recipe (`withDelays`). */
  readonly delays?: (typeof delayKinds)[number]
  /** `--neuron-options <file>`: a JSON object, the neuron's options (read into `neuronOptions`). */
  readonly neuronOptionsFile?: string
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
  /** Defaults of the model's task (its recipe, the figures). */
  readonly defaults: TrainDefaults
  readonly resumed: boolean
  /** The run's length in steps (its iterations, or its epochs × steps per epoch). */
  readonly steps: number
  /** The lock on `out`, held from before its first write: release it when the run is over. */
  readonly lock: FileLock
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
export async function prepareRun(given: RunRequest): Promise<PreparedRun> {
  const request = given.neuronOptionsFile === undefined ? given : { ...given, neuronOptions: readNeuronOptions(given.neuronOptionsFile) }
  if (request.out !== undefined && request.modelSpec !== undefined) {
    refuseOutputOverInput({ flag: '--out', path: request.out }, [{ flag: '--model-spec', path: request.modelSpec }])
  }
  if (request.resume !== undefined) return resumeRun(request, request.resume)
  const model = request.modelSpec !== undefined ? await fromSpecFile(request, request.modelSpec) : await fromTask(request)
  const defaults = trainDefaults(model.task)
  const out = request.out ?? join('runs', model.spec.task.name, 'model.json')
  refuseOverwrite(out, request.force)
  mkdirOf(out)
  const lock = lockOut(out)
  try {
    write(out, model)
  } catch (error) {
    lock.release()
    throw error
  }
  return { from: out, out, model, defaults, resumed: false, steps: runSteps(model), lock }
}

/** The run's length in steps: `spec.run.iterations`, or `spec.run.epochs` × ⌈training split / batch⌉. */
function runSteps(model: Pick<Model, 'spec' | 'task'>): number {
  const run = model.spec.run ?? {}
  const train = model.task.splits?.train
  if (run.epochs !== undefined && train !== undefined) return run.epochs * Math.ceil(train.size / model.spec.training.batchSize)
  return run.iterations ?? 0
}

// -------------------------------------------------------------------------------------
// internals
// -------------------------------------------------------------------------------------

/** Options that change the model, refused with --resume. */
const modelChangingOptions: readonly [keyof RunRequest, string][] = [
  ['modelSpec', '--model-spec'],
  ['neurons', '--neurons'],
  ['neuron', '--neuron'],
  ['neuronParams', '--neuron-param'],
  ['neuronOptionsFile', '--neuron-options'],
  ['gate', '--gate'],
  ['gateWidth', '--gate-width'],
  ['seed', '--seed'],
  ['batch', '--batch'],
  ['lr', '--lr'],
  ['lrScheduleKind', '--lr-schedule'],
  ['clipNorm', '--clip-norm'],
  ['rtol', '--rtol'],
  ['structure', '--structure'],
  ['taskParams', '--task-param'],
  ['readout', '--readout'],
  ['delays', '--delays'],
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
  const out = request.out ?? path
  if (out !== path) {
    refuseOverwrite(out, request.force)
    mkdirOf(out)
  }
  const lock = lockOut(out)
  try {
    return await resumeLocked(request, path, out, lock)
  } catch (error) {
    lock.release()
    throw error
  }
}

async function resumeLocked(request: RunRequest, path: string, out: string, lock: FileLock): Promise<PreparedRun> {
  let model = await openModel(path, request.plugins)
  if (request.task !== undefined && request.task !== model.spec.task.name) {
    throw usageError(`${path} is a model of the task "${model.spec.task.name}", not "${request.task}"; drop the task argument to resume it`)
  }
  // the settings a resumed run may change (none changes the parameters it reaches): its length,
  // its evaluations and its checkpoint spacing, recorded in its file
  const changes = pick(request, ['iterations', 'epochs', 'evaluateEvery', 'evaluateTrials', 'checkpointEvery'])
  if (Object.keys(changes).length > 0) {
    if (request.epochs !== undefined && model.task.splits?.train === undefined) throw usageError(`--epochs needs a data set; the task "${model.spec.task.name}" draws its trials from a seed: give --iterations`)
    model = { ...model, spec: applyOverrides(model.spec, changes) as Model['spec'] }
    const steps = runSteps(model)
    if (steps < model.iteration) {
      const flag = request.epochs !== undefined ? `--epochs ${request.epochs}` : `--iterations ${steps}`
      throw usageError(
        `${path} has already taken ${model.iteration} iterations; ${flag} would end the run before where it stands. ` +
          `Give a length of at least ${model.iteration} iterations, or leave it out to finish the saved run (nothing was written).`,
      )
    }
    write(out, model)
  }
  return { from: out === path ? path : path, out, model, defaults: trainDefaults(model.task), resumed: true, steps: runSteps(model), lock }
}

/** The JSON object of `--neuron-options <file>` (read with the usual limits), or a usage error naming the file. */
function readNeuronOptions(path: string): Readonly<Record<string, unknown>> {
  const raw = readJsonFile(path)
  if (raw._tag === 'Left') throw raw.left._tag === 'NotFound' ? new UserError(raw.left.message) : usageError(raw.left.message)
  const v = raw.right
  if (typeof v !== 'object' || v === null || Array.isArray(v)) {
    throw usageError(`--neuron-options ${path}: must hold a JSON object (the neuron's options, e.g. { "equations": ["dv/dt = (I - v) / tau_m"], … }), not ${Array.isArray(v) ? 'a list' : v === null ? 'null' : typeof v}`)
  }
  return v as Record<string, unknown>
}

async function fromTask(request: RunRequest): Promise<Model> {
  const task = request.task
  if (task === undefined) {
    throw usageError('give a task to train (xor, autoencode, yinyang, or a task plugin\'s name), --model-spec <file> or --resume <model>')
  }
  const plugins = withPlugins(builtinPlugins, request.plugins)
  const params = request.taskParams ?? {}
  // the task first: its recipe, its data set
  const made = await loadTask({ name: task, ...(Object.keys(params).length > 0 && { params }) }, plugins, request.cwd)
  if (made._tag === 'Left') throw usageError(taskProblems(task, made.left))
  const { recipe } = trainDefaults(made.right)
  if (request.epochs !== undefined && made.right.splits?.train === undefined) throw usageError(`--epochs needs a data set; the task "${task}" draws its trials from a seed: give --iterations`)
  const { taskParams: _, ...rest } = request
  const recipeSpec = specFromRecipe(task, params, recipe, plugins)
  const read = request.readout === 'first-spike' ? withFirstSpikeReadout(recipeSpec, made.right.outputSize) : recipeSpec
  const shaped = request.delays !== undefined ? withDelays(read, request.delays) : read
  const fresh = withCosineOverRun(applyOverrides(shaped, rest), made.right)
  return create(withLrSchedule(fresh, request, made.right), request.cwd, `the run on "${task}"`)
}

async function fromSpecFile(request: RunRequest, path: string): Promise<Model> {
  if (request.task !== undefined) throw usageError(`give either a task (${request.task}) or --model-spec, not both: the specification names its task`)
  if (request.readout !== undefined) throw usageError('--readout shapes a task\'s recipe; a model specification says how it is read itself (network.readout, network.losses, scoreBy): drop --readout')
  if (request.delays !== undefined) throw usageError('--delays shapes a task\'s recipe; a model specification gives its projections\' delays itself (projections[i].delay): drop --delays')
  const raw = readJsonFile(path)
  if (raw._tag === 'Left') throw raw.left._tag === 'NotFound' ? new UserError(raw.left.message) : usageError(raw.left.message)
  const decoded = decodeModelSpec(raw.right, 'model')
  if (decoded._tag === 'Left') throw usageError(`${path}: ${problemList(decoded.left.issues.map(formatIssue), 'in the model specification')}`)
  const spec = applyOverrides({ ...decoded.right, plugins: withPlugins(decoded.right.plugins, [...builtinPlugins, ...request.plugins]) }, request)
  const probe = await create(spec, dirname(path), path)
  if (probe.spec.run?.iterations === undefined && probe.spec.run?.epochs === undefined) {
    // a specification without a length takes the task's recipe's
    const run = trainDefaults(probe.task).recipe.run
    return create(withLrSchedule({ ...spec, run: { ...run, ...spec.run } }, request, probe.task), dirname(path), path)
  }
  return request.lrScheduleKind === undefined ? probe : create(withLrSchedule(spec, request, probe.task), dirname(path), path)
}

/**
 * A recipe's cosine schedule without a `total` spans the run: its total becomes the run's
 * length in steps, whatever the command line made it.
 */
function withCosineOverRun(spec: ModelSpec, task: Model['task']): ModelSpec {
  const schedule = spec.training?.schedule as { kind?: unknown; total?: unknown } | undefined
  if (schedule?.kind !== 'cosine' || schedule.total !== undefined) return spec
  const steps = runSteps({ spec: { ...spec, training: { batchSize: spec.training?.batchSize ?? 8 } } as Model['spec'], task })
  return { ...spec, training: { ...spec.training, schedule: { ...schedule, total: Math.max(1, steps) } } }
}

/** `--lr-schedule`: a constant rate, or a cosine over the run's steps (known once the task is). */
function withLrSchedule(spec: ModelSpec, request: RunRequest, task: Model['task']): ModelSpec {
  const kind = request.lrScheduleKind
  if (kind === undefined) return spec
  const steps = runSteps({ spec: { ...spec, training: { batchSize: spec.training?.batchSize ?? 8 } } as Model['spec'], task })
  return applyOverrides(spec, { ...(request.lr !== undefined && { lr: request.lr }), lrSchedule: kind === 'cosine' ? { kind, total: Math.max(1, steps) } : { kind } })
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

/** The lock on the run's model file: a second run writing it is refused, naming the first one's process. */
function lockOut(out: string): FileLock {
  const lock = lockModelFile(out)
  if (lock._tag === 'Left') throw new UserError(lock.left.message)
  return lock.right
}

function refuseOverwrite(out: string, force: boolean): void {
  if (isDirectory(out)) throw usageError(`--out ${out} is a directory; give the model file's path, e.g. --out ${join(out, 'model.json')}`)
  if (force || !existsSync(out)) return
  throw usageError(
    `${out} already exists: resume it with --resume ${out}, choose another file with --out, or overwrite it with --force`,
  )
}

function mkdirOf(path: string): void {
  try {
    mkdirSync(dirname(path), { recursive: true })
  } catch (error) {
    throw new UserError(`cannot create the directory ${dirname(path)} for ${path} (${directoryProblem(dirname(path), error)}); choose another file with --out`)
  }
}

function write(out: string, model: Model): void {
  mkdirOf(out)
  const written = saveModel(out, model)
  if (written._tag === 'Left') throw new UserError(`${written.left.message} Choose another file with --out.`)
}

function isDirectory(path: string): boolean {
  try {
    return statSync(path).isDirectory()
  } catch {
    return false
  }
}

function pick<T extends object, K extends keyof T>(o: T, keys: readonly K[]): Partial<Pick<T, K>> {
  return Object.fromEntries(keys.filter((k) => o[k] !== undefined).map((k) => [k, o[k]])) as Partial<Pick<T, K>>
}
