import test from 'ava'
import { isLeft, isRight, type Either } from 'fp-ts/lib/Either.js'
import type { Invalid } from '../util/invalid.js'
import { cosineDecay } from './learningRateSchedule.js'
import { adamChain, chain, clipByGlobalNorm, globalNorm, keepConstraints, OptimizerRun, scaleByAdam, scaleByLearningRate, sgdChain, traceMomentum, type GradientTransformation } from './transforms.js'

/** f(θ) = ½ Σ a_i (θ_i − c_i)², badly conditioned; writes ∇f into grad and returns f. */
const a = Float64Array.of(1, 3, 10, 0.5)
const c = Float64Array.of(1, -2, 0.5, 3)
const f = (theta: Float64Array, grad: Float64Array): number => {
  let v = 0
  for (let i = 0; i < 4; i++) {
    const d = theta[i]! - c[i]!
    grad[i] = a[i]! * d
    v += 0.5 * a[i]! * d * d
  }
  return v
}
/** The run, or the test's failure with the refusal's message. */
const started = (r: Either<Invalid, OptimizerRun>): OptimizerRun => {
  if (isLeft(r)) throw new Error(`refused: ${r.left.message}`)
  return r.right
}
const minimise = (t: GradientTransformation, steps: number): { f0: number; f: number; theta: Float64Array; run: OptimizerRun } => {
  const theta = new Float64Array(4)
  const grad = new Float64Array(4)
  const run = started(OptimizerRun.start(t, 4))
  const f0 = f(theta, grad)
  for (let k = 0; k < steps; k++) {
    f(theta, grad)
    run.apply(theta, grad)
  }
  return { f0, f: f(theta, grad), theta, run }
}

test('transforms — Adam and momentum SGD at a rate minimise a badly conditioned quadratic', (t) => {
  const adam = minimise(adamChain(0.05), 2000)
  t.true(adam.f < 1e-6 * adam.f0, `adam: ${adam.f0} → ${adam.f}`)
  const sgd = minimise(sgdChain(0.02, 0.9), 2000)
  t.true(sgd.f < 1e-8 * sgd.f0, `sgd: ${sgd.f0} → ${sgd.f}`)
})

test('transforms — Adam\'s first update is −lr · g/(|g| + ε) whatever the scale of g', (t) => {
  const run = started(OptimizerRun.start(adamChain(0.1), 3))
  const theta = new Float64Array(3)
  run.apply(theta, Float64Array.of(1e-3, -5, 200))
  for (const [i, sign] of [-1, 1, -1].entries()) t.true(Math.abs(theta[i]! - 0.1 * sign) < 1e-6, `θ[${i}] = ${theta[i]}`)
})

test('transforms — a chain stopped and resumed from its saved state (through JSON) goes on with the same bits', (t) => {
  const opt = (): GradientTransformation => chain(clipByGlobalNorm(1), scaleByAdam({ beta1: 0.8 }), scaleByLearningRate(cosineDecay(0.1, 50)))
  const whole = minimise(opt(), 40)
  const first = minimise(opt(), 25)
  const saved = JSON.parse(JSON.stringify(first.run.state()))
  t.deepEqual(Object.keys(saved.buffers), ['adam.m', 'adam.v'])
  t.is(saved.kind, 'clip>adam>lr')
  const resumed = started(OptimizerRun.start(opt(), 4, saved))
  const theta = Float64Array.from(first.theta)
  const grad = new Float64Array(4)
  for (let k = 25; k < 40; k++) {
    f(theta, grad)
    resumed.apply(theta, grad)
  }
  t.deepEqual(Array.from(theta), Array.from(whole.theta))
  t.deepEqual(resumed.state(), whole.run.state())
})

test('transforms — the Adam state of earlier versions ({ kind: "adam", buffers: { m, v } }) resumes the chain\'s Adam', (t) => {
  const run = started(OptimizerRun.start(adamChain(0.01), 2, { kind: 'adam', step: 3, buffers: { m: [0.1, 0.2], v: [0.01, 0.04] } }))
  t.is(run.step, 3)
  t.deepEqual(run.state().buffers, { 'adam.m': [0.1, 0.2], 'adam.v': [0.01, 0.04] })
  const short = OptimizerRun.start(adamChain(0.01), 3, { kind: 'adam', step: 3, buffers: { m: [0.1, 0.2], v: [0.01, 0.04] } })
  t.true(isLeft(short) && /^optimizerState\.buffers\.m: has 2 entries for 3 parameters/.test(short.left.message), isLeft(short) ? short.left.message : 'accepted')
})

