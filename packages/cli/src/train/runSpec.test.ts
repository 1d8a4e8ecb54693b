import test from 'ava'
import { modelSpecFromV1 } from '@spikegrad/core'
import { xorRecipe } from '@spikegrad/task-xor'
import { applyOverrides, specFromRecipe } from './runSpec.js'

const base = () => specFromRecipe('xor', { pulseDelayMin: 30 }, xorRecipe, ['@spikegrad/task-xor'])

test('run spec — a task\'s recipe becomes a model specification: plugins, task parameters, the network, solver, training and run; xor\'s is the one-population model of earlier versions', (t) => {
  const spec = base()
  t.deepEqual(spec.plugins, ['@spikegrad/task-xor', '@spikegrad/neuron-qif', '@spikegrad/gates', '@spikegrad/losses'])
  t.deepEqual(spec.run, { iterations: 300, evaluateEvery: 10, evaluateTrials: 16, checkpointEvery: 5 })
  const v1 = modelSpecFromV1({
      plugins: ['@spikegrad/task-xor'],
      task: { name: 'xor', params: { pulseDelayMin: 30 } },
      neuron: { name: 'qif', params: { tau_v: 5 } },
      gate: { name: 'raised-cosine', width: 0.6 * Math.PI },
      sizes: { neurons: 80 },
      tauS: 10,
      seed: 1,
      init: { selfCoupling: 20 },
      solver: { solver: 'bs3', rtol: 1e-4, atol: 1e-6, memory: 'all' },
      training: { optimizer: { kind: 'adam' }, schedule: { kind: 'cosine', lr: 0.01, total: 300 }, batchSize: 16, clipNorm: 100 },
  })
  t.deepEqual({ task: spec.task, network: spec.network, seed: spec.seed, solver: spec.solver }, { task: v1.task, network: v1.network, seed: v1.seed, solver: v1.solver })
  // the recipe's cosine spans the run: its total is filled in when the run's length is known (prepareRun)
  t.deepEqual(spec.training, { ...v1.training, schedule: { kind: 'cosine', lr: 0.01 } })
  t.not(spec.network, xorRecipe.network, 'the recipe is copied, not shared')
  const hidden = base().network.populations[0]!
  t.deepEqual([hidden.name, hidden.size, hidden.neuron, hidden.tauS], ['hidden', 80, { name: 'qif', params: { tau_v: 5 } }, 10])
  t.deepEqual(base().network.projections?.[1]?.init, { kind: 'normal', gain: 1, diagonal: 20 })
})

test('run spec — --neurons resizes the population "hidden" and is refused for a network without one', (t) => {
  const spec = base()
  const renamed = { ...spec, network: { ...spec.network, populations: spec.network.populations.map((p: (typeof spec.network.populations)[number]) => ({ ...p, name: 'exc' })) } }
  const e = t.throws(() => applyOverrides(renamed, { neurons: 8 }))
  t.regex(e?.message ?? '', /--neurons sets the size of the population "hidden", and this network has none \(exc\)/)
})

test('run spec — options override the specification: neurons, seed, batch, lr, clip norm, rtol (atol = rtol/100) and task parameters merged', (t) => {
  const spec = applyOverrides(base(), { neurons: 8, seed: 9, batch: 2, lr: 0.05, clipNorm: 7, rtol: 1e-6, taskParams: { pulseDelayMax: 40 } })
  t.is(spec.network.populations[0]!.size, 8)
  t.is(spec.seed, 9)
  t.is(spec.training?.batchSize, 2)
  t.is(spec.training?.clipNorm, 7)
  t.deepEqual(spec.training?.schedule, { kind: 'cosine', lr: 0.05 })
  t.deepEqual(spec.solver, { solver: 'bs3', rtol: 1e-6, atol: 1e-8, memory: 'all' })
  t.deepEqual(spec.task.params, { pulseDelayMin: 30, pulseDelayMax: 40 })
  t.deepEqual(applyOverrides(base(), {}), base())
})

test('run spec — --lr keeps the kind of a specification\'s schedule and sets its initial rate', (t) => {
  const cosine = { ...base(), training: { schedule: { kind: 'cosine', lr: 0.1, total: 100 } } }
  t.deepEqual(applyOverrides(cosine, { lr: 0.02 }).training?.schedule, { kind: 'cosine', lr: 0.02, total: 100 })
  const none = { ...base(), training: {} }
  t.deepEqual(applyOverrides(none, { lr: 0.02 }).training?.schedule, { kind: 'constant', lr: 0.02 })
})

