import test from 'ava'
import { isLeft, isRight } from 'fp-ts/lib/Either.js'
import { toyGate, toyLoss, toyNeuron } from '../plugin/check/toyPlugins.fixture.js'
import { formatIssue } from '../util/invalid.js'
import { Rng } from '../util/rng.js'
import { connectivityPattern, patternCoordinates } from './connectivityPattern.js'
import { createNetwork } from './createNetwork.js'
import { initialWeights } from './initialWeights.js'
import type { Network } from './network.js'
import { constraintViolation, projectConstraints } from './networkConstraints.js'
import type { NetworkSpec } from './networkSpec.js'
import { packWeights, projectionMatrix, unpackWeights } from './weights.js'

const spec = (): NetworkSpec => ({
  inputs: [{ name: 'in', kind: 'analog', size: 2 }],
  populations: [
    { name: 'exc', size: 3, neuron: toyNeuron(), gate: { shape: toyGate, width: 0.4 }, tauS: 5, sign: 'excitatory' },
    { name: 'inh', size: 2, neuron: toyNeuron(), gate: { shape: toyGate, width: 0.4 }, tauS: 5, sign: [-1, -1] },
  ],
  projections: [
    { from: 'in', to: 'exc' },
    { from: 'exc', to: 'exc', connectivity: { mask: [[0, 1, 1], [1, 0, 1], [0, 0, 0]] }, dale: true },
    { from: 'inh', to: 'exc', dale: true },
    { from: 'exc', to: 'inh', connectivity: { indices: [[1, 2], [0, 0]] }, dale: true },
  ],
  readout: { size: 1, from: ['exc'] },
  losses: [toyLoss()],
})
const made = (): Network => {
  const r = createNetwork(spec())
  if (!isRight(r)) throw new Error(r.left.message)
  return r.right
}

test('weights — unpack then pack gives θ back bit for bit; dense blocks are rows, sparse ones [target, source, value] triples', (t) => {
  const net = made()
  const theta = initialWeights(net, new Rng(9))
  const w = unpackWeights(net, theta)
  t.deepEqual(Object.keys(w), net.layout.blocks.map((b) => b.name))
  t.deepEqual((w['exc<-in'] as number[][]).map((r) => r.length), [2, 2, 2])
  t.deepEqual((w['exc<-exc'] as number[][]).map((e) => e.slice(0, 2)), [[0, 1], [0, 2], [1, 0], [1, 2]])
  t.deepEqual((w['inh<-exc'] as number[][]).map((e) => e.slice(0, 2)), [[0, 0], [1, 2]], 'in the pattern\'s order, rows first')
  const back = packWeights(net, JSON.parse(JSON.stringify(w)))
  if (!isRight(back)) return t.fail(back.left.message)
  t.deepEqual(Array.from(back.right), Array.from(theta))
})

test('weights — a missing block, an unknown one, a bad entry and an entry outside the connectivity are each named', (t) => {
  const net = made()
  const w = unpackWeights(net, initialWeights(net, new Rng(9))) as Record<string, unknown>
  const issues = (edit: (x: Record<string, any>) => void): string[] => {
    const copy = JSON.parse(JSON.stringify(w))
    edit(copy)
    const r = packWeights(net, copy)
    return isLeft(r) ? r.left.issues.map(formatIssue) : []
  }
  t.deepEqual(issues((x) => delete x['bias:inh']), ['weights["bias:inh"]: is missing; give the 2 numbers'])
  t.deepEqual(issues((x) => (x['exc<-im'] = [])), ['weights["exc<-im"]: is not a block of this network; its blocks are exc<-in, exc<-exc, exc<-inh, inh<-exc, bias:exc, bias:inh, readout<-exc'])
  t.deepEqual(issues((x) => (x['exc<-in'][1][0] = 'x')), ['weights["exc<-in"][1][0]: must be a finite number, got "x"'])
  t.deepEqual(issues((x) => (x['exc<-exc'][0] = [2, 2, 0.5])), ['weights["exc<-exc"][0]: [2, 2] is not an entry of the projection\'s connectivity'])
  t.deepEqual(issues((x) => x['exc<-exc'].pop()), ['weights["exc<-exc"]: the entry [1, 2] of its connectivity is missing (1 missing in all)'])
})

test('weights — the dense matrix of a masked projection has zeros off its pattern', (t) => {
  const net = made()
  const theta = initialWeights(net, new Rng(2))
  const { rows, cols, values } = projectionMatrix(net, 'exc<-exc', theta)
  t.deepEqual([rows, cols], [3, 3])
  t.deepEqual([values[0], values[4], values[6], values[7], values[8]], [0, 0, 0, 0, 0])
  t.true(values[1] !== 0 && values[5] !== 0)
})

test('initial weights — under Dale\'s law each weight has its source neuron\'s sign; the projection onto the constraints clips the others to 0', (t) => {
  const net = made()
  const theta = initialWeights(net, new Rng(4))
  t.is(constraintViolation(net, theta), 0)
  const blocks = Object.fromEntries(net.layout.blocks.map((b) => [b.name, b]))
  const inhExc = blocks['exc<-inh']!
  t.true(Array.from(theta.subarray(inhExc.offset, inhExc.offset + inhExc.length)).every((w) => w <= 0))
  const moved = Float64Array.from(theta, (w, i) => (i >= inhExc.offset && i < inhExc.offset + inhExc.length ? Math.abs(w) + 0.1 : w))
  t.true(constraintViolation(net, moved) > 0)
  projectConstraints(net, moved)
  t.is(constraintViolation(net, moved), 0)
  t.true(Array.from(moved.subarray(inhExc.offset, inhExc.offset + inhExc.length)).every((w) => w === 0))
  const inExc = blocks['exc<-in']!
  t.deepEqual(Array.from(moved.subarray(inExc.offset, inExc.offset + inExc.length)), Array.from(theta.subarray(inExc.offset, inExc.offset + inExc.length)), 'unconstrained blocks are untouched')
})

test('connectivity — a probability draws each entry independently from its seed: the same seed the same pattern, about p of the entries', (t) => {
  const a = connectivityPattern({ probability: 0.1, seed: 3 }, 100, 100)
  const b = connectivityPattern({ probability: 0.1, seed: 3 }, 100, 100)
  const c = connectivityPattern({ probability: 0.1, seed: 4 }, 100, 100)
  if (Array.isArray(a) || Array.isArray(b) || Array.isArray(c)) return t.fail('not drawn')
  t.deepEqual(Array.from(patternCoordinates(a).col), Array.from(patternCoordinates(b).col))
  t.notDeepEqual(Array.from(patternCoordinates(a).col), Array.from(patternCoordinates(c).col))
  t.true(Math.abs(a.entries / 10000 - 0.1) < 0.015, `${a.entries} entries`)
  t.deepEqual(connectivityPattern({ probability: 1.5 }, 2, 2), [{ at: 'probability', problem: 'must be a number in (0, 1], got 1.5' }])
  t.deepEqual(connectivityPattern({ indices: [[0, 0], [0, 0]] }, 2, 2), [{ at: 'indices', problem: 'the pair [0, 0] is given twice' }])
})
