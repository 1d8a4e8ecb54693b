import { readFile } from 'node:fs/promises'
import { join } from 'node:path'
import { spawn } from 'node:child_process'
import test from 'ava'
import { startRedis, stopProcess, withRedis } from '@spikegrad/queue/testing'
import { mainScript, spikegrad } from '../spawnCli.test-kit.js'
import { xmlProblems } from '../plots/svgCheck.test-kit.js'
import { scratch, spikegradAsync, tinyXorParams } from '../train/tinyRuns.test-kit.js'

const readJson = async (path: string): Promise<any> => JSON.parse(await readFile(path, 'utf8'))

test('sweep — 2 seeds × 2 rates: four runs, each the model `train` writes with those options (to the bit), a table in JSON and CSV and a figure of the final scores', async (t) => {
  const dir = await scratch()
  const common = [...tinyXorParams, '--iterations', '2', '--evaluate-trials', '2', '--workers', '1']
  const sweep = ['sweep', 'xor', ...common, '--seeds', '1..2', '--set', 'neurons=8', '--set', 'batch=2', '--set', 'lr=0.05,0.01', '--out', join(dir, 'sw')]
  const { code, stdout, stderr } = await spikegradAsync(sweep)
  t.is(code, 0, stderr)
  t.regex(stderr, /^sweep: 4 runs \(2 seeds × 1 neurons × 1 batch × 2 lr\) into /)
  t.deepEqual(stdout.trim().split('\n'), ['sweep.json', 'sweep.csv', 'sweep.svg'].map((f) => `wrote ${join(dir, 'sw', f)}`))
  const table = await readJson(join(dir, 'sw', 'sweep.json'))
  t.is(table.format, 'spikegrad-sweep/1')
  t.deepEqual(table.runs.map((r: any) => [r.run, r.seed, r.values.lr, r.iterations, r.score.name]), [
    ['neurons=8_batch=2_lr=0.05_seed=1', 1, 0.05, 2, 'accuracy'],
    ['neurons=8_batch=2_lr=0.05_seed=2', 2, 0.05, 2, 'accuracy'],
    ['neurons=8_batch=2_lr=0.01_seed=1', 1, 0.01, 2, 'accuracy'],
    ['neurons=8_batch=2_lr=0.01_seed=2', 2, 0.01, 2, 'accuracy'],
  ])
  const csv = (await readFile(join(dir, 'sw', 'sweep.csv'), 'utf8')).trim().split('\n')
  t.is(csv[0], 'run,seed,neurons,batch,lr,iterations,accuracy,loss,model')
  t.is(csv.length, 5)
  t.is(csv[3], `neurons=8_batch=2_lr=0.01_seed=1,1,8,2,0.01,2,${table.runs[2].score.value},${table.runs[2].loss},${join(dir, 'sw', 'neurons=8_batch=2_lr=0.01_seed=1', 'model.json')}`)
  t.deepEqual(xmlProblems(await readFile(join(dir, 'sw', 'sweep.svg'), 'utf8')), [])
  // every run's model file is kept, and is the model of `train` with the same options
  const alone = join(dir, 'alone.json')
  const trained = await spikegradAsync(['train', 'xor', ...common, '--neurons', '8', '--batch', '2', '--seed', '2', '--lr', '0.01', '--no-plot', '--out', alone])
  t.is(trained.code, 0, trained.stderr)
  const a = await readJson(join(dir, 'sw', 'neurons=8_batch=2_lr=0.01_seed=2', 'model.json'))
  const b = await readJson(alone)
  t.deepEqual(a.weights, b.weights)
  t.deepEqual(a.history.iterations.map((r: any) => r.loss), b.history.iterations.map((r: any) => r.loss))
})

test('sweep — no task, no --seeds, or a setting it cannot vary: a usage error (exit 2) that says what to give', (t) => {
  t.is(spikegrad(['sweep', '--seeds', '1..2']).stderr, 'spikegrad: give a task (e.g. spikegrad sweep xor …) or --model-spec spec.json\n')
  t.regex(spikegrad(['sweep', 'xor']).stderr, /required option '--seeds <list>' not specified/)
  const bad = spikegrad(['sweep', 'xor', '--seeds', '1', '--set', 'tau=3'])
  t.is(bad.code, 2)
  t.is(bad.stderr, 'spikegrad: --set: a sweep cannot vary "tau"; it varies lr, batch, neurons, clip-norm, rtol\n')
})

withRedis(test)('sweep --redis — the runs are jobs for spikegrad worker processes, and their model files are those of the sweep run here, to the bit', async (t) => {
  const redis = await startRedis()
  const worker = spawn(process.execPath, [mainScript, 'worker', '--redis', redis.url, '--concurrency', '2'], { env: { ...process.env, CI: '1' }, stdio: ['ignore', 'ignore', 'pipe'] })
  try {
    const dir = await scratch()
    const sweep = (out: string, ...more: string[]) => ['sweep', 'xor', ...tinyXorParams, '--iterations', '2', '--evaluate-trials', '2', '--workers', '1', '--seeds', '1..2', '--set', 'neurons=8', '--set', 'batch=2', '--out', join(dir, out), ...more]
    const queued = await spikegradAsync(sweep('queued', '--redis', redis.url))
    t.is(queued.code, 0, queued.stderr)
    t.regex(queued.stderr, new RegExp(`^sweep: 2 runs \\(2 seeds × 1 neurons × 1 batch\\) into .*, as jobs on the queue at ${redis.url.replace(/\./g, '\\.')}\n`))
    t.regex(queued.stderr, /sweep: neurons=8_batch=2_seed=\d trained \(1 of 2\)\n[^]*sweep: neurons=8_batch=2_seed=\d trained \(2 of 2\)\n/)
    const here = await spikegradAsync(sweep('here'))
    t.is(here.code, 0, here.stderr)
    for (const run of ['neurons=8_batch=2_seed=1', 'neurons=8_batch=2_seed=2']) {
      const a = await readJson(join(dir, 'queued', run, 'model.json'))
      const b = await readJson(join(dir, 'here', run, 'model.json'))
      t.is(a.iteration, 2)
      t.deepEqual(a.weights, b.weights, run)
      t.deepEqual(a.optimizerState, b.optimizerState, run)
      t.deepEqual(a.history.evaluations.map((e: any) => e.scores), b.history.evaluations.map((e: any) => e.scores), run)
    }
    const rows = (await readJson(join(dir, 'queued', 'sweep.json'))).runs
    t.deepEqual(rows.map((r: any) => [r.run, r.score.value]), (await readJson(join(dir, 'here', 'sweep.json'))).runs.map((r: any) => [r.run, r.score.value]))
  } finally {
    await stopProcess(worker)
    await redis.stop()
  }
})
