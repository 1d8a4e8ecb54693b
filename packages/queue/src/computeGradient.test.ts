import test from 'ava'
import { isLeft, isRight } from 'fp-ts/lib/Either.js'
import { trialRefGradient } from '@spikegrad/core/internal'
import { createModelFromJson } from '@spikegrad/node'
import { computeGradient, ModelCache } from './computeGradient.js'
import { decodeFloat64, encodeFloat64 } from './float64Base64.js'
import { GRADIENT_JOB_FORMAT } from './gradientJob.js'
import { tinyXorSpec } from './tinyModel.test-kit.js'

const model = await (async () => {
  const created = await createModelFromJson(tinyXorSpec(), process.cwd())
  if (isLeft(created)) throw new Error(created.left.message)
  return created.right
})()
const job = (more: Record<string, unknown> = {}) => ({ format: GRADIENT_JOB_FORMAT, runId: 'r1', spec: model.spec, theta: encodeFloat64(model.theta), trial: { seed: 9 }, ...more })

test('computeGradient — a job\'s reply holds the loss and gradient of trialRefGradient, to the bit', async (t) => {
  const reply = await computeGradient(job(), new ModelCache(process.cwd()))
  if (reply._tag !== 'Gradient') return t.fail(JSON.stringify(reply))
  const expected = trialRefGradient(model.task, model.network, model.theta, { seed: 9 }, model.spec.solver ?? {})
  if (!isRight(expected)) return t.fail('no gradient')
  const values = decodeFloat64(reply.values, 'values') as Float64Array
  t.is(encodeFloat64(values.subarray(0, 1)), encodeFloat64(Float64Array.of(expected.right.loss)))
  t.is(encodeFloat64(values.subarray(1)), encodeFloat64(expected.right.gradient))
  t.regex(reply.worker, /^.+:\d+$/)
})

test('computeGradient — a job that is not one is refused by field, without running anything', async (t) => {
  const cache = new ModelCache(process.cwd())
  const refusal = async (data: unknown) => {
    const reply = await computeGradient(data, cache)
    return reply._tag === 'BadJob' ? reply.message : JSON.stringify(reply)
  }
  t.is(await refusal('x'), 'the job data must be a JSON object')
  t.regex(await refusal(job({ format: 'spikegrad-gradient-job/0' })), /^job\.format must be "spikegrad-gradient-job\/1", got "spikegrad-gradient-job\/0"; the trainer and this worker run different spikegrad versions$/)
  t.is(await refusal(job({ runId: 'a b' })), 'job.runId must be 1–64 letters, digits, "-" or "_"')
  t.regex(await refusal(job({ spec: { ...model.spec, extra: 1 } })), /job\.spec/)
  t.is(await refusal(job({ theta: encodeFloat64(new Float64Array(3)) })), `job.theta has 3 entries; the network of job.spec has ${model.theta.length} parameters`)
  t.is(await refusal(job({ trial: { seed: -1 } })), 'job.trial must be { "seed": integer } or { "split": name, "index": integer }; the seed must be in [0, 4294967295]')
  t.is(await refusal(job({ trial: { code: 'process.exit()' } })), 'job.trial must be { "seed": integer } or { "split": name, "index": integer }')
})

test('computeGradient — plugins are loaded by package name only: a path or a missing package is a ComposeFailed reply that names it', async (t) => {
  const cache = new ModelCache(process.cwd())
  const path = await computeGradient(job({ spec: { ...model.spec, plugins: ['./evil.js'] } }), cache)
  t.true(path._tag === 'ComposeFailed' && /^plugins\[0\]: "\.\/evil\.js" is a file path; plugins are loaded only by package name/.test(path.errors[0]!), JSON.stringify(path))
  const missing = await computeGradient(job({ spec: { ...model.spec, plugins: ['@spikegrad/no-such-plugin'] } }), cache)
  t.true(missing._tag === 'ComposeFailed' && /^plugins\[0\]: .*@spikegrad\/no-such-plugin/.test(missing.errors[0]!), JSON.stringify(missing))
})

test('computeGradient — a trial the task cannot draw is a SolveFailed reply (the trainer stops with its message)', async (t) => {
  const reply = await computeGradient(job({ trial: { split: 'train', index: 0 } }), new ModelCache(process.cwd()))
  t.true(reply._tag === 'SolveFailed' && /the task "xor" has no split "train"/.test(reply.error.message), JSON.stringify(reply))
})