test('run spec — --lr-schedule replaces the schedule: cosine annealing over the given total from --lr, else from the specification\'s rate', (t) => {
  t.deepEqual(applyOverrides(base(), { lrSchedule: { kind: 'cosine', total: 40 } }).training?.schedule, { kind: 'cosine', total: 40, lr: 0.01 })
  t.deepEqual(applyOverrides(base(), { lr: 0.02 }).training?.schedule, { kind: 'cosine', lr: 0.02 })
  t.deepEqual(applyOverrides(base(), { lrSchedule: { kind: 'constant' } }).training?.schedule, { kind: 'constant', lr: 0.01 })
  t.deepEqual(applyOverrides(base(), { lr: 0.03, lrSchedule: { kind: 'cosine', total: 50 } }).training?.schedule, { kind: 'cosine', total: 50, lr: 0.03 })
  const step = { ...base(), training: { schedule: { kind: 'step', lr: 0.2, factor: 0.5, every: 10 } } }
  t.deepEqual(applyOverrides(step, { lrSchedule: { kind: 'constant' } }).training?.schedule, { kind: 'constant', lr: 0.2 })
  const none = { ...base(), training: {} }
  t.deepEqual(applyOverrides(none, { lrSchedule: { kind: 'constant' } }).training?.schedule, { kind: 'constant', lr: 0.01 })
})

test('run spec — --iterations and --epochs set the run\'s length, each dropping the other; the run\'s other settings are kept or overridden', (t) => {
  t.deepEqual(applyOverrides(base(), { iterations: 50 }).run, { iterations: 50, evaluateEvery: 10, evaluateTrials: 16, checkpointEvery: 5 })
  const epochs = applyOverrides(base(), { epochs: 4, evaluateEvery: 0, checkpointEvery: 2 }).run
  t.deepEqual(epochs, { epochs: 4, evaluateEvery: 0, evaluateTrials: 16, checkpointEvery: 2 })
  t.deepEqual(applyOverrides({ ...base(), run: { epochs: 3, keepBest: true } }, { iterations: 7 }).run, { iterations: 7, keepBest: true })
})

test('run spec — --neuron swaps the neuron of "hidden" (its own defaults, the gate placed by the new neuron), --neuron-param sets its parameters, --gate and --gate-width the gate', (t) => {
  const placed = { ...base(), network: { ...base().network, populations: base().network.populations.map((p) => ({ ...p, gate: { ...p.gate, center: 3, period: 6 }, train: { tauS: true, params: ['tau_v'] } })) } }
  const lif = applyOverrides(placed, { neuron: 'lif' }).network.populations[0]!
  t.deepEqual(lif.neuron, { name: 'lif' })
  t.deepEqual(lif.gate, { name: 'raised-cosine', width: 0.6 * Math.PI }, 'the old neuron\'s gate centre and period are dropped')
  t.deepEqual(lif.train, { tauS: true }, 'the old neuron\'s trained parameters are dropped')
  const tuned = applyOverrides(placed, { neuron: 'lif', neuronParams: { tau_m: 20 }, gate: 'poly-bump', gateWidth: 0.3 }).network.populations[0]!
  t.deepEqual([tuned.neuron, tuned.gate], [{ name: 'lif', params: { tau_m: 20 } }, { name: 'poly-bump', width: 0.3 }])
  const same = applyOverrides(placed, { neuronParams: { tau_v: 3 } }).network.populations[0]!
  t.deepEqual([same.neuron, same.gate.center, same.train], [{ name: 'qif', params: { tau_v: 3 } }, 3, { tauS: true, params: ['tau_v'] }], 'the same neuron keeps its placement')
  const gateOnly = applyOverrides(placed, { gateWidth: 1 }).network.populations[0]!
  t.deepEqual(gateOnly.gate, { name: 'raised-cosine', width: 1, center: 3, period: 6 })
})

test('run spec — --structure sets solver.structure and keeps the rest of the solver settings', (t) => {
  t.deepEqual(applyOverrides(base(), { structure: 'blocks' }).solver, { solver: 'bs3', rtol: 1e-4, atol: 1e-6, memory: 'all', structure: 'blocks' })
  t.deepEqual(applyOverrides(base(), { structure: 'monolithic', rtol: 1e-6 }).solver, { solver: 'bs3', rtol: 1e-6, atol: 1e-8, memory: 'all', structure: 'monolithic' })
})
