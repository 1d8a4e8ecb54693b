import test from 'ava'
import { networkProblem, trialInitialState, type LossView, type Network } from '@spikegrad/core'
import { firstSpikeCrossEntropyLoss, vanRossumLoss, voltageMseLoss } from '@spikegrad/losses'
import { loadNetworkConfig } from '@spikegrad/node'
import { isRight } from 'fp-ts/lib/Either.js'
import { join } from 'node:path'
import { bytesPerCall } from './support/allocation.js'
import { repositoryRoot } from './support/repositoryRoot.js'

const targetSpikes = [Float64Array.of(8, 21), Float64Array.of(13.5), Float64Array.of(17)]

test('allocation — the running terms of voltage-mse and van-rossum allocate nothing per call of value and gradient', async (t) => {
  const view = {
    t: 0.5,
    traces: [Float64Array.of(0.1, 0.2, 0.3)],
    variables: [Float64Array.of(0.4, 0.9, -0.2)],
    target: Float64Array.of(0, 1, 0),
    weight: 0.5,
    trial: { duration: 30, target: () => 1, targetSpikes },
  }
  const grad = { traces: [new Float64Array(3)], variables: [new Float64Array(3)] }
  const out = new Float64Array(1)
  const reps = 20000
  const voltage = voltageMseLoss({ level: 0.8 }).populations!.running!
  const vanRossum = vanRossumLoss().populations!.running!
  // one call site per term and function: a site shared by two would be polymorphic, not inlined,
  // and box the number returned (times are not integers: the target trains' filter reads them)
  const fns: Record<string, (s: number) => void> = {
    'voltage-mse value': (s) => {
      view.t = (s % 30) + 0.25
      out[0] = voltage.value(view as LossView)
    },
    'voltage-mse gradient': (s) => {
      view.t = (s % 30) + 0.25
      voltage.gradient(view as LossView, grad)
    },
    'van-rossum value': (s) => {
      view.t = (s % 30) + 0.25
      out[0] = vanRossum.value(view as LossView)
    },
    'van-rossum gradient': (s) => {
      view.t = (s % 30) + 0.25
      vanRossum.gradient(view as LossView, grad)
    },
  }
  for (const [name, f] of Object.entries(fns)) {
    const perCall = Math.min(await bytesPerCall(f, reps), await bytesPerCall(f, reps), await bytesPerCall(f, reps))
    t.log(`${name}: ${perCall.toFixed(3)} bytes per call`)
    t.true(perCall < 1, `${name} allocates ${perCall} bytes per call`)
  }
})

test('allocation — a network whose losses read populations allocates nothing per call of the running cost\'s gradient and of the adjoint\'s right-hand side', async (t) => {
  const r = await loadNetworkConfig(join(repositoryRoot(), 'examples', 'ttfs-lif.json'))
  if (!isRight(r)) return t.fail(r.left.message)
  const c = r.right
  const network: Network = { ...c.network, losses: [voltageMseLoss({ level: 0.8 }), vanRossumLoss(), firstSpikeCrossEntropyLoss()] }
  const trial = { ...c.trial, targetSpikes }
  const problem = networkProblem(network, trial)
  const theta = c.initialValue.theta
  const y = Float64Array.from(trialInitialState(network, trial), (v, i) => v + 0.01 * (i % 7))
  const out = new Float64Array(problem.dimension)
  const p = Float64Array.from({ length: problem.dimension }, (_, i) => Math.sin(i))
  const cost = problem.runningCost!
  const transform = problem.adjointTransform!
  // integer times, as in the other allocation tests (a double handed to a call that is not
  // inlined is boxed by the caller, here the test). runningCost.value returns l, and a number
  // returned through a call the JIT does not inline is boxed, as for any Loss.value: the terms'
  // own value functions are measured above.
  const fns: Record<string, (s: number) => void> = {
    'runningCost.gradState': (s) => cost.gradState(s % 30, y, theta, out),
    'adjointTransform.rhs': (s) => transform.rhs(s % 30, y, theta, p, out),
  }
  const reps = 20000
  for (const [name, f] of Object.entries(fns)) {
    const perCall = Math.min(await bytesPerCall(f, reps), await bytesPerCall(f, reps), await bytesPerCall(f, reps))
    t.log(`${name}: ${perCall.toFixed(3)} bytes per call`)
    t.true(perCall < 1, `${name} allocates ${perCall} bytes per call`)
  }
  const control = await bytesPerCall((s) => {
    if (new Float64Array(3)[0] !== 0 || s < 0) throw new Error('impossible')
  }, reps)
  t.log(`control (one Float64Array(3) per call): ${control.toFixed(1)} bytes per call`)
  t.true(control >= 32, `the control must show its allocation, got ${control}`)
})
