import test from 'ava'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { isLeft, isRight } from 'fp-ts/lib/Either.js'
import { adamChain, dopri5, fit, initialWeights, Rng, rungeKuttaSolver, type ModelSpec, type TrialRef } from '@spikegrad/core'
import { gradientPool, type GradientPool, type PoolModel, type WorkerModule } from '@spikegrad/node'
import { buildWorkerModel, resolveWorkerModule } from '@spikegrad/node/internal'
import { buildModel } from './support/codeModel.js'
import { heunEulerPair } from './support/heunEulerPair.js'

// A model composed in code (its neuron defined in test/support/codeModel.ts, in no plugin
// package) trains on worker threads that build it from that module.

const here = fileURLToPath(new URL('.', import.meta.url))
const codeModel = join(here, 'support', 'codeModel.js')
const solve = { rtol: 1e-6, atol: 1e-8 }
const model: PoolModel = { ...buildModel(), solve }
const theta = initialWeights(model.network, new Rng(3))
const trials: TrialRef[] = [1, 2, 3, 4, 5].map((seed) => ({ seed }))

async function gradientsOn(pool: GradientPool): Promise<{ loss: number; gradient: number[] }[]> {
  try {
    return (await pool.gradients(theta, trials)).map((r) => {
      if (!isRight(r)) throw new Error(r.left.message)
      return { loss: r.right.loss, gradient: [...r.right.gradient] }
    })
  } finally {
    await pool.close()
  }
}

test('worker module — the gradients of a model composed in code are the same bits on 2 workers (built from its module) as on 1', async (t) => {
  const one = await gradientsOn(gradientPool(model, { workers: 1 }))
  const two = await gradientsOn(gradientPool(model, { workers: 2, module: { path: codeModel, export: 'buildModel' } }))
  t.true(one.some((g) => g.gradient.some((x) => x !== 0)))
  t.deepEqual(two, one)
})

test('worker module — a relative path (from baseDir), a file: URL and an async factory with an argument build the same model', async (t) => {
  const one = await gradientsOn(gradientPool(model, { workers: 1 }))
  const relative = await gradientsOn(gradientPool(model, { workers: 2, baseDir: here, module: { path: 'support/codeModel.js', export: 'buildModel' } }))
  const url = await gradientsOn(
    gradientPool(model, { workers: 2, module: { path: new URL('./support/codeModel.js', import.meta.url), export: 'buildModelLater', argument: { hidden: 6 } } }),
  )
  t.deepEqual(relative, one)
  t.deepEqual(url, one)
})

test('worker module — fit takes the pool as its gradients and ends with the bits of a run in this thread', async (t) => {
  const run = (pool?: GradientPool) =>
    fit({ network: model.network, task: model.task, theta, optimizer: adamChain(0.01), batchSize: 4, seed: 5, iterations: 2, solve, ...(pool && { gradients: pool }) })
  const inThread = await run()
  const pool = gradientPool(model, { workers: 2, module: { path: codeModel, export: 'buildModel' } })
  const onWorkers = await run(pool).finally(() => pool.close())
  if (!isRight(inThread) || !isRight(onWorkers)) return t.fail(JSON.stringify([inThread, onWorkers]))
  t.is(onWorkers.right.iteration, 2)
  t.deepEqual([...onWorkers.right.theta], [...inThread.right.theta])
  t.notDeepEqual([...onWorkers.right.theta], [...theta])
})

const failureOf = async (module: WorkerModule | undefined, of: PoolModel = model): Promise<string> => {
  const pool = gradientPool(of, { workers: 2, ...(module && { module }) })
  try {
    await pool.gradients(theta, trials.slice(0, 2))
    return 'no error'
  } catch (e) {
    return e instanceof Error ? e.message : String(e)
  } finally {
    await pool.close()
  }
}

