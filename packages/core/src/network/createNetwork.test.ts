import test from 'ava'
import { isLeft, isRight } from 'fp-ts/lib/Either.js'
import { toyGate, toyLoss, toyNeuron } from '../plugin/check/toyPlugins.fixture.js'
import type { Neuron } from '../plugin/neuron.js'
import { formatIssue } from '../util/invalid.js'
import { createNetwork } from './createNetwork.js'
import type { NetworkSpec, PopulationSpec } from './networkSpec.js'

const pop = (name: string, size: number, extra: Partial<PopulationSpec> = {}): PopulationSpec => ({
  name,
  size,
  neuron: toyNeuron(),
  gate: { shape: toyGate, width: 0.4 },
  tauS: 5,
  ...extra,
})

const twoLayers = (): NetworkSpec => ({
  inputs: [
    { name: 'in', kind: 'spikes', size: 3, tauS: 4 },
    { name: 'cue', kind: 'analog', size: 2 },
  ],
  populations: [pop('hidden', 4), pop('out', 2, { tauS: 7 })],
  projections: [
    { from: 'in', to: 'hidden' },
    { from: 'cue', to: 'hidden', connectivity: { indices: [[0, 1], [3, 0]] } },
    { from: 'hidden', to: 'out', trained: false },
  ],
  readout: { size: 2, from: ['out', 'hidden'] },
  losses: [toyLoss()],
})

const issuesOf = (spec: NetworkSpec): string[] => {
  const r = createNetwork(spec)
  return isLeft(r) ? r.left.issues.map(formatIssue) : []
}

test('createNetwork — lays out y as [x per population | traces | spike-input traces] and θ as projections, biases, readout', (t) => {
  const r = createNetwork(twoLayers())
  if (!isRight(r)) return t.fail(r.left.message)
  const net = r.right
  const m = toyNeuron().stateNames.length
  t.is(net.layout.neurons, 6)
  t.is(net.layout.traceBase, 6 * m)
  t.is(net.layout.stateSize, 6 * m + 6 + 3)
  t.deepEqual(net.populations.map((p) => [p.stateOffset, p.traceOffset, p.neuronOffset]), [
    [0, 6 * m, 0],
    [4 * m, 6 * m + 4, 4],
  ])
  t.deepEqual(net.inputs.map((c) => [c.kind, c.channelOffset, c.traceOffset]), [
    ['spikes', 0, 6 * m + 6],
    ['analog', 0, -1],
  ])
  t.is(net.layout.analogChannels, 2)
  t.is(net.layout.spikeChannels, 3)
  t.deepEqual(
    net.layout.blocks.map((b) => [b.name, b.kind, b.length, b.trainable]),
    [
      ['hidden<-in', 'projection', 12, true],
      ['hidden<-cue', 'projection', 2, true],
      ['out<-hidden', 'projection', 8, false],
      ['bias:hidden', 'bias', 4, true],
      ['bias:out', 'bias', 2, true],
      ['readout<-out', 'readout', 4, true],
      ['readout<-hidden', 'readout', 8, true],
    ],
  )
  t.is(net.layout.size, 12 + 2 + 8 + 4 + 2 + 4 + 8)
  t.deepEqual(net.projections[1]!.pattern.kind, 'sparse')
})

test('createNetwork — trained tau_s and neuron parameters get blocks of their own; a frozen bias keeps its block, an absent one has none', (t) => {
  const spec: NetworkSpec = {
    populations: [pop('a', 3, { train: { tauS: true, params: ['tau_w'] }, bias: 'frozen' }), pop('b', 2, { bias: 'none' })],
    projections: [{ from: 'a', to: 'b' }],
    readout: { size: 1, from: ['b'] },
    losses: [toyLoss()],
  }
  const r = createNetwork(spec)
  if (!isRight(r)) return t.fail(r.left.message)
  t.deepEqual(
    r.right.layout.blocks.map((b) => [b.name, b.trainable]),
    [
      ['b<-a', true],
      ['bias:a', false],
      ['readout<-b', true],
      ['tau_s:a', true],
      ['tau_w:a', true],
    ],
  )
  t.is(r.right.populations[1]!.biasOffset, -1)
})

