import test from 'ava'
import { clipGradientNorm } from './clipGradientNorm.js'

const norm = (g: Float64Array): number => Math.hypot(...g)

test('clipGradientNorm — scales a long gradient to maxNorm, keeping its direction, and returns the norm before', (t) => {
  const g = Float64Array.of(3, -4, 12) // norm 13
  t.is(clipGradientNorm(g, 6.5), 13)
  t.true(Math.abs(norm(g) - 6.5) <= 4 * Number.EPSILON * 6.5, `norm after ${norm(g)}`)
  t.deepEqual(Array.from(g), [1.5, -2, 6])
})

test('clipGradientNorm — leaves a short gradient exactly as it is', (t) => {
  const g = Float64Array.of(3, -4)
  t.is(clipGradientNorm(g, 5), 5)
  t.deepEqual(Array.from(g), [3, -4])
  t.is(clipGradientNorm(new Float64Array(3), 1), 0)
  t.is(clipGradientNorm(Float64Array.of(1e300, 1e300), Infinity), Math.SQRT2 * 1e300)
})

test('clipGradientNorm — huge entries do not overflow; NaN or Infinity is returned and nothing scaled', (t) => {
  const g = Float64Array.of(3e200, 4e200)
  t.true(Math.abs(clipGradientNorm(g, 1) - 5e200) <= 1e-15 * 5e200)
  t.true(Math.abs(norm(g) - 1) < 1e-15)
  const bad = Float64Array.of(1, NaN, 2)
  t.true(Number.isNaN(clipGradientNorm(bad, 1)))
  t.deepEqual(Array.from(bad), [1, NaN, 2])
  const inf = Float64Array.of(1, -Infinity)
  t.is(clipGradientNorm(inf, 1), Infinity)
  t.deepEqual(Array.from(inf), [1, -Infinity])
  t.throws(() => clipGradientNorm(g, 0), { message: /maxNorm must be > 0/ })
})
