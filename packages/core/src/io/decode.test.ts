import test from 'ava'
import * as io from 'io-ts'
import { decode } from './decode.js'

const Model = io.type({
  tauS: io.number,
  weights: io.type({ W: io.array(io.number), b: io.array(io.number) }),
  neuron: io.union([io.literal('qif'), io.literal('lif')]),
  extra: io.partial({ 'odd key': io.string }),
})

const errorsOf = <A>(codec: io.Type<A, unknown, unknown>, value: unknown, what: string): readonly string[] => {
  const result = decode(codec, value, what)
  return result._tag === 'Left' ? result.left : []
}

test('decode — a valid value comes back as it is', (t) => {
  const value = { tauS: 10, weights: { W: [1, 2], b: [0] }, neuron: 'qif', extra: {} }
  t.deepEqual(decode(Model, value, 'model'), { _tag: 'Right', right: value })
})

test('decode — each problem is one line naming the field path, what was expected and what was found', (t) => {
  const value = { tauS: '10', weights: { W: [1, 2, 3, 'x'], b: null }, neuron: 'qif', extra: { 'odd key': 3 } }
  t.deepEqual(errorsOf(Model, value, 'model'), [
    'model.tauS: expected a number, got "10"',
    'model.weights.W[3]: expected a number, got "x"',
    'model.weights.b: expected an Array<number>, got null',
    'model.extra["odd key"]: expected a string, got 3',
  ])
})

test('decode — a missing field says so, and a union is reported once under its own name', (t) => {
  t.deepEqual(errorsOf(Model, { weights: { W: [], b: [] }, neuron: 'hh', extra: {} }, 'model'), [
    'model.tauS: expected a number, got nothing (the field is missing)',
    'model.neuron: expected ("qif" | "lif"), got "hh"',
  ])
})

test('decode — a wrong root is reported at the root name', (t) => {
  t.deepEqual(errorsOf(io.type({ a: io.number }), 42, 'config'), ['config: expected { a: number }, got 42'])
})
