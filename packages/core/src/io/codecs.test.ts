import test from 'ava'
import * as io from 'io-ts'
import { decode } from './decode.js'
import { finiteNumber, float64Array, matrix, nonNegativeInteger, nonNegativeNumber, positiveInteger, positiveNumber } from './codecs.js'

const errorsOf = <A, O>(codec: io.Type<A, O, unknown>, value: unknown, what: string): readonly string[] => {
  const result = decode(codec, value, what)
  return result._tag === 'Left' ? result.left : []
}

test('number codecs — accept what they name and reject the rest with the value shown', (t) => {
  const cases: ReadonlyArray<readonly [io.Type<number, number, unknown>, readonly unknown[], readonly unknown[], string]> = [
    [finiteNumber, [0, -1.5, 1e300], [NaN, Infinity, '1', null], 'a finite number'],
    [positiveNumber, [1e-12, 3], [0, -1, Infinity], 'a positive number'],
    [nonNegativeNumber, [0, 2.5], [-1e-12, NaN], 'a non-negative number'],
    [nonNegativeInteger, [0, 7], [-1, 1.5, 2 ** 60], 'a non-negative integer'],
    [positiveInteger, [1, 7], [0, 2.5], 'a positive integer'],
  ]
  for (const [codec, good, bad, expected] of cases) {
    for (const x of good) t.deepEqual(decode(codec, x, 'x'), { _tag: 'Right', right: x })
    for (const x of bad) {
      const shown = typeof x === 'string' ? JSON.stringify(x) : String(x)
      t.deepEqual(errorsOf(codec, x, 'config.lr'), [`config.lr: expected ${expected}, got ${shown}`])
    }
  }
})

test('float64Array — decodes number[] to a Float64Array and reports each bad element at its index', (t) => {
  const Net = io.type({ b: float64Array })
  const ok = decode(Net, { b: [1, 2.5, -3] }, 'model')
  t.true(ok._tag === 'Right' && ok.right.b instanceof Float64Array)
  t.deepEqual(ok._tag === 'Right' ? Array.from(ok.right.b) : [], [1, 2.5, -3])
  t.deepEqual(float64Array.encode(Float64Array.of(1, 2)), [1, 2])
  t.deepEqual(errorsOf(Net, { b: [1, 'x', 3, null] }, 'model'), [
    'model.b[1]: expected a finite number, got "x"',
    'model.b[3]: expected a finite number, got null',
  ])
  t.deepEqual(errorsOf(Net, { b: 'nope' }, 'model'), ['model.b: expected an array of finite numbers, got "nope"'])
})

test('matrix — decodes rows to a row-major Float64Array and encodes back', (t) => {
  const W = matrix(2, 3)
  const ok = decode(W, [[1, 2, 3], [4, 5, 6]], 'W')
  t.deepEqual(ok._tag === 'Right' ? Array.from(ok.right) : [], [1, 2, 3, 4, 5, 6])
  t.deepEqual(W.encode(Float64Array.of(1, 2, 3, 4, 5, 6)), [[1, 2, 3], [4, 5, 6]])
  t.true(W.is(new Float64Array(6)))
  t.false(W.is(new Float64Array(5)))
})

test('matrix — shape errors name the matrix, the row or the entry', (t) => {
  const Model = io.type({ weights: io.type({ W: matrix(3, 4) }) })
  const at = (W: unknown): readonly string[] => errorsOf(Model, { weights: { W } }, 'model')
  t.deepEqual(at([[1, 2, 3, 4], [1, 2, 3, 4]]), ['model.weights.W: expected 3 rows, got 2'])
  t.deepEqual(at([[1, 2, 3, 4], [1, 2, 3], 'row']), [
    'model.weights.W[1]: expected 4 columns, got 3',
    'model.weights.W[2]: expected a row of 4 numbers, got "row"',
  ])
  t.deepEqual(at([[1, 2, 3, 4], [1, 2, 3, 4], [1, 2, 'x', 4]]), ['model.weights.W[2][2]: expected a finite number, got "x"'])
  t.deepEqual(at({ rows: 3 }), [
    'model.weights.W: expected a 3×4 matrix (an array of 3 rows of 4 numbers), got {"rows":3}',
  ])
})
