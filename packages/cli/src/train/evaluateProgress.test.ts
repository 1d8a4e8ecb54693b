import test from 'ava'
import { evaluate } from '@spikegrad/core'
import { tinyAutoencodeSpec, tinyModel } from './tinyRuns.test-kit.js'

test('evaluate reports 1 … N trials done through onTrial, and the result is the same without it', async (t) => {
  const model = await tinyModel(tinyAutoencodeSpec())
  const reported: [number, number][] = []
  const counted = evaluate(model, { trials: 4, seed: 11, onTrial: (done, total) => reported.push([done, total]) })
  const plain = evaluate(model, { trials: 4, seed: 11 })
  if (counted._tag === 'Left' || plain._tag === 'Left') return t.fail('evaluation failed')
  t.deepEqual(reported, [[1, 4], [2, 4], [3, 4], [4, 4]])
  t.deepEqual(counted.right, plain.right)
  t.true(counted.right.scores.nmse! > 0)
})
