import { spawn, type ChildProcess } from 'node:child_process'
import { readFile } from 'node:fs/promises'
import { join } from 'node:path'
import avaTest from 'ava'
import { Queue } from 'bullmq'
import { startRedis, stopProcess, withRedis } from '@spikegrad/queue/testing'
import { mainScript, stackFrame } from '../spawnCli.test-kit.js'
import { scratch, spikegradAsync, tinyXorParams } from '../train/tinyRuns.test-kit.js'

/**
 * The queue's faults, end to end with real processes: three `spikegrad worker` processes, one
 * killed with SIGKILL in the middle of a job; a Redis stopped in the middle of a run; a worker
 * killed in the middle of a sweep's run. Each run must end with the bits of one made here.
 */

const test = withRedis(avaTest)

/** XOR trials of about 100 ms on 12 neurons: a job lasts long enough to be killed in. */
const runArgs = (out: string, ...more: string[]): string[] => [
  'train', 'xor', ...tinyXorParams, '--task-param', 'cueDelayMax=60', '--neurons', '12', '--batch', '4', '--iterations', '3',
  '--lr-schedule', 'constant', '--no-plot', '--evaluate-every', '0', '--checkpoint-every', '1', '--out', out, ...more,
]

/** A `spikegrad worker` process; resolves once it takes jobs, with its name (`host:pid`). */
function startWorker(url: string): Promise<{ child: ChildProcess; name: string }> {
  const child = spawn(process.execPath, [mainScript, 'worker', '--redis', url, '--concurrency', '1', '--stall-timeout', '2'], {
    env: { ...process.env, CI: '1', SPIKEGRAD_DEBUG: '' },
    stdio: ['ignore', 'ignore', 'pipe'],
  })
  let err = ''
  return new Promise((resolve, reject) => {
    child.stderr!.on('data', (chunk: Buffer) => {
      err += chunk.toString()
      const m = /^worker (\S+): taking gradient jobs/m.exec(err)
      if (m) resolve({ child, name: m[1]! })
    })
    child.once('exit', (code) => reject(new Error(`the worker exited (${code}): ${err}`)))
  })
}

async function readJson(path: string): Promise<any> {
  return JSON.parse(await readFile(path, 'utf8'))
}

/** The parts of two model files that must agree to the bit (wall times aside). */
function sameRun(t: import('ava').ExecutionContext, a: any, b: any): void {
  t.is(a.iteration, b.iteration)
  t.deepEqual(a.weights, b.weights)
  t.deepEqual(a.optimizerState, b.optimizerState)
  t.deepEqual(
    a.history.iterations.map((r: any) => [r.iteration, r.loss, r.gradientNorm]),
    b.history.iterations.map((r: any) => [r.iteration, r.loss, r.gradientNorm]),
  )
}

test.serial('train --redis with three workers, one killed (SIGKILL) mid-job: its job is computed again elsewhere, counted once, and the model is bit-identical to --workers 1', async (t) => {
  const redis = await startRedis()
  const workers = await Promise.all([startWorker(redis.url), startWorker(redis.url), startWorker(redis.url)])
  const victim = workers[0]!
  const queue = new Queue('spikegrad-gradients', { connection: { url: redis.url } })
  let killedOn: string | undefined
  const hunt = (async () => {
    // kill the victim while it holds a job: watch the active jobs for one it took
    for (let i = 0; i < 2000 && killedOn === undefined; i++) {
      const active = await queue.getActive().catch(() => [])
      const held = active.find((job) => job.processedBy === victim.name)
      if (held !== undefined) {
        victim.child.kill('SIGKILL')
        killedOn = held.id!
      } else await new Promise((r) => setTimeout(r, 10))
    }
  })()
  try {
    const dir = await scratch()
    const queued = await spikegradAsync(runArgs(join(dir, 'queued.json'), '--redis', redis.url))
    await hunt
    t.is(queued.code, 0, queued.stderr)
    t.truthy(killedOn, 'the victim was killed while it held a job')
    t.regex(queued.stderr, /train: [1-9]\d* of 12 gradient jobs went back to the queue when their worker stopped answering, and were computed again elsewhere \(each counted once\)/)
    const one = await spikegradAsync(runArgs(join(dir, 'one.json'), '--workers', '1'))
    t.is(one.code, 0, one.stderr)
    sameRun(t, await readJson(join(dir, 'queued.json')), await readJson(join(dir, 'one.json')))
  } finally {
    await queue.close()
    await Promise.all(workers.map((w) => stopProcess(w.child)))
    await redis.stop()
  }
})

