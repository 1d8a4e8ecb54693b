import test from 'ava'
import { isLeft, isRight } from 'fp-ts/lib/Either.js'
import { optimizerFromConfig } from './optimizerFromConfig.js'
import { adam } from './adam.js'

const problems = (config: unknown, size = 3, state?: unknown): readonly string[] => {
  const result = optimizerFromConfig(config, size, state)
  return isLeft(result) ? result.left : []
}

test('optimizerFromConfig — builds adam and sgd, and resumes from a saved state', (t) => {
  const built = optimizerFromConfig({ kind: 'adam', beta1: 0.5 }, 2)
  t.true(isRight(built) && built.right.kind === 'adam')
  const sgdBuilt = optimizerFromConfig({ kind: 'sgd' }, 2)
  t.true(isRight(sgdBuilt) && sgdBuilt.right.kind === 'sgd')

  const direct = adam({ beta1: 0.5 }, 2)
  direct.step(new Float64Array(2), Float64Array.of(1, -1), 0.1)
  const saved = JSON.parse(JSON.stringify(direct.state())) as unknown
  const resumed = optimizerFromConfig({ kind: 'adam', beta1: 0.5 }, 2, saved)
  t.true(isRight(resumed))
  if (isRight(resumed)) t.deepEqual(resumed.right.state(), direct.state())
})

test('optimizerFromConfig — bad settings and states are reported, never thrown', (t) => {
  t.deepEqual(problems({ kind: 'adam', beta2: 1 }), ['optimizer.beta2: expected a number in [0, 1), got 1'])
  t.deepEqual(problems({ kind: 'sgd', momentum: 0.9, nesterov: 1 }), [
    'optimizer.nesterov: unknown field for kind "sgd" (its fields: kind, momentum)',
  ])
  t.deepEqual(problems({ kind: 'adam' }, 3, { kind: 'adam', step: 1, buffers: { m: [0, 0, 'x'], v: [0, 0, 0] } }), [
    'optimizer state.buffers.m[2]: expected a number, got "x"',
  ])
  const saved = adam({}, 2).state()
  t.deepEqual(problems({ kind: 'adam' }, 3, saved), [
    'adam: saved buffer "m" has 2 entries but the model has 3 parameters; the state belongs to a different model',
  ])
})
