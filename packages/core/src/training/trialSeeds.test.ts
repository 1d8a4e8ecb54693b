import test from 'ava'
import { evaluationTrialSeed, initialWeightSeed, trainingTrialSeed } from './trialSeeds.js'

test('trial seeds — a pure function of (seed, iteration, index): the same arguments give the same seed', (t) => {
  t.is(trainingTrialSeed(7, 3, 2), trainingTrialSeed(7, 3, 2))
  t.is(evaluationTrialSeed(7, 5), evaluationTrialSeed(7, 5))
  t.is(initialWeightSeed(7), initialWeightSeed(7))
})

test('trial seeds — 32-bit unsigned integers, distinct across iterations, indices, streams and model seeds', (t) => {
  const seen = new Set<number>()
  for (const seed of [0, 1, 2, 0xffffffff]) {
    for (let k = 0; k < 50; k++) for (let i = 0; i < 16; i++) seen.add(trainingTrialSeed(seed, k, i))
    for (let i = 0; i < 50; i++) seen.add(evaluationTrialSeed(seed, i))
    seen.add(initialWeightSeed(seed))
  }
  t.is(seen.size, 4 * (50 * 16 + 50 + 1))
  for (const s of seen) t.true(Number.isInteger(s) && s >= 0 && s <= 0xffffffff, `${s}`)
})

test('trial seeds — iterations beyond 2^32 still give distinct seeds', (t) => {
  t.not(trainingTrialSeed(1, 2 ** 32, 0), trainingTrialSeed(1, 0, 0))
})
