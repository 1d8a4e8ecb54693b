import type { WorkerCommand, WorkerEvent } from './protocol.js'
import { TrainingSession } from './trainingSession.js'

/**
 * The playground's training worker: a {@link TrainingSession} on the page's messages, so that
 * the solves run off the page's thread. Anything that throws is reported as an `error` event.
 */
const scope = self as unknown as {
  postMessage(event: WorkerEvent): void
  addEventListener(type: 'message', listener: (e: MessageEvent<WorkerCommand>) => void): void
}

const post = (event: WorkerEvent): void => scope.postMessage(event)
const session = new TrainingSession(post)

scope.addEventListener('message', (e) => {
  session.handle(e.data).catch((error: unknown) => post({ type: 'error', message: error instanceof Error ? `${error.message}` : String(error) }))
})