test('createNetwork — every problem is named by its path, with the fix where there is one', (t) => {
  const base = twoLayers()
  t.deepEqual(issuesOf({ ...base, populations: [] }), ['populations: give at least one population'])
  t.deepEqual(issuesOf({ ...base, populations: [pop('hidden', 0), pop('out', 2)] }), ['populations[0].size: must be a positive integer, got 0'])
  t.deepEqual(issuesOf({ ...base, populations: [pop('hidden', 4), pop('hidden', 2)] }), [
    'populations[1].name: "hidden" is already the name of populations[0]; give every population and input group its own name',
  ])
  t.deepEqual(issuesOf({ ...base, populations: [pop('hidden', 4), pop('out', 2e9)] }), [
    'populations[1].size: 2000000000 is more than the 1000000 allowed',
    'populations: the state has 6000000015 entries, more than the 16777216 allowed',
  ])
  t.deepEqual(issuesOf({ ...base, projections: [{ from: 'in', to: 'nowhere' }] }), ['projections[0].to: "nowhere" is not a population; name one of: hidden, out'])
  t.deepEqual(issuesOf({ ...base, projections: [{ from: 'in', to: 'hidden' }, { from: 'in', to: 'hidden' }] }), [
    'projections[1]: a second projection from "in" to "hidden"; merge the two into one',
  ])
  t.deepEqual(issuesOf({ ...base, projections: [{ from: 'hidden', to: 'out', dale: true }] }), [
    'projections[0].dale: the source "hidden" declares no sign; give "hidden" a sign ("excitatory", "inhibitory" or one ±1 per neuron)',
  ])
  t.deepEqual(issuesOf({ ...base, projections: [{ from: 'hidden', to: 'out', connectivity: { mask: [[1, 0, 2, 0], [1, 1, 1, 1]] } }] }), [
    'projections[0].connectivity.mask[0][2]: must be 0 or 1, got 2',
  ])
  t.deepEqual(issuesOf({ ...base, projections: [{ from: 'hidden', to: 'out', init: { kind: 'normal', gain: 1, diagonal: 3 } }] }), [
    'projections[0].init.diagonal: only a projection from a population to itself has a diagonal',
  ])
  t.deepEqual(issuesOf({ ...base, readout: { size: 2, from: ['cue'] } }), ['readout.from[0]: "cue" is not a population'])
  t.deepEqual(issuesOf({ ...base, inputs: [{ name: 'in', kind: 'spikes', size: 3, tauS: 0 }] }).slice(0, 1), [
    'inputs[0].tauS: must be a positive number of ms (the time constant of the input traces), got 0',
  ])
  t.deepEqual(issuesOf({ ...base, losses: [] }), ['losses: give at least one loss term (e.g. mseLoss())'])
  t.deepEqual(issuesOf({ ...base, populations: [pop('hidden', 4, { train: { params: ['speed'] } }), pop('out', 2)] }), [
    'populations[0].train.params: "speed" is not a parameter of neuron "toy"; name one of: tau_m, tau_w, c, v_th, v_r, b',
  ])
})

test('createNetwork — a population takes its neuron\'s own parameter values unless it gives others, and checks them', (t) => {
  const made: Neuron = { ...toyNeuron(), defaults: Float64Array.of(4, 7, 0.4, 1.5, -0.5, 0.3) }
  const r = createNetwork({ populations: [pop('a', 2, { neuron: made, params: { c: 0.2 } })], readout: { size: 0, from: [] }, losses: [toyLoss()] })
  if (!isRight(r)) return t.fail(r.left.message)
  t.deepEqual(Array.from(r.right.populations[0]!.params), [4, 7, 0.2, 1.5, -0.5, 0.3])
  t.deepEqual(issuesOf({ populations: [pop('a', 2, { params: { speed: 1 } })], readout: { size: 0, from: [] }, losses: [toyLoss()] }), [
    'populations[0].params: neuron "toy": unknown parameter "speed" (known: tau_m, tau_w, c, v_th, v_r, b)',
  ])
})

test('createNetwork — a neuron that is not one is refused without touching it', (t) => {
  const notANeuron = { kind: 'x' } as unknown as Neuron
  t.deepEqual(issuesOf({ populations: [pop('a', 2, { neuron: notANeuron })], readout: { size: 0, from: [] }, losses: [toyLoss()] }), [
    'populations[0].neuron: must be a Neuron (the object a neuron factory returns, e.g. lifNeuron())',
  ])
})

test('createNetwork — the initial state of each population goes to its place in y', (t) => {
  const m = toyNeuron().stateNames.length
  const x = (base: number, N: number) => Array.from({ length: (m + 1) * N }, (_, i) => base + i)
  const r = createNetwork({ ...twoLayers(), populations: [pop('hidden', 4, { initialState: x(100, 4) }), pop('out', 2, { initialState: x(200, 2) })] })
  if (!isRight(r)) return t.fail(r.left.message)
  const y0 = r.right.initialState
  t.deepEqual(Array.from(y0.subarray(0, 4 * m)), x(100, 4).slice(0, 4 * m))
  t.deepEqual(Array.from(y0.subarray(4 * m, 6 * m)), x(200, 2).slice(0, 2 * m))
  t.deepEqual(Array.from(y0.subarray(6 * m, 6 * m + 4)), x(100, 4).slice(4 * m))
  t.deepEqual(Array.from(y0.subarray(6 * m + 4, 6 * m + 6)), x(200, 2).slice(2 * m))
  t.deepEqual(Array.from(y0.subarray(6 * m + 6)), [0, 0, 0])
  t.deepEqual(issuesOf({ ...twoLayers(), populations: [pop('hidden', 4, { initialState: [1, 2] }), pop('out', 2)] }), [
    `populations[0].initialState: must have ${(m + 1) * 4} entries ((${m} neuron variables + 1 trace) × 4 neurons), got 2`,
  ])
})
