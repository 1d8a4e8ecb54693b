import type { ExecutionContext } from 'ava'
import { createNetwork, networkProblem, packWeights, Rng, type Problem, type Trial, recurrentNetwork, recurrentWeights } from '@spikegrad/core'
import { loadNetworkConfig } from '@spikegrad/node'
import { boxGate, raisedCosineGate } from '@spikegrad/gates'
import { mseLoss, spikeCountLoss } from '@spikegrad/losses'
import { lifNeuron } from '@spikegrad/neuron-lif'
import { qifNeuron } from '@spikegrad/neuron-qif'
import { isRight } from 'fp-ts/lib/Either.js'
import { Session } from 'node:inspector/promises'
import { join } from 'node:path'
import { repositoryRoot } from './repositoryRoot.js'

// V8's sampling heap profiler records allocations with their stacks, also those that die
// young. Every byte allocated inside `measuredLoop` is attributed to it, so bytes / call
// measures what a function allocates per call. The control allocates one small array per call
// and must show it, which proves that the measurement can fail.

/**
 * Bytes allocated per call of `f`, sampled by V8 (includes objects collected by any GC). The
 * warm-up is followed by a pause, so that an optimised version compiled in the background on
 * a busy machine is in place before the measurement starts.
 */
export async function bytesPerCall(f: (t: number) => void, reps: number, warmUp = 5000): Promise<number> {
  for (let r = 0; r < warmUp; r++) f(r % 97) // let the JIT settle (integer times: no boxed arguments)
  if (warmUp > 0) {
    await new Promise((resolve) => setTimeout(resolve, 50))
    for (let r = 0; r < warmUp; r++) f(r % 97)
  }
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

export type Kind = 'qif' | 'lif' | 'ei-dale' | 'feedforward-lif' | 'heterogeneous-lif'

async function network(kind: Kind): Promise<{ problem: Problem; theta: Float64Array; y: Float64Array }> {
  if (kind === 'ei-dale' || kind === 'feedforward-lif' || kind === 'heterogeneous-lif') {
    // two populations of different neuron models (views of the state for the second), Dale's law, a mask; spike inputs;
    // per-neuron parameter tables and tau_s, trained, and per-neuron gate zones
    const c = await loadNetworkConfig(join(repositoryRoot(), 'examples', `${kind}.json`))
    if (!isRight(c)) throw new Error(c.left.message)
    const rng = new Rng(5)
    const y = Float64Array.from(c.right.initialValue.y0, () => rng.between(-1, 3))
    return { problem: networkProblem(c.right.network, c.right.trial), theta: c.right.initialValue.theta, y }
  }
  const N = 20
  const rng = new Rng(5)
  const net = createNetwork(recurrentNetwork({
    neuron: kind === 'qif' ? qifNeuron() : lifNeuron(),
    gate: kind === 'qif' ? raisedCosineGate({ width: 1.9, center: Math.PI, period: 2 * Math.PI }) : boxGate({ width: 0.2, center: 0.9 }),
    sizes: { inputs: 2, neurons: N, outputs: 2 },
    tauS: 10,
    losses: [mseLoss(), spikeCountLoss({ weight: 1e-3 })],
  }))
  if (!isRight(net)) throw new Error(net.left.message)
  const m = (R: number, C: number): number[][] => Array.from({ length: R }, () => Array.from({ length: C }, () => rng.normal() * 0.5))
  const theta = packWeights(net.right, recurrentWeights({ U: m(N, 2), W: m(N, N), b: m(1, N)[0], O: m(2, N) }))
  if (!isRight(theta)) throw new Error(theta.left.message)
  const trial: Trial = {
    duration: 100,
    input: (t, out) => void ((out[0] = Math.sin(t / 9)), (out[1] = Math.cos(t / 13))),
    target: (t, out) => ((out[0] = 0.1 * Math.sin(t / 9)), (out[1] = 0), 1),
  }
  const y = new Float64Array(2 * N).map(() => rng.between(-1, 3))
  return { problem: networkProblem(net.right, trial), theta: theta.right, y }
}

/**
 * Measures the right-hand side, the VJPs, the cost gradients and the adjoint in p of one
 * network. Each network is measured in its own test file, hence its own V8 isolate: a process
 * that solves one network is what the JIT is tuned for (several network kinds in one isolate
 * make the plugins' call sites polymorphic, and allocations can then come from the JIT).
 */
export async function assertAllocationFree(t: ExecutionContext, kind: Kind): Promise<void> {
  const { problem, theta, y } = await network(kind)
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
}