test('worker module — each way a module can fail is named', async (t) => {
  const size = model.network.layout.size
  const failure = async (module: WorkerModule): Promise<string> => {
    const built = await buildWorkerModel(resolveWorkerModule(module, here), size, model.task.kind)
    return isLeft(built) ? built.left : 'built'
  }
  t.is(await failure({ path: 'support/noSuchModel.js' }), 'file not found; give the compiled .js file (an absolute path, a file: URL, or a path relative to baseDir)')
  t.regex(await failure({ path: codeModel, export: 'buildModle' }), /^the module has no export "buildModle" \(it exports .*"buildModel"/)
  t.is(await failure({ path: codeModel }), await failure({ path: codeModel, export: 'default' }))
  t.is(await failure({ path: codeModel, export: 'notAFunction' }), 'the export is a number (42), not a function that returns { network, task }')
  t.is(await failure({ path: codeModel, export: 'throws' }), 'the function threw: no model today')
  t.is(await failure({ path: codeModel, export: 'returnsNothing' }), 'the function returned undefined, not { network, task } (a network from createNetwork and a task)')
  t.is(await failure({ path: codeModel, export: 'returnsNetworkOnly' }), 'the function returned an object with "network", not { network, task } (a network from createNetwork and a task)')
  const bigger = buildModel({ hidden: 7 }).network.layout.size
  t.is(
    await failure({ path: codeModel, export: 'buildModel', argument: { hidden: 7 } }),
    `its network has ${bigger} parameters; the calling thread's has ${size}. Build the same network on the workers as in the calling thread`,
  )
  t.is(await failure({ path: codeModel, export: 'otherTask' }), 'its task is "sine-sum"; the calling thread\'s is "sine-product"')
  t.is(await failure({ path: codeModel, export: 'buildModelLater' }), 'built')
})

test('worker module — a pool whose workers cannot build the model rejects with the module and export it tried and why', async (t) => {
  const missing = join(here, 'support', 'noSuchModel.js')
  t.is(
    await failureOf({ path: missing, export: 'buildModel' }),
    `a gradient worker could not build the model from the module ${missing} (export "buildModel"): file not found; give the compiled .js file (an absolute path, a file: URL, or a path relative to baseDir)`,
  )
})

test('worker module — without a module the workers compose the spec, and a plugin package they cannot load is named', async (t) => {
  const spec = { plugins: ['@spikegrad/no-such-plugin'] } as unknown as ModelSpec
  const message = await failureOf(undefined, { ...model, spec })
  t.true(message.startsWith(`a gradient worker could not build the model from its spec (plugin packages: @spikegrad/no-such-plugin; resolved from ${process.cwd()}): plugins[0]: cannot load package "@spikegrad/no-such-plugin"`), message)
})

test('worker module — a model with neither a module nor a spec cannot use workers, and the error says what to give', (t) => {
  const error = t.throws(() => gradientPool(model, { workers: 2 }))
  t.is(
    error?.message,
    'gradientPool: workers must build the model themselves, and this one has no spec: give options.module, a module whose export returns { network, task } (see WorkerModule), or use workers: 0',
  )
})

test('worker module — a solver given as a value reaches the workers by its name (the same bits as in this thread); one of your own is refused for workers, saying why', async (t) => {
  const byValue: PoolModel = { ...model, solve: { ...solve, solver: dopri5 } }
  const one = await gradientsOn(gradientPool(byValue, { workers: 1 }))
  const two = await gradientsOn(gradientPool(byValue, { workers: 2, module: { path: codeModel, export: 'buildModel' } }))
  t.deepEqual(two, one)
  const heun = rungeKuttaSolver(heunEulerPair())
  const mine: PoolModel = { ...model, solve: { ...solve, solver: heun } }
  const inThread = await gradientsOn(gradientPool(mine, { workers: 1 }))
  t.true(inThread.every((g) => Number.isFinite(g.loss)), 'in this thread it runs')
  t.notDeepEqual(inThread, one, 'and it is the pair that ran')
  const error = t.throws(() => gradientPool(mine, { workers: 2, module: { path: codeModel, export: 'buildModel' } }))
  t.regex(error?.message ?? '', /^gradientPool: the solver 'heun-euler' is not one of odex, dopri5, tsit5, bs3: a solver of your own runs in this thread only \(workers ≤ 1\)/)
})
