import * as t from 'io-ts'
import { showValue } from './decode.js'

/**
 * Reusable io-ts codecs for model and configuration files. Their names read well in the
 * messages of `decode` ("expected a positive number, got -1"). Arrays of numbers decode to
 * Float64Array (and encode back to plain number[] for JSON).
 */

// constructors

const numberCodec = (name: string, accept: (x: number) => boolean): t.Type<number, number, unknown> =>
  new t.Type<number, number, unknown>(
    name,
    (u): u is number => typeof u === 'number' && accept(u),
    (u, c) => (typeof u === 'number' && accept(u) ? t.success(u) : t.failure(u, c)),
    t.identity,
  )

/** A finite number (no NaN, no ±Infinity). */
export const finiteNumber = numberCodec('finite number', Number.isFinite)

/** A finite number x > 0 (time constants, learning rates). */
export const positiveNumber = numberCodec('positive number', (x) => Number.isFinite(x) && x > 0)

/** A finite number x ≥ 0 (costs, floors). */
export const nonNegativeNumber = numberCodec('non-negative number', (x) => Number.isFinite(x) && x >= 0)

/** An integer n ≥ 0 within the safe-integer range (counts, iterations, seeds). */
export const nonNegativeInteger = numberCodec('non-negative integer', (x) => Number.isSafeInteger(x) && x >= 0)

/** An integer n ≥ 1 within the safe-integer range (sizes, periods in iterations). */
export const positiveInteger = numberCodec('positive integer', (x) => Number.isSafeInteger(x) && x >= 1)

/** A number in (0, 1] (decay factors: 1 keeps the value, smaller shrinks it). */
export const positiveFraction = numberCodec('number in (0, 1]', (x) => x > 0 && x <= 1)

/** A number in [0, 1) (averaging and momentum coefficients). */
export const fractionBelowOne = numberCodec('number in [0, 1)', (x) => x >= 0 && x < 1)

/** A relative tolerance in [1e-14, 0.1]: below, rounding dominates; above, a solve is too coarse to mean anything. */
export const relativeTolerance = numberCodec('relative tolerance in [1e-14, 0.1]', (x) => x >= 1e-14 && x <= 0.1)

/** An absolute tolerance in [1e-300, 1] (in the units of the state: mV, or dimensionless). */
export const absoluteTolerance = numberCodec('absolute tolerance in [1e-300, 1]', (x) => x >= 1e-300 && x <= 1)

/** A learning rate in [1e-12, 10]: below, no step changes a weight; above, a step of more than 10 × the gradient is no descent. */
export const learningRate = numberCodec('learning rate in [1e-12, 10]', (x) => x >= 1e-12 && x <= 10)

/** Trials per step, in [1, 100000]. */
export const batchSize = numberCodec('integer in [1, 100000]', (x) => Number.isSafeInteger(x) && x >= 1 && x <= 100_000)

/** A trial's length in ms, in (0, 100000]: 100 s of simulated time bounds a solve before it starts. */
export const trialDuration = numberCodec('duration in (0, 100000] ms', (x) => x > 0 && x <= 100_000)

/** A solver's step budget, in [1, 10000000]. */
export const stepBudget = numberCodec('integer in [1, 10000000]', (x) => Number.isSafeInteger(x) && x >= 1 && x <= 10_000_000)

/** A count of interpolation or quadrature nodes, in [1, 1000]. */
export const nodeCount = numberCodec('integer in [1, 1000]', (x) => Number.isSafeInteger(x) && x >= 1 && x <= 1000)

/**
 * A vector: a JSON array of finite numbers (or a Float64Array), decoded to a new Float64Array;
 * encodes back to number[]. A bad element is reported at its index, e.g. `b[3]`.
 */
export const float64Array: t.Type<Float64Array, number[], unknown> = new t.Type<Float64Array, number[], unknown>(
  'array of finite numbers',
  (u): u is Float64Array => u instanceof Float64Array,
  (u, c) => {
    const items: ArrayLike<unknown> | undefined = Array.isArray(u) || u instanceof Float64Array ? u : undefined
    if (items === undefined) return t.failure(u, c)
    const errors = elementErrors(items, c)
    return errors.length > 0 ? t.failures(errors) : t.success(Float64Array.from(items as ArrayLike<number>))
  },
  (a) => Array.from(a),
)

/**
 * A rows × cols matrix written as an array of rows (number[][]), decoded to a row-major
 * Float64Array (entry (i, j) at i·cols + j) and encoded back to number[][]. Shape errors name
 * the offending place: `W: expected 3 rows, got 2`, `W[1]: expected 4 columns, got 3`,
 * `W[1][2]: expected a finite number, got "x"`.
 */
export function matrix(rows: number, cols: number): t.Type<Float64Array, number[][], unknown> {
  const name = `${rows}×${cols} matrix`
  return new t.Type<Float64Array, number[][], unknown>(
    name,
    (u): u is Float64Array => u instanceof Float64Array && u.length === rows * cols,
    (u, c) => {
      if (!Array.isArray(u)) {
        return t.failure(u, c, `expected a ${name} (an array of ${rows} rows of ${cols} numbers), got ${showValue(u)}`)
      }
      if (u.length !== rows) return t.failure(u, c, `expected ${rows} rows, got ${u.length}`)
      const errors: t.ValidationError[] = []
      const out = new Float64Array(rows * cols)
      u.forEach((row: unknown, i) => {
        const rc = t.appendContext(c, String(i), float64Array, row)
        if (!Array.isArray(row)) {
          errors.push({ value: row, context: rc, message: `expected a row of ${cols} numbers, got ${showValue(row)}` })
        } else if (row.length !== cols) {
          errors.push({ value: row, context: rc, message: `expected ${cols} columns, got ${row.length}` })
        } else {
          const bad = elementErrors(row, rc)
          if (bad.length > 0) errors.push(...bad)
          else out.set(row as number[], i * cols)
        }
      })
      return errors.length > 0 ? t.failures(errors) : t.success(out)
    },
    (a) => Array.from({ length: rows }, (_, i) => Array.from(a.subarray(i * cols, (i + 1) * cols))),
  )
}

// internals

function elementErrors(items: ArrayLike<unknown>, c: t.Context): t.ValidationError[] {
  const errors: t.ValidationError[] = []
  for (let i = 0; i < items.length; i++) {
    const x = items[i]
    if (typeof x !== 'number' || !Number.isFinite(x)) {
      errors.push({ value: x, context: t.appendContext(c, String(i), finiteNumber, x) })
    }
  }
  return errors
}
