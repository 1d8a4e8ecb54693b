import { isLeft, left, type Either } from 'fp-ts/lib/Either.js'
import { Container } from 'inversify'
import { move, transferableSymbol, valueSymbol } from 'piscina'
import { composeModel, type ComposedModel } from '../model/composeModel.js'
import type { ModelSpec } from '../model/modelSpec.js'
import type { SolveError } from '../ode/solveError.js'
import { loadPluginPackages } from '../plugin/loadPluginPackages.js'
import { formatIssue } from '../util/invalid.js'
import { trialRefGradient, type TrialRef } from './gradientSource.js'
import type { TrialGradient } from './trialGradient.js'

/**
 * The worker-thread side of `gradientPool` (run by piscina from the compiled .js file): for
 * one request it composes the model from its specification — once per specification, cached
 * by `specKey` — and returns the trial's loss and gradient, moving the gradient's buffer
 * back to the caller instead of copying it.
 */

/** One trial to differentiate. */
export interface GradientRequest {
  /** Identifies `spec` (a hash of its JSON); the worker composes each specification once. */
  readonly specKey: string
  readonly spec: ModelSpec
  /** Where plugin packages are resolved from. */
  readonly baseDir: string
  readonly theta: Float64Array
  readonly trial: TrialRef
}

export type GradientReply =
  | { readonly _tag: 'Gradient'; readonly result: TrialGradient }
  | { readonly _tag: 'SolveFailed'; readonly error: SolveError }
  | { readonly _tag: 'ComposeFailed'; readonly errors: readonly string[] }

const composed = new Map<string, Promise<Either<readonly string[], ComposedModel>>>()

async function compose(request: GradientRequest): Promise<Either<readonly string[], ComposedModel>> {
  const container = new Container()
  const errors = await loadPluginPackages(container, request.spec.plugins, request.baseDir)
  if (errors.length > 0) return left(errors)
  const composed = composeModel(container, request.spec)
  return isLeft(composed) ? left(composed.left.issues.map(formatIssue)) : composed
}

/** Handles one request (piscina's task function). */
export default async function gradientWorker(request: GradientRequest): Promise<unknown> {
  let model = composed.get(request.specKey)
  if (model === undefined) {
    model = compose(request)
    composed.set(request.specKey, model)
  }
  const ready = await model
  if (isLeft(ready)) return { _tag: 'ComposeFailed', errors: ready.left } satisfies GradientReply
  const { task, network } = ready.right
  const result = trialRefGradient(task, network, request.theta, request.trial, request.spec.solver ?? {})
  if (isLeft(result)) return { _tag: 'SolveFailed', error: result.left } satisfies GradientReply
  const reply: GradientReply = { _tag: 'Gradient', result: result.right }
  return move({ [transferableSymbol]: result.right.gradient.buffer, [valueSymbol]: reply } as unknown as ArrayBuffer)
}
