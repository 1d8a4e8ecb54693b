import { modelSolveOptions } from '@spikegrad/core'
import type { WorkerCommand, WorkerEvent } from './protocol.js'
import { TrainingSession } from './trainingSession.js'
import { webWorkerGradients } from './webWorkerGradients.js'

/**
 * The playground's training worker: a {@link TrainingSession} on the page's messages, so that
 * the solves run off the page's thread; with more than one worker asked for, the gradients of
 * each minibatch are shared out over that many gradient workers (Web Workers it starts). Anything that throws is reported as an `error` event.
 */
const scope = self as unknown as {
  postMessage(event: WorkerEvent): void
  addEventListener(type: 'message', listener: (e: MessageEvent<WorkerCommand>) => void): void
}

const post = (event: WorkerEvent): void => scope.postMessage(event)
const session = new TrainingSession(post, (model, count) =>
  webWorkerGradients(model.spec, modelSolveOptions(model), count, () => new Worker(new URL('./gradientWorker.ts', import.meta.url), { type: 'module' })),
)

scope.addEventListener('message', (e) => {
  session.handle(e.data).catch((error: unknown) => post({ type: 'error', message: error instanceof Error ? `${error.message}` : String(error) }))
})
