import { isLeft, left, type Either } from 'fp-ts/lib/Either.js'
import { Container } from 'inversify'
import { move, transferableSymbol, valueSymbol } from 'piscina'
import { composeModel, formatIssue, type ModelSpec, type SolveError, type SolveOptions, type TrialGradient, type TrialRef } from '@spikegrad/core'
import { trialRefGradient } from '@spikegrad/core/internal'
import { loadPluginPackages } from '../plugin/loadPluginPackages.js'
import { markGradientWorker } from './gradientWorkerState.js'
import { buildWorkerModel, type ResolvedWorkerModule, type WorkerModel } from './workerModel.js'

/**
 * The worker-thread side of `gradientPool` (run by piscina from the compiled .js file): for
 * one request it builds the model — from a spec or a worker module, once per source, cached
 * by `key` — and returns the trial's loss and gradient, moving the gradient's buffer back to
 * the caller instead of copying it.
 */

/** What the workers build the model from. */
export type WorkerSource =
  | { readonly _tag: 'Spec'; readonly spec: ModelSpec; /** Where plugin packages are resolved from. */ readonly baseDir: string }
  | { readonly _tag: 'Module'; readonly module: ResolvedWorkerModule; /** The caller's parameter count and task kind, to check against. */ readonly parameters: number; readonly taskKind: string }

/** One trial to differentiate. */
export interface GradientRequest {
  /** Identifies `source` (a hash of its JSON); a worker builds each source once. */
  readonly key: string
  readonly source: WorkerSource
  readonly solve: SolveOptions
  readonly theta: Float64Array
  readonly trial: TrialRef
}

export type GradientReply =
  | { readonly _tag: 'Gradient'; readonly result: TrialGradient }
  | { readonly _tag: 'SolveFailed'; readonly error: SolveError }
  | { readonly _tag: 'ComposeFailed'; readonly errors: readonly string[] }

markGradientWorker()

const built = new Map<string, Promise<Either<readonly string[], WorkerModel>>>()

async function build(source: WorkerSource): Promise<Either<readonly string[], WorkerModel>> {
  if (source._tag === 'Module') {
    const model = await buildWorkerModel(source.module, source.parameters, source.taskKind)
    return isLeft(model) ? left([model.left]) : model
  }
  const container = new Container()
  const errors = await loadPluginPackages(container, source.spec.plugins, source.baseDir)
  if (errors.length > 0) return left(errors)
  const composed = composeModel(container, source.spec)
  return isLeft(composed) ? left(composed.left.issues.map(formatIssue)) : composed
}

/** Handles one request (piscina's task function). */
export default async function gradientWorker(request: GradientRequest): Promise<unknown> {
  let model = built.get(request.key)
  if (model === undefined) {
    model = build(request.source)
    built.set(request.key, model)
  }
  const ready = await model
  if (isLeft(ready)) return { _tag: 'ComposeFailed', errors: ready.left } satisfies GradientReply
  const { task, network } = ready.right
  const result = trialRefGradient(task, network, request.theta, request.trial, request.solve)
  if (isLeft(result)) return { _tag: 'SolveFailed', error: result.left } satisfies GradientReply
  const reply: GradientReply = { _tag: 'Gradient', result: result.right }
  return move({ [transferableSymbol]: result.right.gradient.buffer, [valueSymbol]: reply } as unknown as ArrayBuffer)
}
