import test from 'ava'
import { createIntegrator, type SolverName, solverNames } from '@spikegrad/core'
import { bytesPerCall } from './support/allocation.js'

// The integrator's own step loop. A call that is not inlined boxes its double arguments (the
// time handed to the right-hand side, 16 bytes each), whatever the callee does, so the loop is
// measured with a small right-hand side that V8 inlines; the control allocates one array per
// evaluation and must show it.
const oscillators = (s: number, state: Float64Array, out: Float64Array): void => {
  for (let i = 0; i < state.length; i += 2) {
    out[i] = state[i + 1]!
    out[i + 1] = -state[i]! * (1 + 0.5 * Math.sin(s + i))
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
  // 3 measured integrations: each allocates on every one of its ~3 × 22 000 evaluations, and
  // the heap profiler records nearly every one of those arrays (30, as for the loops above,
  // took ten times as long and measured the same bytes per step)
  const control = await bytesPerCall(run, 3, 30)
  t.log(`control: ${(control / steps).toFixed(1)} bytes per step`)
  t.true(control / steps >= 3 * 64, `the control must show its allocation (3 evaluations a step), got ${control / steps}`)
})
