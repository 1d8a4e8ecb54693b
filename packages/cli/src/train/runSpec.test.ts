import test from 'ava'
import { modelSpecFromV1 } from '@spikegrad/core'
import { applyOverrides, specFromDefaults } from './runSpec.js'
import { trainDefaults } from './trainDefaults.js'

const base = () => specFromDefaults('xor', { pulseDelayMin: 30 }, trainDefaults('xor', {}), ['@spikegrad/task-xor'])

test('run spec — a task\'s defaults become a model specification: plugins, task parameters, one recurrent population, initial weights, solver and training', (t) => {
  t.deepEqual(
    base(),
    modelSpecFromV1({
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
    }),
  )
  const hidden = base().network.populations[0]!
  t.deepEqual([hidden.name, hidden.size, hidden.neuron, hidden.tauS], ['hidden', 80, { name: 'qif', params: { tau_v: 5 } }, 10])
  t.deepEqual(base().network.projections?.[1]?.init, { kind: 'normal', gain: 1, diagonal: 20 })
})

test('run spec — --neurons resizes the population "hidden" and is refused for a network without one', (t) => {
  const spec = base()
  const renamed = { ...spec, network: { ...spec.network, populations: spec.network.populations.map((p) => ({ ...p, name: 'exc' })) } }
  const e = t.throws(() => applyOverrides(renamed, { neurons: 8 }))
  t.regex(e?.message ?? '', /--neurons sets the size of the population "hidden", and this network has none \(exc\)/)
})

test('run spec — options override the specification: neurons, seed, batch, lr, clip norm, rtol (atol = rtol/100) and task parameters merged', (t) => {
  const spec = applyOverrides(base(), { neurons: 8, seed: 9, batch: 2, lr: 0.05, clipNorm: 7, rtol: 1e-6, taskParams: { pulseDelayMax: 40 } })
  t.is(spec.network.populations[0]!.size, 8)
  t.is(spec.seed, 9)
  t.is(spec.training?.batchSize, 2)
  t.is(spec.training?.clipNorm, 7)
  t.deepEqual(spec.training?.schedule, { kind: 'cosine', lr: 0.05, total: 300 })
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
  t.deepEqual(applyOverrides(base(), { lrSchedule: { kind: 'constant' } }).training?.schedule, { kind: 'constant', lr: 0.01 })
  t.deepEqual(applyOverrides(base(), { lr: 0.03, lrSchedule: { kind: 'cosine', total: 50 } }).training?.schedule, { kind: 'cosine', total: 50, lr: 0.03 })
  const step = { ...base(), training: { schedule: { kind: 'step', lr: 0.2, factor: 0.5, every: 10 } } }
  t.deepEqual(applyOverrides(step, { lrSchedule: { kind: 'constant' } }).training?.schedule, { kind: 'constant', lr: 0.2 })
  const none = { ...base(), training: {} }
  t.deepEqual(applyOverrides(none, { lrSchedule: { kind: 'constant' } }).training?.schedule, { kind: 'constant', lr: 0.01 })
})
