import { availableParallelism } from 'node:os'
import type { QueueWorkerEvent } from '@spikegrad/queue'
import { UserError, usageError } from '../cliError.js'
import { parsePositiveInt } from '../optionParsers.js'
import type { CommandContext, CommandRegistrar } from './commandContext.js'

interface WorkerCommandOptions {
  readonly redis?: string
  readonly concurrency: number
  readonly stallTimeout: number
}

/**
 * `spikegrad worker --redis URL [--concurrency K]`: computes the trial gradients that
 * `spikegrad train … --redis URL` (or `queueGradients`) puts on the queue, and trains the runs
 * of `spikegrad sweep … --redis URL` (`queueRuns`), on K threads for each, until
 * Ctrl-C or SIGTERM (it then finishes its running jobs; a second Ctrl-C quits at once, and
 * those jobs go to another worker). Any machine with spikegrad and the model's plugin
 * packages (resolved from the working directory) can run one. Redis unreachable at start:
 * exit 1 with a message naming the URL.
 */
export const workerCommand: CommandRegistrar = (program, context) => {
  program
    .command('worker')
    .description('compute trial gradients for `train --redis` and train the runs of `sweep --redis`: take jobs from Redis until stopped')
    .option('--redis <url>', 'the Redis the trainers use: redis://host:port (rediss:// for TLS; a password as redis://:password@host:port)')
    .option('--concurrency <K>', 'jobs computed at once, each on its own thread (default: the number of cores)', parsePositiveInt('--concurrency', '2', 256), availableParallelism())
    .option('--stall-timeout <s>', 'seconds after which the job of a worker that stopped answering goes to another worker (default 30)', parsePositiveInt('--stall-timeout', '30', 3600), 30)
    .action(async (options: WorkerCommandOptions) => {
      if (options.redis === undefined) throw usageError('give the Redis to take jobs from: --redis redis://host:port')
      await runWorker({ ...options, redis: options.redis }, context)
    })
}

async function runWorker(options: WorkerCommandOptions & { readonly redis: string }, { stderr }: CommandContext): Promise<void> {
  const { hidePassword, startQueueWorker } = await import('@spikegrad/queue') // BullMQ is loaded only for this command
  let lastConnectionError = 0
  const started = await startQueueWorker({
    connection: options.redis,
    concurrency: options.concurrency,
    stallTimeoutMs: options.stallTimeout * 1000,
    onEvent: (event: QueueWorkerEvent) => {
      if (event._tag === 'JobFailed') stderr.write(`worker: job ${event.jobId} failed: ${event.message}\n`)
      else if (event._tag === 'JobDone' && event.outcome !== 'Gradient' && event.outcome !== 'SolveFailed') stderr.write(`worker: job ${event.jobId}: ${event.outcome} (the trainer reports why)\n`)
      else if (event._tag === 'ConnectionError' && Date.now() - lastConnectionError > 10_000) {
        lastConnectionError = Date.now()
        stderr.write(`worker: Redis ${event.message}; retrying\n`)
      }
    },
  })
  if (started._tag === 'Left') throw new UserError(started.left.message, started.left._tag === 'RedisUnreachable' ? {} : { exitCode: 2 })
  const worker = started.right
  stderr.write(`worker ${worker.name}: taking gradient jobs from ${hidePassword(options.redis)} on ${options.concurrency} thread${options.concurrency === 1 ? '' : 's'}; Ctrl-C to stop\n`)
  await new Promise<void>((resolve) => {
    let stopping = false
    const stop = (): void => {
      if (stopping) {
        stderr.write('worker: quit at once; its running jobs go to another worker\n')
        process.exit(130)
      }
      stopping = true
      stderr.write('worker: finishing the running jobs, then stopping (Ctrl-C again to quit at once)\n')
      void worker.close().then(() => {
        process.off('SIGINT', stop)
        process.off('SIGTERM', stop)
        resolve()
      })
    }
    process.on('SIGINT', stop)
    process.on('SIGTERM', stop)
  })
  stderr.write('worker: stopped\n')
}

