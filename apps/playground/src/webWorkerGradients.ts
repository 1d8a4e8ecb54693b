import type { GradientSource, ModelSpec, SolveOptions, TrialRef } from '@spikegrad/core'
import { namedSolveOptions } from '@spikegrad/core/internal'
import type { GradientReply, GradientRequest } from './gradientProtocol.js'

/** A gradient worker as the pool uses it (a Web Worker, or anything that answers like one). */
export interface GradientWorkerPort {
  postMessage(request: GradientRequest): void
  addEventListener(type: 'message', listener: (e: MessageEvent<GradientReply>) => void): void
  addEventListener(type: 'error', listener: (e: ErrorEvent) => void): void
  terminate(): void
}

/**
 * Computes a minibatch's gradients on `count` Web Workers: each builds the model's network and
 * task from its specification, and takes one contiguous share of the batch's trials. The
 * outcomes come back in the order asked, so `fit` sums them as it sums those of one thread:
 * the same bits. A worker that fails rejects the minibatch with its message.
 */
export async function webWorkerGradients(spec: ModelSpec, solve: SolveOptions, count: number, start: () => GradientWorkerPort): Promise<GradientSource> {
  // a message carries solvers and structures by name (a value with functions cannot be cloned)
  const named = namedSolveOptions(solve)
  if ('complaint' in named) throw new Error(`the gradient workers: ${named.complaint}`)
  const workers = Array.from({ length: count }, start)
  const pending = new Map<number, { resolve: (r: Extract<GradientReply, { type: 'gradients' }>) => void; reject: (e: Error) => void }>()
  let failure: Error | undefined
  const fail = (message: string): void => {
    failure = new Error(`a gradient worker failed: ${message}`)
    for (const p of pending.values()) p.reject(failure)
    pending.clear()
  }
  const ready = workers.map(
    (w) =>
      new Promise<void>((resolve, reject) => {
        w.addEventListener('error', (e) => {
          fail(e.message || 'it could not be started')
          reject(failure)
        })
        w.addEventListener('message', (e) => {
          const reply = e.data
          if (reply.type === 'ready') return resolve()
          if (reply.type === 'failed') {
            fail(reply.message)
            return reject(failure)
          }
          const p = pending.get(reply.id)
          pending.delete(reply.id)
          p?.resolve(reply)
        })
        w.postMessage({ type: 'model', spec, solve: named })
      }),
  )
  try {
    await Promise.all(ready)
  } catch (e) {
    for (const w of workers) w.terminate()
    throw e
  }
  let next = 0
  const ask = (w: GradientWorkerPort, theta: Float64Array, refs: readonly TrialRef[]) =>
    new Promise<Extract<GradientReply, { type: 'gradients' }>>((resolve, reject) => {
      if (failure !== undefined) return reject(failure)
      const id = next++
      pending.set(id, { resolve, reject })
      w.postMessage({ type: 'gradients', id, theta, refs })
    })
  return {
    async gradients(theta, refs) {
      const share = Math.ceil(refs.length / workers.length)
      const parts = workers.map((w, k) => ({ w, refs: refs.slice(k * share, (k + 1) * share) })).filter((p) => p.refs.length > 0)
      const replies = await Promise.all(parts.map((p) => ask(p.w, theta, p.refs)))
      return replies.flatMap((r) => r.outcomes)
    },
    async close() {
      for (const w of workers) w.terminate()
    },
  }
}
