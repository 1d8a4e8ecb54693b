import test from 'ava'
import { isLeft, isRight } from 'fp-ts/lib/Either.js'
import { createNetwork } from '../network/createNetwork.js'
import type { Network } from '../network/network.js'
import { toyGate, toyLoss, toyNeuron } from '../plugin/check/toyPlugins.fixture.js'
import type { Neuron } from '../plugin/neuron.js'
import type { Task } from '../plugin/task.js'
import { checkNetworkGradient } from './checkNetworkGradient.js'

/** A task of smooth inputs: i(t) = a (1 + sin(t/4)), a drawn per trial; the target a/2. */
const task: Task = {
  kind: 'smooth',
  inputSize: 1,
  outputSize: 1,
  trial: (rng) => {
    const a = 0.8 + 0.4 * rng.uniform()
    return { duration: 12, input: (t, out) => void (out[0] = a * (1 + Math.sin(t / 4))), target: (_t, out) => ((out[0] = a / 2), 1) }
  },
  losses: [toyLoss(0.05, 0.2)],
  score: () => ({}),
  primaryScore: 'loss',
  higherIsBetter: false,
}

/** The toy neuron with its vjp's ∂f/∂I scaled by (1 + error): a derivative wrong by that relative error. */
const planted = (error: number): Neuron => {
  const right = toyNeuron()
  return {
    ...right,
    vjp(p, N, x, I, lam, outX, outI) {
      right.vjp(p, N, x, I, lam, outX, outI)
      for (let j = 0; j < N; j++) outI[j] = outI[j]! * (1 + error)
    },
  }
}

const network = (neuron: Neuron): Network => {
  const r = createNetwork({
    inputs: [{ name: 'input', kind: 'analog', size: 1 }],
    populations: [{ name: 'hidden', size: 3, neuron, gate: { shape: toyGate, width: 0.4 }, tauS: 4, biasInit: { kind: 'uniform', min: 0.5, max: 0.9 } }],
    projections: [{ from: 'input', to: 'hidden' }, { from: 'hidden', to: 'hidden' }],
    readout: { size: 1, from: ['hidden'] },
    losses: task.losses,
  })
  if (!isRight(r)) throw new Error(r.left.message)
  return r.right
}

test('checkNetworkGradient — one call checks a network built in code: the right derivatives pass, a ∂f/∂I wrong by 1e-3 is caught', (t) => {
  const good = checkNetworkGradient(network(toyNeuron()), task, { perBlock: 2 })
  if (isLeft(good)) return t.fail(good.left.message)
  t.log(Object.entries(good.right.blocks).map(([name, b]) => `${name}: ${b.maxRelativeError.toExponential(1)} (${b.checked} checked)`).join(', '))
  t.true(good.right.ok, JSON.stringify(good.right.blocks))
  t.true(Object.values(good.right.blocks).every((b) => b.checked > 0), 'every trainable block is checked')
  t.is(good.right.trial.duration, 12, 'the trial drawn from the task')

  const bad = checkNetworkGradient(network(planted(1e-3)), task, { perBlock: 2 })
  if (isLeft(bad)) return t.fail(bad.left.message)
  t.false(bad.right.ok, `the planted error went unnoticed: ${JSON.stringify(bad.right.blocks)}`)
  t.true(bad.right.blocks['hidden<-input']!.disagreements > 0, 'the input weights, whose gradient runs through ∂f/∂I, disagree')
})

test('checkNetworkGradient — a task that throws, or θ of another size, is a value naming what failed', (t) => {
  const net = network(toyNeuron())
  const throwing = checkNetworkGradient(net, { ...task, trial: () => { throw new RangeError('no trials today') } })
  t.true(isLeft(throwing) && throwing.left.message === 'the task could not give the trial: no trials today', isLeft(throwing) ? throwing.left.message : 'accepted')
  const sized = checkNetworkGradient(net, task, { theta: new Float64Array(2) })
  t.true(isLeft(sized) && sized.left._tag === 'Invalid' && /^theta: has 2 entries, but the network has \d+ parameters/.test(sized.left.message), isLeft(sized) ? sized.left.message : 'accepted')
})