test('transforms — a saved state of another optimiser, or with a buffer the optimiser does not keep, is refused by name (not taken and rewritten)', (t) => {
  const m = [0.1, 0.2]
  const cases: [GradientTransformation, Parameters<typeof OptimizerRun.start>[2], RegExp][] = [
    [adamChain(0.01), { kind: 'sgd', step: 3, buffers: { 'adam.m': m, 'adam.v': m } }, /^optimizerState\.kind: is "sgd", a state of another optimiser than this one \("adam>lr"\); start the optimiser afresh/],
    [adamChain(0.01), { kind: 'rmsprop', step: 3, buffers: { 'adam.m': m, 'adam.v': m } }, /^optimizerState\.kind: is "rmsprop"/],
    [sgdChain(0.01, 0.9), { kind: 'adam', step: 3, buffers: { m, v: m } }, /^optimizerState\.kind: is "adam", a state of another optimiser than this one \("momentum>lr"\)/],
    [adamChain(0.01), { kind: 'adam>lr', step: 3, buffers: { 'adam.m': m, 'adam.v': m, 'adam.extra': m } }, /^optimizerState\.buffers\.adam\.extra: is not a buffer of the optimiser adam>lr \(its buffers: adam\.m, adam\.v\)/],
    [adamChain(0.01), { kind: 'adam>lr', step: 3, buffers: { 'adam.m': m } }, /^optimizerState\.buffers: has no buffer "adam\.v"/],
  ]
  for (const [optimizer, saved, message] of cases) {
    const r = OptimizerRun.start(optimizer, 2, saved)
    t.true(isLeft(r) && message.test(r.left.message), isLeft(r) ? r.left.message : `accepted ${JSON.stringify(saved)}`)
  }
  t.true(isRight(OptimizerRun.start(adamChain(0.01), 2, { kind: 'adam>lr', step: 3, buffers: { 'adam.m': m, 'adam.v': m } })), 'the control: its own state is taken')
})

test('transforms — links built with parameters out of their range throw nothing: the chain carries their issues and will not start', (t) => {
  const bad = chain(clipByGlobalNorm(-1), scaleByAdam({ beta1: 1 }), traceMomentum(2), scaleByLearningRate(cosineDecay(0.1, 2.5)))
  t.deepEqual(
    bad.issues?.map((i) => `${i.at}: ${i.problem}`),
    [
      'clipByGlobalNorm.maxNorm: must be a number > 0, got -1',
      'scaleByAdam.beta1: must be in [0, 1), got 1',
      'traceMomentum.momentum: must be in [0, 1), got 2',
      'cosineDecay.total: must be a positive integer, got 2.5',
    ],
  )
  const r = OptimizerRun.start(bad, 2)
  t.true(isLeft(r) && r.left.issues.length === 4 && r.left.message.startsWith('optimizer.clipByGlobalNorm.maxNorm: must be a number > 0, got -1\n'), isLeft(r) ? r.left.message : 'accepted')
  t.is(adamChain(0.01).issues, undefined, 'the control: a good chain has none')
  const twice = chain(scaleByAdam(), scaleByAdam())
  t.deepEqual(twice.issues?.map((i) => i.problem), ['two links keep a buffer named "adam.m"'])
})

test('transforms — clipByGlobalNorm scales a long gradient to the norm and leaves a short one alone', (t) => {
  const u = Float64Array.of(3e200, 4e200)
  clipByGlobalNorm(10).update(u, [], new Float64Array(2), 0)
  t.true(Math.abs(globalNorm(u) - 10) < 1e-12)
  t.true(Math.abs(u[0]! / u[1]! - 0.75) < 1e-15)
  const v = Float64Array.of(0.3, -0.4)
  clipByGlobalNorm(10).update(v, [], new Float64Array(2), 0)
  t.deepEqual(Array.from(v), [0.3, -0.4])
})

test('transforms — keepConstraints makes θ + u the projection of where the step would go', (t) => {
  const keep = keepConstraints(3, (theta) => {
    for (let i = 0; i < 3; i++) theta[i] = Math.max(0, theta[i]!)
  })
  const params = Float64Array.of(0.5, 0.2, 1)
  const u = Float64Array.of(-1, 0.1, -0.5)
  keep.update(u, [], params, 0)
  t.deepEqual(Array.from(params.map((p, i) => p + u[i]!)), [0, 0.30000000000000004, 0.5])
})

test('transforms — momentum accumulates: after steps of the same gradient g the update is −lr · g · (1 + μ + μ² + …)', (t) => {
  const run = started(OptimizerRun.start(chain(traceMomentum(0.5), scaleByLearningRate(1)), 1))
  const theta = new Float64Array(1)
  for (let k = 0; k < 3; k++) run.apply(theta, Float64Array.of(1))
  t.is(theta[0], -(1 + 1.5 + 1.75))
})