test.serial('train --redis, Redis lost mid-run: stops after --redis-wait with the last checkpoint intact and says how to resume; resumed on a new Redis, it ends with the bits of --workers 1', async (t) => {
  const redis = await startRedis()
  const worker = await startWorker(redis.url)
  const dir = await scratch()
  const out = join(dir, 'lost.json')
  try {
    let stopped = false
    const lost = await spikegradAsync(runArgs(out, '--redis', redis.url, '--redis-wait', '2'), (text) => {
      if (!stopped && /\ntrain {2}iter 1\//.test(text)) {
        stopped = true
        void redis.stop()
      }
    })
    t.is(lost.code, 1, lost.stderr)
    t.notRegex(lost.stderr, stackFrame)
    t.regex(lost.stderr, new RegExp(`lost Redis at ${redis.url.replace(/\./g, '\\.')}: unreachable for \\d+ s\\. Training stopped; the last checkpoint is unchanged\\.`))
    const resume = new RegExp(`The last checkpoint is ${out.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&')}; after fixing the cause, resume with: spikegrad train --resume \\S+ --iterations 3 --redis ${redis.url.replace(/\./g, '\\.')}\\n$`)
    t.regex(lost.stderr, resume)
    const checkpoint = await readJson(out)
    t.true(checkpoint.iteration >= 1 && checkpoint.iteration < 3, `the checkpoint holds ${checkpoint.iteration} steps`)
    // Redis back (empty: it kept nothing) on the same port; the worker reconnects by itself
    const again = await startRedis(redis.port)
    try {
      const resumed = await spikegradAsync(['train', '--resume', out, '--iterations', '3', '--redis', redis.url, '--no-plot'])
      t.is(resumed.code, 0, resumed.stderr)
      const one = await spikegradAsync(runArgs(join(dir, 'one.json'), '--workers', '1'))
      t.is(one.code, 0, one.stderr)
      sameRun(t, await readJson(out), await readJson(join(dir, 'one.json')))
    } finally {
      await again.stop()
    }
  } finally {
    await stopProcess(worker.child)
    await redis.stop()
  }
})

test.serial('sweep --redis with two workers, one killed (SIGKILL) mid-run: the run is trained again by the other, and the sweep\'s model files are those of the sweep run here', async (t) => {
  const redis = await startRedis()
  const workers = await Promise.all([startWorker(redis.url), startWorker(redis.url)])
  const victim = workers[0]!
  const queue = new Queue('spikegrad-runs', { connection: { url: redis.url } })
  let killedOn: string | undefined
  const hunt = (async () => {
    for (let i = 0; i < 3000 && killedOn === undefined; i++) {
      const held = (await queue.getActive().catch(() => [])).find((job) => job.processedBy === victim.name)
      if (held !== undefined) {
        victim.child.kill('SIGKILL')
        killedOn = held.id!
      } else await new Promise((r) => setTimeout(r, 10))
    }
  })()
  try {
    const dir = await scratch()
    const sweep = (out: string, ...more: string[]) => [
      'sweep', 'xor', ...tinyXorParams, '--set', 'neurons=8', '--set', 'batch=2', '--iterations', '6', '--evaluate-trials', '2', '--workers', '1', '--seeds', '1..2', '--out', join(dir, out), ...more,
    ]
    const queued = await spikegradAsync(sweep('queued', '--redis', redis.url))
    await hunt
    t.is(queued.code, 0, queued.stderr)
    t.truthy(killedOn, 'the victim was killed while it trained a run')
    const here = await spikegradAsync(sweep('here'))
    t.is(here.code, 0, here.stderr)
    for (const run of ['neurons=8_batch=2_seed=1', 'neurons=8_batch=2_seed=2']) {
      sameRun(t, await readJson(join(dir, 'queued', run, 'model.json')), await readJson(join(dir, 'here', run, 'model.json')))
    }
  } finally {
    await queue.close()
    await Promise.all(workers.map((w) => stopProcess(w.child)))
    await redis.stop()
  }
})
