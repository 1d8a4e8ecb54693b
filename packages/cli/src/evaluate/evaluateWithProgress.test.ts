import test from 'ava'
import { evaluate } from '@spikegrad/core'
import { tinyAutoencodeSpec, tinyModel } from '../train/tinyRuns.test-kit.js'
import { evaluateWithProgress } from './evaluateWithProgress.js'

test('evaluate with progress — exactly core\'s evaluation, reporting 1 … N trials done', async (t) => {
  const model = await tinyModel(tinyAutoencodeSpec())
  const reported: number[] = []
  const counted = evaluateWithProgress(model, { trials: 4, seed: 11 }, (done) => reported.push(done))
  const plain = evaluate(model, { trials: 4, seed: 11 })
  if (counted._tag === 'Left' || plain._tag === 'Left') return t.fail('evaluation failed')
  t.deepEqual(reported, [1, 2, 3, 4])
  t.deepEqual(counted.right, plain.right)
  t.true(counted.right.scores.nmse! > 0)
})
