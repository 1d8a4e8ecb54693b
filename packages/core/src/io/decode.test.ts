import test from 'ava'
import * as io from 'io-ts'
import { decode, decodeStrict } from './decode.js'

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

test('decode — "__proto__" and "constructor" are refused like any other unknown field, at the top and inside', (t) => {
  const value = JSON.parse('{"tauS": 1, "weights": {"W": [], "b": [], "constructor": 1}, "neuron": "qif", "extra": {}, "__proto__": {"polluted": 1}, "constructor": {}}') as unknown
  const r = decodeStrict(Model, value, 'model')
  if (r._tag === 'Right') return t.fail('accepted')
  t.deepEqual(
    r.left.issues.map((i) => `${i.at}: ${i.problem} (${i.code})`),
    ['model.weights.constructor: unknown field (unknown-field)', 'model.__proto__: unknown field (unknown-field)', 'model.constructor: unknown field (unknown-field)'],
  )
  t.is(({} as { polluted?: number }).polluted, undefined, 'nothing polluted')
  const clean = decodeStrict(Model, { tauS: 1, weights: { W: [], b: [] }, neuron: 'qif', extra: {} }, 'model')
  t.is(clean._tag, 'Right', 'the control: the same value without them is accepted')
})
