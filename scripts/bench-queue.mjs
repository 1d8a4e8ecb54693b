#!/usr/bin/env node
// Trial gradients per second on this machine: in one thread, on 2 worker threads
// (gradientPool), and as jobs on a BullMQ queue taken by 2 `spikegrad worker` processes
// (concurrency 1 each); and the overhead of a queue job over the same trial in this thread.
//
//     npm run bench:queue -- [--redis redis://127.0.0.1:6379] [--neurons 16] [--trials 24] [--rounds 3]
//
// Without --redis it starts its own redis-server (Debian: apt-get install redis-server) on a
// free port and stops it at the end. The model is XOR with `--neurons` QIF neurons (its
// default trials, 300–550 ms); the overhead is measured on a tiny XOR (8 neurons, 50 ms trials)
// with one worker of one thread, where the solve is short and the queue's own cost shows.
// Results are checked to be the same bits on every path.
import { spawn } from 'node:child_process'
import { dirname, join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { inProcessGradients, trainingTrialSeed } from '@spikegrad/core'
import { createModelFromJson, gradientPool } from '@spikegrad/node'
import { encodeFloat64, queueGradients, startQueueWorker } from '@spikegrad/queue'
import { startRedis } from '@spikegrad/queue/testing'

const here = join(dirname(fileURLToPath(import.meta.url)), '..')
const option = (name, fallback) => {
  const at = process.argv.indexOf(name)
  return at >= 0 ? process.argv[at + 1] : fallback
}
const neurons = Number(option('--neurons', '16'))
const trials = Number(option('--trials', '24'))
const rounds = Number(option('--rounds', '3'))
const plugins = ['@spikegrad/neuron-qif', '@spikegrad/gates', '@spikegrad/losses', '@spikegrad/task-xor']
const spec = (n, params) => ({ plugins, task: { name: 'xor', ...(params && { params }) }, neuron: { name: 'qif' }, gate: { name: 'raised-cosine', width: 0.6 * Math.PI }, sizes: { neurons: n }, tauS: 10, seed: 1, solver: { rtol: 1e-4, atol: 1e-6 } })
const tiny = { pulseWidth: 5, firstPulseMin: 2, firstPulseMax: 5, pulseDelayMin: 10, pulseDelayMax: 15, cueDelayMin: 10, cueDelayMax: 15, responseWindow: 10 }

async function model(s) {
  const m = await createModelFromJson(s, here)
  if (m._tag === 'Left') throw new Error(m.left.message)
  return m.right
}
const refs = (count, salt) => Array.from({ length: count }, (_, i) => ({ seed: trainingTrialSeed(salt, 0, i) }))
async function timed(source, m, count, salt) {
  await source.gradients(m.theta, refs(8, salt + 1000)) // warm: threads started, models built, code compiled
  const t0 = performance.now()
  const out = await source.gradients(m.theta, refs(count, salt))
  return { ms: performance.now() - t0, bits: out.map((o) => (o._tag === 'Right' ? encodeFloat64(o.right.gradient) : o.left.message)).join() }
}

const given = option('--redis', undefined)
const redis = given === undefined ? await startRedis() : undefined
const url = given ?? redis.url
const workers = [0, 1].map(() => spawn(process.execPath, [join(here, 'packages/cli/dist/main.js'), 'worker', '--redis', url, '--concurrency', '1'], { stdio: 'ignore' }))
try {
  const big = await model(spec(neurons))
  const small = await model(spec(8, tiny))
  const pool = gradientPool(big, { workers: 2, baseDir: here })
  const queued = await queueGradients(big, { connection: url })
  if (queued._tag === 'Left') throw new Error(queued.left.message)
  // the overhead: one worker of one thread, on a queue of its own
  const lone = await startQueueWorker({ connection: url, queue: 'spikegrad-bench-overhead', concurrency: 1 })
  if (lone._tag === 'Left') throw new Error(lone.left.message)
  const smallQueued = await queueGradients(small, { connection: url, queue: 'spikegrad-bench-overhead' })
  if (smallQueued._tag === 'Left') throw new Error(smallQueued.left.message)
  const paths = {
    thread: [inProcessGradients(big.task, big.network, big.spec.solver), big, trials, 1],
    threads: [pool, big, trials, 1],
    queue: [queued.right, big, trials, 1],
    smallThread: [inProcessGradients(small.task, small.network, small.spec.solver), small, 40, 2],
    smallQueue: [smallQueued.right, small, 40, 2],
  }
  // the paths take turns, `rounds` times, so that each sees the same machine; medians are reported
  const times = Object.fromEntries(Object.keys(paths).map((k) => [k, []]))
  const bits = {}
  for (let r = 0; r < rounds; r++) {
    for (const [name, args] of Object.entries(paths)) {
      const result = await timed(...args)
      times[name].push(result.ms)
      bits[name] = result.bits
    }
  }
  await pool.close()
  await queued.right.close()
  await smallQueued.right.close()
  await lone.right.close()
  if (bits.threads !== bits.thread || bits.queue !== bits.thread || bits.smallQueue !== bits.smallThread) throw new Error('the paths disagree in their bits')
  const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]
  const rate = (name) => ((trials * 1000) / median(times[name])).toFixed(2)
  console.log(`XOR, ${neurons} QIF neurons, ${trials} trials, median of ${rounds} rounds (same bits on every path):`)
  console.log(`  1 thread          ${rate('thread')} trial gradients/s`)
  console.log(`  2 threads         ${rate('threads')} trial gradients/s`)
  console.log(`  2 queue workers   ${rate('queue')} trial gradients/s`)
  const perTrial = median(times.smallThread) / 40
  const perJob = median(times.smallQueue) / 40
  console.log(`tiny XOR, 8 neurons, 40 trials: ${perTrial.toFixed(1)} ms per trial in this thread, ${perJob.toFixed(1)} ms per job on the queue (one worker, one thread)`)
  console.log(`  overhead per job ≈ ${(perJob - perTrial).toFixed(1)} ms`)
} finally {
  for (const w of workers) w.kill('SIGTERM')
  await redis?.stop()
}
