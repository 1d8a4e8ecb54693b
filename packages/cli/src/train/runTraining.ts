import { Worker } from 'node:worker_threads'
import type { TrainJob, TrainJobData, TrainMessage, TrainProgress } from './trainJob.js'

/** How a training run ended. */
type TrainingOutcome = Extract<TrainMessage, { type: 'finished' | 'failed' }>

/** What the caller hears while training runs. */
interface TrainingHooks {
  /** After every iteration. */
  progress(event: TrainProgress): void
  /** Something to tell the person watching (a queue without workers, a lost Redis). */
  notice?(message: string): void
  /** The first SIGINT (Ctrl-C): training stops after the current iteration and saves. */
  stopping(): void
  /** A second SIGINT: called just before the process exits with code 130. */
  quitting(): void
}

/**
 * Runs a training job on its own thread (`trainWorker.js`) and resolves with how it ended.
 * While it runs, a first SIGINT asks the thread to stop after the current iteration (the
 * model is then saved as a checkpoint) and a second one exits the process at once, code 130;
 * the handler is removed when the job ends. An error inside the thread rejects.
 */
export function runTraining(job: TrainJob, hooks: TrainingHooks, signals: NodeJS.EventEmitter = process): Promise<TrainingOutcome> {
  const stop = new Int32Array(new SharedArrayBuffer(4))
  const worker = new Worker(new URL('./trainWorker.js', import.meta.url), { workerData: { ...job, stop } satisfies TrainJobData })
  let interrupts = 0
  const onSigint = (): void => {
    interrupts += 1
    if (interrupts === 1) {
      Atomics.store(stop, 0, 1)
      hooks.stopping()
    } else {
      hooks.quitting()
      process.exit(130)
    }
  }
  signals.on('SIGINT', onSigint)
  return new Promise<TrainingOutcome>((resolve, reject) => {
    let settled = false
    const settle = (f: () => void): void => {
      if (settled) return
      settled = true
      signals.off('SIGINT', onSigint)
      f()
    }
    worker.on('message', (message: TrainMessage) => {
      if (message.type === 'progress') hooks.progress(message.event)
      else if (message.type === 'notice') hooks.notice?.(message.message)
      else settle(() => resolve(message))
    })
    worker.on('error', (error) => settle(() => reject(error)))
    worker.on('exit', (code) => settle(() => reject(new Error(`the training thread stopped unexpectedly (exit code ${code})`))))
  })
}
