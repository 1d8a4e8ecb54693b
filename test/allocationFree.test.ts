import test from 'ava'
import { createIntegrator, createNetwork, networkProblem, packWeights, Rng, solverNames, type Problem, type SolverName, type Trial } from '@spikegrad/core'
import { boxGate, raisedCosineGate } from '@spikegrad/gates'
import { mseLoss, spikeCountLoss } from '@spikegrad/losses'
import { lifNeuron } from '@spikegrad/neuron-lif'
import { qifNeuron } from '@spikegrad/neuron-qif'
import { isRight } from 'fp-ts/lib/Either.js'
import { Session } from 'node:inspector/promises'

// V8's sampling heap profiler records allocations with their stacks, also those that die
// young. Every byte allocated inside `measuredLoop` is attributed to it, so bytes / call
// measures what a function allocates per call. The control allocates one small array per call
// and must show it, which proves that the measurement can fail.

/** Bytes allocated per call of `f`, sampled by V8 (includes objects collected by any GC). */
async function bytesPerCall(f: (t: number) => void, reps: number, warmUp = 5000): Promise<number> {
  for (let r = 0; r < warmUp; r++) f(r % 97) // let the JIT settle (integer times: no boxed arguments)
  const session = new Session()
  session.connect()
  await session.post('HeapProfiler.startSampling', {
    samplingInterval: 128,
    includeObjectsCollectedByMinorGC: true,
    includeObjectsCollectedByMajorGC: true,
  })
  measuredLoop(f, reps)
  const { profile } = await session.post('HeapProfiler.stopSampling')
  session.disconnect()
  let bytes = 0
  const walk = (node: HeapNode, inside: boolean, path: string): void => {
    const here = inside || node.callFrame.functionName === 'measuredLoop'
    const p = path + ' > ' + node.callFrame.functionName
    if (here) bytes += node.selfSize
    if (here && node.selfSize > 0 && process.env.SPIKEGRAD_ALLOC_DEBUG) console.log(node.selfSize, p.slice(-200))
    for (const c of node.children) walk(c, here, p)
  }
  walk(profile.head as HeapNode, false, '')
  return bytes / reps
}

interface HeapNode {
  readonly callFrame: { readonly functionName: string }
  readonly selfSize: number
  readonly children: readonly HeapNode[]
}

function measuredLoop(f: (t: number) => void, reps: number): void {
  for (let r = 0; r < reps; r++) f(r % 97)
}

function network(kind: 'qif' | 'lif'): { problem: Problem; theta: Float64Array; y: Float64Array } {
  const N = 20
  const rng = new Rng(5)
  const net = createNetwork({
    neuron: kind === 'qif' ? qifNeuron() : lifNeuron(),
    gate: kind === 'qif' ? raisedCosineGate({ width: 1.9, center: Math.PI, period: 2 * Math.PI }) : boxGate({ width: 0.2, center: 0.9 }),
    sizes: { inputs: 2, neurons: N, outputs: 2 },
    tauS: 10,
    losses: [mseLoss(), spikeCountLoss({ weight: 1e-3 })],
  })
  if (!isRight(net)) throw new Error(net.left.join('\n'))
  const m = (R: number, C: number): number[][] => Array.from({ length: R }, () => Array.from({ length: C }, () => rng.normal() * 0.5))
  const theta = packWeights(net.right, { U: m(N, 2), W: m(N, N), b: m(1, N)[0], O: m(2, N) })
  if (!isRight(theta)) throw new Error(theta.left.join('\n'))
  const trial: Trial = {
    duration: 100,
    input: (t, out) => void ((out[0] = Math.sin(t / 9)), (out[1] = Math.cos(t / 13))),
    target: (t, out) => ((out[0] = 0.1 * Math.sin(t / 9)), (out[1] = 0), 1),
  }
  const y = new Float64Array(2 * N).map(() => rng.between(-1, 3))
  return { problem: networkProblem(net.right, trial), theta: theta.right, y }
}

