import { existsSync } from 'node:fs'
import { isAbsolute, resolve } from 'node:path'
import { fileURLToPath, pathToFileURL } from 'node:url'
import { left, right, type Either } from 'fp-ts/lib/Either.js'
import type { Network, Task } from '@spikegrad/core'

// -------------------------------------------------------------------------------------
// model
// -------------------------------------------------------------------------------------

/**
 * What a gradient worker builds when the model was composed in code: the network and the
 * task, as the calling thread has them. θ is sent with every request, so only the structure
 * has to agree (the same parameter layout); the worker checks the parameter count.
 */
export interface WorkerModel {
  readonly network: Network
  readonly task: Task
}

/**
 * The export a worker module names: a function (sync or async) that builds the model on a
 * worker thread. It receives `WorkerModule.argument` (structured-cloned) and is called once
 * per worker.
 * @example
 *   export function buildModel(): WorkerModel {
 *     return { network: getOrThrow(createNetwork(spec)), task: myTask() }
 *   }
 */
export type WorkerModelFactory = (argument?: unknown) => WorkerModel | Promise<WorkerModel>

/**
 * A module that builds the model on each worker, for a model composed in code (neurons,
 * tasks defined in the user's files rather than plugin packages named in a spec). The module
 * is imported on every worker thread: keep the training out of it. The pattern that cannot
 * trip is two files, `model.ts` that only builds and exports `buildModel`, and the training
 * script that imports it and names `new URL('./model.js', import.meta.url)` here; a guard
 * `if (!isGradientWorker())` protects worker threads only, not another process that imports
 * the file for its `buildModel`.
 */
export interface WorkerModule {
  /**
   * The compiled module file (.js or .mjs): an absolute path, a `file:` URL (`import.meta.url`
   * for the calling module itself), or a path relative to the pool's `baseDir`.
   */
  readonly path: string | URL
  /** The name of its `WorkerModelFactory` export (default `"default"`). */
  readonly export?: string
  /** Passed to the factory on each worker (must be structured-clonable, e.g. JSON). */
  readonly argument?: unknown
}

/** A worker module as the workers receive it: its file as a `file:` URL. */
export interface ResolvedWorkerModule {
  readonly url: string
  readonly export: string
  readonly argument?: unknown
}

// -------------------------------------------------------------------------------------
// constructors
// -------------------------------------------------------------------------------------

/** The module's file as a `file:` URL (a relative path is taken from `baseDir`). */
export function resolveWorkerModule(module: WorkerModule, baseDir: string): ResolvedWorkerModule {
  const path = module.path
  const url =
    path instanceof URL ? path.href : path.startsWith('file:') ? path : pathToFileURL(isAbsolute(path) ? path : resolve(baseDir, path)).href
  return { url, export: module.export ?? 'default', ...('argument' in module && { argument: module.argument }) }
}

/** How the problems of a module are introduced: `the module /abs/model.js (export "buildModel")`. */
export function describeWorkerModule(module: ResolvedWorkerModule): string {
  return `the module ${displayPath(module.url)} (export "${module.export}")`
}

/**
 * Imports the module, calls its factory and checks what it returns against the caller's
 * model: a network with `parameters` parameters and a task of kind `taskKind`. Each failure
 * is one line that says why it failed (the caller names the module: `describeWorkerModule`).
 */
export async function buildWorkerModel(module: ResolvedWorkerModule, parameters: number, taskKind: string): Promise<Either<string, WorkerModel>> {
  const file = module.url.startsWith('file:') ? fileURLToPath(module.url) : undefined
  if (file !== undefined && !existsSync(file)) return left(`file not found; give the compiled .js file (an absolute path, a file: URL, or a path relative to baseDir)`)
  let imported: Record<string, unknown>
  try {
    imported = (await import(module.url)) as Record<string, unknown>
  } catch (e) {
    return left(`could not be imported (${firstLine(e)})`)
  }
  if (!(module.export in imported)) {
    const names = Object.keys(imported)
    return left(`the module has no export "${module.export}" (it exports ${names.length === 0 ? 'nothing' : names.map((n) => `"${n}"`).join(', ')})`)
  }
  const factory = imported[module.export]
  if (typeof factory !== 'function') return left(`the export is ${describe(factory)}, not a function that returns { network, task }`)
  let built: unknown
  try {
    built = await (factory as WorkerModelFactory)(module.argument)
  } catch (e) {
    return left(`the function threw: ${firstLine(e)}`)
  }
  if (!isWorkerModel(built)) return left(`the function returned ${describe(built)}, not { network, task } (a network from createNetwork and a task)`)
  if (built.network.layout.size !== parameters) {
    return left(
      `its network has ${built.network.layout.size} parameters; the calling thread's has ${parameters}. Build the same network on the workers as in the calling thread`,
    )
  }
  if (built.task.kind !== taskKind) return left(`its task is "${built.task.kind}"; the calling thread's is "${taskKind}"`)
  return right(built)
}

// -------------------------------------------------------------------------------------
// internals
// -------------------------------------------------------------------------------------

function isWorkerModel(x: unknown): x is WorkerModel {
  if (typeof x !== 'object' || x === null) return false
  const { network, task } = x as { network?: unknown; task?: unknown }
  const size = (network as { layout?: { size?: unknown } } | undefined)?.layout?.size
  return typeof size === 'number' && typeof task === 'object' && task !== null && typeof (task as { trial?: unknown }).trial === 'function'
}

function describe(x: unknown): string {
  if (x === null) return 'null'
  if (x === undefined) return 'undefined'
  if (Array.isArray(x)) return 'an array'
  if (typeof x === 'object') {
    const keys = Object.keys(x)
    return keys.length === 0 ? 'an empty object' : `an object with ${keys.map((k) => `"${k}"`).join(', ')}`
  }
  return `a ${typeof x} (${String(x).slice(0, 40)})`
}

function firstLine(e: unknown): string {
  return (e instanceof Error ? e.message : String(e)).split('\n')[0]
}

function displayPath(url: string): string {
  try {
    return url.startsWith('file:') ? fileURLToPath(url) : url
  } catch {
    return url
  }
}
