import test from 'ava'
import { isRight } from 'fp-ts/lib/Either.js'
import { createNetwork } from '../network/network.js'
import { toyGate, toyLoss, toyNeuron } from '../plugin/check/toyPlugins.fixture.js'
import { Rng } from '../util/rng.js'
import { initialWeights } from './initialWeights.js'

const network = (N: number, train = {}) => {
  const net = createNetwork({
    neuron: toyNeuron(),
    gate: toyGate({ width: 0.2, center: 1.4 }),
    sizes: { inputs: 3, neurons: N, outputs: 2 },
    tauS: 10,
    losses: [toyLoss()],
    train,
  })
  if (!isRight(net)) throw new Error(net.left.join('\n'))
  return net.right
}

const stats = (xs: Float64Array) => {
  const mean = xs.reduce((a, b) => a + b, 0) / xs.length
  return { mean, sd: Math.sqrt(xs.reduce((a, b) => a + (b - mean) ** 2, 0) / xs.length) }
}

test('initialWeights — the same generator state gives the same θ, another seed another θ', (t) => {
  const net = network(5)
  t.deepEqual(initialWeights(net, new Rng(3)), initialWeights(net, new Rng(3)))
  t.notDeepEqual(initialWeights(net, new Rng(3)), initialWeights(net, new Rng(4)))
})

test('initialWeights — U ~ N(0, inputScale²), W ~ N(0, gain²/N) off the diagonal with W_jj = 0, b uniform in its range, O ~ N(0, scale²/N)', (t) => {
  const N = 200
  const net = network(N)
  const { layout } = net
  const theta = initialWeights(net, new Rng(11), { inputScale: 2, recurrentGain: 3, biasMin: -0.5, biasMax: 0.25, readoutScale: 4 })
  const U = stats(theta.subarray(layout.U, layout.U + 3 * N))
  t.true(Math.abs(U.sd - 2) < 0.2 && Math.abs(U.mean) < 0.25, `U ${JSON.stringify(U)}`)
  const W = theta.subarray(layout.W, layout.W + N * N)
  for (let j = 0; j < N; j++) t.is(W[j * N + j], 0)
  const off = Float64Array.from(W.filter((_, i) => i % (N + 1) !== 0))
  const Ws = stats(off)
  t.true(Math.abs(Ws.sd - 3 / Math.sqrt(N)) < 0.01, `W ${JSON.stringify(Ws)}`)
  const b = theta.subarray(layout.b, layout.b + N)
  t.true(b.every((x) => x >= -0.5 && x < 0.25))
  t.true(Math.abs(stats(b).mean - -0.125) < 0.04)
  const O = stats(theta.subarray(layout.O, layout.O + 2 * N))
  t.true(Math.abs(O.sd - 4 / Math.sqrt(N)) < 0.04, `O ${JSON.stringify(O)}`)
})

test('initialWeights — selfCoupling sets the diagonal of W and leaves every other draw as it was', (t) => {
  const net = network(7)
  const { layout } = net
  const plain = initialWeights(net, new Rng(5))
  const coupled = initialWeights(net, new Rng(5), { selfCoupling: 10 })
  for (let i = 0; i < layout.size; i++) {
    const diagonal = i >= layout.W && i < layout.W + 49 && (i - layout.W) % 8 === 0
    t.is(coupled[i], diagonal ? 10 : plain[i], `θ[${i}]`)
  }
})

test('initialWeights — trained tau_s and neuron parameters start at the network\'s values', (t) => {
  const net = network(4, { tauS: true, neuronParams: ['tau_w'] })
  const theta = initialWeights(net, new Rng(1))
  t.is(theta[net.layout.tauS], 10)
  t.is(theta[net.layout.neuronParams[1]], 7)
})
