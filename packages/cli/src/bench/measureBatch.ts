import { availableParallelism, loadavg } from 'node:os'
import { fileURLToPath } from 'node:url'
import { defaultSolver, trainingTrialSeed, type Model } from '@spikegrad/core'
import { createModelFromJson, gradientPool } from '@spikegrad/node'
import { benchDrive, benchGain, benchInputAmplitude } from './benchNetwork.js'
import { benchAtol, type BatchResult, type BatchSpec } from './benchTypes.js'
import { median } from './median.js'

/** Where the pool's worker threads resolve the plugin packages from: this package. */
const packageDir = fileURLToPath(new URL('../../', import.meta.url))

/**
 * The batch-gradient speed-up of core's gradient pool: the loss and gradient of a batch of
 * trials (auto-encoding task, theta network drawn like the benchmark's) with 2 worker threads
 * against 1 (the pool's in-process mode). Each is warmed up on one untimed run of the whole
 * batch (threads start, compose the model and let V8 optimise the hot code: a single trial
 * per thread left the threads' code colder than the in-process one's and understated the
 * speed-up by up to 0.1), then timed `repeats` times; both
 * must give the same bits for every trial.
 * @throws Error naming the problem when the model cannot be composed or a solve fails.
 */
export async function measureBatch(spec: BatchSpec, log: (line: string) => void = () => undefined): Promise<BatchResult> {
  const model = await batchModel(spec)
  const seeds = Array.from({ length: spec.trials }, (_, k) => ({ seed: trainingTrialSeed(spec.seed, 0, k) }))
  const timesMs: Record<1 | 2, number[]> = { 1: [], 2: [] }
  const sums: Record<1 | 2, Float64Array[]> = { 1: [], 2: [] }
  for (const workers of [1, 2] as const) {
    const pool = gradientPool(model, { workers, baseDir: packageDir })
    try {
      await pool.gradients(model.theta, seeds)
      for (let r = 1; r <= spec.repeats; r++) {
        const start = performance.now()
        const results = await pool.gradients(model.theta, seeds)
        timesMs[workers].push(performance.now() - start)
        const sum = new Float64Array(model.theta.length)
        for (const [k, result] of results.entries()) {
          if (result._tag === 'Left') throw new Error(`batch trial ${k} (seed ${seeds[k]}): the gradient failed: ${result.left.message}`)
          for (let i = 0; i < sum.length; i++) sum[i]! += result.right.gradient[i]!
        }
        sums[workers].push(sum)
        log(`batch of ${spec.trials}, ${workers} worker${workers === 1 ? ' (in-process)' : 's'}  ${r}/${spec.repeats}  ${(timesMs[workers].at(-1)! / 1000).toFixed(1)} s`)
      }
    } finally {
      await pool.close()
    }
  }
  const oneMs = median(timesMs[1])
  const twoMs = median(timesMs[2])
  const reference = sums[1][0]!
  return {
    kind: 'batch',
    n: spec.n,
    tMs: spec.tMs,
    trials: spec.trials,
    rtol: spec.rtol,
    solver: spec.solver ?? defaultSolver,
    repeats: spec.repeats,
    oneWorkerMs: oneMs,
    twoWorkersMs: twoMs,
    speedup: oneMs / twoMs,
    identical: [...sums[1], ...sums[2]].every((s) => s.every((v, i) => Object.is(v, reference[i]))),
    cores: availableParallelism(),
    loadAverage: loadavg()[0]!,
  }
}

/** The auto-encoding model of the batch benchmark, its weights drawn like the benchmark network's. */
async function batchModel(spec: BatchSpec): Promise<Model> {
  const json = {
    plugins: ['@spikegrad/neuron-qif', '@spikegrad/gates', '@spikegrad/losses', '@spikegrad/task-autoencode'],
    task: { name: 'autoencode', params: { channels: 2, duration: spec.tMs, correlationTime: 50, amplitude: benchInputAmplitude } },
    neuron: { name: 'qif', params: { tau_v: 2 } },
    gate: { name: 'raised-cosine', width: 0.6 * Math.PI },
    sizes: { neurons: spec.n },
    tauS: 10,
    seed: spec.seed,
    solver: { ...(spec.solver !== undefined && { solver: spec.solver }), rtol: spec.rtol, atol: benchAtol(spec.rtol), memory: spec.mode, maxSteps: 10_000_000 },
    init: { inputScale: 1, recurrentGain: benchGain, biasMin: benchDrive[0], biasMax: benchDrive[1], readoutScale: 1 },
  }
  const model = await createModelFromJson(json, packageDir)
  if (model._tag === 'Left') throw new Error(`the batch benchmark's model could not be made: ${model.left.message}`)
  return model.right
}
