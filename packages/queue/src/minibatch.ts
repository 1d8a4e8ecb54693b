import type { TrialRef } from '@spikegrad/core'
import type { GradientJobData } from './gradientJob.js'
import { readGradientReply, type Outcome } from './readGradientReply.js'

/**
 * One minibatch on the queue: trial i is the job `<prefix>-<i>`; the outcomes arrive by job id
 * (in any order, each accepted once) and are kept in trial order.
 */
export class Minibatch {
  readonly jobs: readonly { readonly name: string; readonly data: GradientJobData; readonly opts: { readonly jobId: string; readonly attempts: number; readonly removeOnComplete: { age: number }; readonly removeOnFail: { age: number } } }[]
  readonly outcomes: (Outcome | undefined)[]
  /** The jobs still awaited: id → trial index. */
  readonly pending = new Map<string, number>()
  /** The first reply that shows the run cannot go on. */
  failure: Error | undefined
  /** Whether a worker has taken any of the jobs. */
  anyTaken = false

  constructor(
    prefix: string,
    common: Omit<GradientJobData, 'trial'>,
    trials: readonly TrialRef[],
    private readonly parameters: number,
  ) {
    this.jobs = trials.map((trial, i) => ({
      name: 'gradient',
      data: { ...common, trial },
      opts: { jobId: `${prefix}-${i}`, attempts: 3, removeOnComplete: { age: 3600 }, removeOnFail: { age: 24 * 3600 } },
    }))
    this.jobs.forEach((job, i) => this.pending.set(job.opts.jobId, i))
    this.outcomes = new Array(trials.length)
  }

  /** A reply to job `id`: kept in its trial's place if the job is one of these and still awaited. */
  accept(id: string, reply: unknown): void {
    const index = this.pending.get(id)
    if (index === undefined) return
    this.pending.delete(id)
    const outcome = readGradientReply(reply, this.parameters, id)
    if (outcome instanceof Error) this.failure ??= outcome
    else this.outcomes[index] = outcome
  }

  taken(id: string): void {
    if (this.pending.has(id)) this.anyTaken = true
  }
}
