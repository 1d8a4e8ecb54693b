import test from 'ava'
import { getOrThrow } from '../../util/getOrThrow.js'
import type { EventFamily, Problem } from '../problem.js'
import { blockForward } from './blockGradient.js'
import type { Block, BlockLinks, BlockProblem } from './blockProblem.js'

/**
 * Block 0, one component y = (a, b, c): a' = b, b' = c' = 0, a its output, b(0) = 0.25. A time
 * family at t = 1 (b += 1: the output's slope jumps) and t = 2 (c += 1: a state jump that leaves
 * the output's slope alone) and t = 2.5 (a += 1: the output itself jumps — outside the contract of
 * a structured problem, whose events leave outputs continuous, and kept all the same); a state event where a rises through 0.5 (identity jump: it marks a
 * place where F may be discontinuous); a breakpoint at 1.5. Block 1 reads block 0's event times
 * when it is prepared.
 */
function problemReadingEventTimes(): { problem: BlockProblem; read: () => Float64Array | undefined } {
  const none: readonly number[] = []
  const inputs: EventFamily = {
    name: 'input',
    count: 3,
    direction: 'rising',
    times: Float64Array.of(1, 2, 2.5),
    components: () => none,
    condition: (k, t) => t - [1, 2, 2.5][k],
    conditionGradient: () => undefined,
    conditionTimeDerivative: () => 1,
    jump(k, _t, yMinus, _theta, yPlus) {
      yPlus.set(yMinus)
      yPlus[[1, 2, 0][k]] += 1
    },
    jumpVjp: (_k, _t, _y, _theta, lambdaPlus, out) => out.set(lambdaPlus),
  }
  const crossing: EventFamily = {
    name: 'crossing',
    count: 1,
    direction: 'rising',
    condition: (_k, _t, y) => y[0] - 0.5,
    conditionGradient: (_k, _t, _y, _theta, out) => {
      out.fill(0)
      out[0] = 1
    },
    jump: (_k, _t, yMinus, _theta, yPlus) => yPlus.set(yMinus),
    jumpVjp: (_k, _t, _y, _theta, lambdaPlus, out) => out.set(lambdaPlus),
  }
  const first: Problem = {
    dimension: 3,
    parameterCount: 1,
    rhs: (_t, y, _theta, out) => {
      out[0] = y[1]
      out[1] = 0
      out[2] = 0
    },
    vjpState: (_t, _y, _theta, lambda, out) => {
      out[0] = 0
      out[1] = lambda[0]
      out[2] = 0
    },
    vjpParams: () => undefined,
    events: [inputs, crossing],
    breakpoints: [1.5],
  }
  const still: Problem = { dimension: 1, parameterCount: 1, rhs: (_t, _y, _theta, out) => out.fill(0), vjpState: (_t, _y, _theta, _l, out) => out.fill(0), vjpParams: () => undefined }
  let links: BlockLinks | undefined
  let seen: Float64Array | undefined
  const blocks: Block[] = [
    { name: 'source', count: 1, problem: first, select: () => undefined, initialState: (_k, _theta, out) => out.set([0, 0.25, 0]), outputs: [0] },
    { name: 'reader', count: 1, problem: still, select: () => undefined, prepare: () => (seen = links!.eventTimes(0, 0)), initialState: (_k, _theta, out) => out.fill(0), outputs: [0] },
  ]
  const problem: BlockProblem = {
    parameterCount: 1,
    blocks,
    cost: { value: (_t, w) => w[0], gradOutputs: (_t, _w, _theta, out) => out.fill(0, 0, 2).fill(1, 0, 1) },
    connect: (l) => (links = l),
  }
  return { problem, read: () => seen }
}

for (const solver of ['bs3', 'dopri5'] as const) {
  test(`${solver}: eventTimes — a component's state events and breakpoints, and only those time events whose jump changes its outputs or their slopes`, (t) => {
    const { problem, read } = problemReadingEventTimes()
    const sol = getOrThrow(blockForward(problem, { t0: 0, t1: 3, theta: Float64Array.of(0) }, Float64Array.of(3), { solver, rtol: 1e-10, atol: 1e-12 }))
    // the output a(3) = 0.25 + 1.25 · 2 after b's jump at t = 1, and 1 more from t = 2.5
    t.true(Math.abs(sol.states[0][0] - 3.75) < 1e-9, `a(3) = ${sol.states[0][0]}`)
    const times = read()
    t.not(times, undefined)
    // t = 1 (slope jumps), a = 0.5 at t = 1.2, the breakpoint 1.5, t = 2.5 (a jumps) — not t = 2 (c jumps, a does not)
    t.deepEqual(times!.length, 4, `event times ${String(times && Array.from(times))}`)
    t.is(times![0], 1)
    t.true(Math.abs(times![1] - 1.2) < 1e-9, `crossing at ${times![1]}`)
    t.is(times![2], 1.5)
    t.is(times![3], 2.5)
  })
}