for (const kind of ['qif', 'lif'] as const) {
  test.serial(`allocation — the ${kind} network's right-hand side, VJPs, cost gradients and adjoint in p allocate nothing per call`, async (t) => {
    const { problem, theta, y } = network(kind)
    const n = problem.dimension
    const out = new Float64Array(n)
    const lam = new Float64Array(n).fill(0.3)
    const acc = new Float64Array(problem.parameterCount)
    const cost = problem.runningCost!
    const fns: Record<string, (t: number) => void> = {
      rhs: (s) => problem.rhs(s, y, theta, out),
      vjpState: (s) => problem.vjpState(s, y, theta, lam, out),
      vjpParams: (s) => problem.vjpParams(s, y, theta, lam, 1e-6, acc),
      'runningCost.gradState': (s) => cost.gradState(s, y, theta, out),
      'runningCost.gradParams': (s) => cost.gradParams!(s, y, theta, 1e-6, acc),
      'adjointTransform.rhs': (s) => problem.adjointTransform!.rhs(s, y, theta, lam, out),
      'adjointTransform.toLambda': (s) => problem.adjointTransform!.toLambda(s, y, theta, lam, out),
    }
    const reps = 100000
    for (const [name, f] of Object.entries(fns)) {
      // the least of three measurements: a real allocation shows in every one, a stray one
      // (the JIT recompiling, the harness) does not
      const perCall = Math.min(await bytesPerCall(f, reps), await bytesPerCall(f, reps), await bytesPerCall(f, reps))
      t.log(`${name}: ${perCall.toFixed(3)} bytes per call`)
      t.true(perCall < 1, `${name} allocates ${perCall} bytes per call`)
    }
    const control = await bytesPerCall((r) => {
      if (new Float64Array(n)[0] !== 0 || r < 0) throw new Error('impossible')
    }, reps)
    t.log(`control (one Float64Array(${n}) per call): ${control.toFixed(1)} bytes per call`)
    t.true(control >= 64, `the control must show its allocation, got ${control}`)
  })
}

// The integrator's own step loop. A call that is not inlined boxes its double arguments (the
// time handed to the right-hand side, 16 bytes each), whatever the callee does, so the loop is
// measured with a small right-hand side that V8 inlines; the control allocates one array per
// evaluation and must show it.
const oscillators = (s: number, state: Float64Array, out: Float64Array): void => {
  for (let i = 0; i < state.length; i += 2) {
    out[i] = state[i + 1]
    out[i + 1] = -state[i] * (1 + 0.5 * Math.sin(s + i))
  }
}

/** Integrates n = 40 oscillators over 300 time units with the named solver, the observer reading the dense output; returns the steps. */
function integrateWith(solver: SolverName, rhs: (s: number, state: Float64Array, out: Float64Array) => void): () => number {
  const n = 40
  const y0 = new Float64Array(n).fill(1)
  const integrator = createIntegrator(solver, n)
  const settings = { rtol: 1e-6, atol: 1e-8, maxSteps: 1e6, initialStep: 0.01, maxStep: 0, dense: true }
  const probe = new Float64Array(n)
  const sink = new Float64Array(1) // (a number the observer's closure wrote to would be boxed on every write)
  return () => {
    const res = integrator.integrate(rhs, 0, y0, 300, settings, (step) => {
      step.denseInto(0.5 * (step.tOld + step.t), probe)
      sink[0] += step.component(3, step.t)
      return true
    })
    if (res.outcome !== 'done' || !Number.isFinite(sink[0])) throw new Error(res.outcome)
    return res.steps
  }
}

for (const solver of solverNames.filter((s) => s !== 'odex')) {
  test.serial(`allocation — ${solver}'s step loop (stages, error norm, controller, FSAL, dense output read by the observer) allocates nothing per step`, async (t) => {
    const run = integrateWith(solver, oscillators)
    const steps = run()
    const perCall = Math.min(await bytesPerCall(run, 30, 30), await bytesPerCall(run, 30, 0), await bytesPerCall(run, 30, 0))
    t.log(`${steps} steps per integration: ${perCall.toFixed(0)} bytes per integration, ${(perCall / steps).toFixed(3)} per step`)
    t.true(steps > 1000, `${steps} steps`)
    t.true(perCall / steps < 1, `${perCall / steps} bytes per step`)
  })
}

// after the measurements above: a second right-hand side at the same call site would stop V8
// from inlining the first, and every call would then box its time argument
test.serial('allocation — the step-loop control (one Float64Array per evaluation) shows its allocation', async (t) => {
  const run = integrateWith('bs3', (s, state, out) => {
    oscillators(s, state, out)
    if (new Float64Array(40)[0] !== 0) throw new Error('impossible')
  })
  const steps = run()
  const control = await bytesPerCall(run, 30, 30)
  t.log(`control: ${(control / steps).toFixed(1)} bytes per step`)
  t.true(control / steps >= 3 * 64, `the control must show its allocation (3 evaluations a step), got ${control / steps}`)
})
