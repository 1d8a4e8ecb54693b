import test from 'ava'
import { networkProblem, solveForward } from '@spikegrad/core'
import { benchDrive, benchGain, benchNetwork } from './benchNetwork.js'

test('benchNetwork — the same seed gives the same network, input and target, bit for bit', (t) => {
  const a = benchNetwork({ n: 7, tMs: 50 })
  const b = benchNetwork({ n: 7, tMs: 50 })
  t.deepEqual(a.initialValue.theta, b.initialValue.theta)
  t.deepEqual(a.initialValue.y0, b.initialValue.y0)
  const ia = new Float64Array(2)
  const ib = new Float64Array(2)
  for (const time of [0, 13.7, 50]) {
    a.trial.input(time, ia)
    b.trial.input(time, ib)
    t.deepEqual(ia, ib)
  }
  t.notDeepEqual(benchNetwork({ n: 7, tMs: 50, seed: 1 }).initialValue.theta, a.initialValue.theta)
})

test('benchNetwork — the weights depend on N and the seed, not on T', (t) => {
  t.deepEqual(benchNetwork({ n: 6, tMs: 20 }).initialValue.theta, benchNetwork({ n: 6, tMs: 400 }).initialValue.theta)
})

test('benchNetwork — θ holds U (N×2), W (N×N), b (N), O (2×N) with the stated spreads', (t) => {
  const N = 200
  const { network, initialValue } = benchNetwork({ n: N, tMs: 10 })
  const { layout } = network
  t.is(layout.size, N * 2 + N * N + N + 2 * N)
  const at = (name: string): number => layout.blocks.find((b) => b.name === name)!.offset
  const sd = (offset: number, length: number) => {
    const xs = initialValue.theta.subarray(offset, offset + length)
    const mean = xs.reduce((s, x) => s + x, 0) / length
    return Math.sqrt(xs.reduce((s, x) => s + (x - mean) ** 2, 0) / length)
  }
  // W ~ N(0, g²/N): 40 000 draws, the sample sd is within 2% of g/√N
  t.true(Math.abs(sd(at('hidden<-hidden'), N * N) / (benchGain / Math.sqrt(N)) - 1) < 0.02)
  t.true(Math.abs(sd(at('hidden<-input'), 2 * N) - 1) < 0.15)
  t.true(Math.abs(sd(at('readout<-hidden'), 2 * N) / (1 / Math.sqrt(N)) - 1) < 0.15)
  const b = Array.from(initialValue.theta.subarray(at('bias:hidden'), at('bias:hidden') + N))
  t.true(Math.min(...b) >= benchDrive[0] && Math.max(...b) < benchDrive[1])
})

test('benchNetwork — N = 20 fires at a few tens of Hz over 250 ms', (t) => {
  const { network, trial, initialValue } = benchNetwork({ n: 20, tMs: 250 })
  const r = solveForward(networkProblem(network, trial), initialValue, { rtol: 1e-6, atol: 1e-8 })
  if (r._tag === 'Left') return t.fail(r.left.message)
  let spikes = 0
  for (let j = 0; j < 20; j++) spikes += Math.floor((r.right.y1[j]! - Math.PI) / (2 * Math.PI)) - Math.floor((initialValue.y0[j]! - Math.PI) / (2 * Math.PI))
  const rate = spikes / 20 / 0.25
  t.log(`${spikes} spikes, ${rate.toFixed(1)} Hz`)
  t.true(rate >= 10 && rate <= 80, `${rate} Hz`)
})
