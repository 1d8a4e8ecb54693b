import { isLeft } from 'fp-ts/lib/Either.js'
import { Container } from 'inversify'
import { formatIssue, modelFromFile, modelToFile } from '@spikegrad/core'
import { loadPluginPackages, train } from '@spikegrad/node'
import { workerName } from './computeGradient.js'
import { decodeRunJob, type RunReply } from './runJob.js'

/**
 * Answers one run job: checks it (`decodeRunJob`), loads the model's plugin packages by name
 * (from `baseDir`), trains the model in this thread up to its `spec.run` length — `train`
 * from `@spikegrad/node`, the code `spikegrad train` runs, so the model is the one it writes —
 * and replies with the trained model file. Every failure is a reply, never an exception.
 */
export async function trainRun(data: unknown, baseDir: string): Promise<RunReply> {
  const worker = workerName()
  const job = decodeRunJob(data)
  if (isLeft(job)) return { _tag: 'BadJob', message: job.left, worker }
  const container = new Container()
  const errors = await loadPluginPackages(container, job.right.model.spec.plugins, baseDir)
  if (errors.length > 0) return { _tag: 'TrainFailed', message: `the worker ${worker} could not load the model's plugins: ${errors.join('; ')}`, worker }
  const model = modelFromFile(container, job.right.model)
  if (isLeft(model)) return { _tag: 'BadJob', message: model.left.issues.map(formatIssue).join('; '), worker }
  // no CPU times: the worker's process runs other jobs beside this one, whose CPU it would count
  const trained = await train(model.right, { cpuTime: false })
  if (isLeft(trained)) return { _tag: 'TrainFailed', message: trained.left.message, worker }
  return { _tag: 'Trained', model: modelToFile(trained.right), worker }
}
