import { composeModel, formatIssue, type ModelSpec, type SolveOptions, type TrialRef } from '@spikegrad/core'
import { trialRefGradient } from '@spikegrad/core/internal'
import { playgroundContainer } from './plugins.js'
import type { GradientReply, GradientRequest } from './gradientProtocol.js'

/**
 * A gradient worker of the playground's pool: composes the model's network and task from its
 * specification (with the plugins the page binds), then computes the exact gradient of each
 * trial it is asked for with the same core function as a run in one thread.
 */
const scope = self as unknown as {
  postMessage(reply: GradientReply): void
  addEventListener(type: 'message', listener: (e: MessageEvent<GradientRequest>) => void): void
}

let composed: { network: Parameters<typeof trialRefGradient>[1]; task: Parameters<typeof trialRefGradient>[0]; solve: SolveOptions } | undefined
const container = playgroundContainer()

scope.addEventListener('message', (e) => {
  const request = e.data
  try {
    if (request.type === 'model') {
      const made = composeModel(container, request.spec as ModelSpec)
      if (made._tag === 'Left') return scope.postMessage({ type: 'failed', message: made.left.issues.map(formatIssue).join('; ') })
      composed = { network: made.right.network, task: made.right.task, solve: request.solve }
      return scope.postMessage({ type: 'ready' })
    }
    if (composed === undefined) return scope.postMessage({ type: 'failed', message: 'a gradient worker was asked for gradients before its model' })
    const { network, task, solve } = composed
    const outcomes = request.refs.map((ref: TrialRef) => trialRefGradient(task, network, request.theta, ref, solve))
    scope.postMessage({ type: 'gradients', id: request.id, outcomes })
  } catch (error) {
    scope.postMessage({ type: 'failed', message: error instanceof Error ? error.message : String(error) })
  }
})
