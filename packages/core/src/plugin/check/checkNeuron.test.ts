import test from 'ava'
import type { Neuron } from '../neuron.js'
import { checkNeuron } from './checkNeuron.js'
import { formatPluginCheck } from './pluginCheckReport.js'
import { toyNeuron } from './toyPlugins.fixture.js'

const ranges = { stateRanges: [[-2, 2], [-1, 1]] as const, currentRange: [-1, 2] as const }

/** The named check of a report (fails the test if absent). */
function failing(neuron: Neuron): string[] {
  return checkNeuron(neuron, ranges)
    .checks.filter((c) => !c.ok)
    .map((c) => c.name)
}

test('checkNeuron — a correct two-variable neuron with a reset passes every check', (t) => {
  const report = checkNeuron(toyNeuron(), ranges)
  t.true(report.ok, formatPluginCheck(report))
  const names = report.checks.map((c) => c.name).join('\n')
  for (const part of ['outX', 'outI', 'paramVjp', 'conditionGradient', 'conditionParamGradient', 'jumpVjp', 'jumpParamVjp']) {
    t.true(names.includes(part), `no check on ${part}`)
  }
  for (const c of report.checks) t.true(c.maxError <= c.tolerance, c.name)
})

test('checkNeuron — catches a sign error in vjp outX', (t) => {
  const good = toyNeuron()
  const bad: Neuron = {
    ...good,
    vjp(p, N, x, I, lam, outX, outI) {
      good.vjp(p, N, x, I, lam, outX, outI)
      outX[N] = -outX[N]!
    },
  }
  const report = checkNeuron(bad, ranges)
  t.false(report.ok)
  const check = report.checks.find((c) => c.name.startsWith('vjp — outX'))!
  t.false(check.ok)
  t.true(check.maxError > 0.5, String(check.maxError))
  t.regex(check.worst ?? '', /∂\/∂w/)
})

test('checkNeuron — catches a 10% error in vjp outI', (t) => {
  const good = toyNeuron()
  const bad: Neuron = {
    ...good,
    vjp(p, N, x, I, lam, outX, outI) {
      good.vjp(p, N, x, I, lam, outX, outI)
      for (let j = 0; j < N; j++) outI[j] = 1.1 * outI[j]!
    },
  }
  t.deepEqual(failing(bad), ['vjp — outI = (∂f/∂I)ᵀλ against central differences of rhs'])
})

test('checkNeuron — catches coupling between neurons that vjp leaves out', (t) => {
  const good = toyNeuron()
  const bad: Neuron = {
    ...good,
    rhs(p, N, x, I, out) {
      good.rhs(p, N, x, I, out)
      for (let j = 0; j < N; j++) out[j] = out[j]! + 0.01 * x[(j + 1) % N]!
    },
  }
  t.true(failing(bad).some((name) => name.startsWith('vjp — outX')))
})

test('checkNeuron — catches a paramVjp that ignores its scale, and one that overwrites instead of accumulating', (t) => {
  const good = toyNeuron()
  const unscaled: Neuron = { ...good, paramVjp: (p, N, x, I, lam, _scale, acc) => good.paramVjp!(p, N, x, I, lam, 1, acc) }
  t.true(failing(unscaled).some((name) => name.startsWith('paramVjp — Σ')))
  const overwriting: Neuron = {
    ...good,
    paramVjp(p, N, x, I, lam, scale, acc) {
      acc.fill(0, 0, 2)
      good.paramVjp!(p, N, x, I, lam, scale, acc)
    },
  }
  t.true(failing(overwriting).some((name) => name.startsWith('paramVjp — Σ')))
})

test('checkNeuron — catches writes past stateSize·N and reads of the guard tail', (t) => {
  const good = toyNeuron()
  const writesPast: Neuron = {
    ...good,
    rhs(p, N, x, I, out) {
      good.rhs(p, N, x, I, out)
      out[2 * N] = 0
    },
  }
  const report = checkNeuron(writesPast, ranges)
  const bounds = report.checks.find((c) => c.name.startsWith('rhs — writes'))!
  t.false(bounds.ok)
  t.regex(bounds.worst ?? '', /past the 6 it owns/)
  const readsPast: Neuron = {
    ...good,
    vjp(p, N, x, I, lam, outX, outI) {
      good.vjp(p, N, x, I, lam, outX, outI)
      outI[0] = outI[0]! + 0 * lam[2 * N]!
    },
  }
  t.true(failing(readsPast).some((name) => name.startsWith('vjp — writes')))
  const changesInput: Neuron = {
    ...good,
    rhs(p, N, x, I, out) {
      good.rhs(p, N, x, I, out)
      I[0] = 0
    },
  }
  t.true(failing(changesInput).some((name) => name.startsWith('rhs — writes')))
})

test('checkNeuron — catches wrong reset derivatives, including a missing conditionParamGradient', (t) => {
  const good = toyNeuron()
  const reset = good.reset!
  const wrongJumpVjp: Neuron = { ...good, reset: { ...reset, jumpVjp: (_p, _N, j, _x, lam) => void (lam[j] = 0) } }
  t.deepEqual(failing(wrongJumpVjp), ['reset.jumpVjp — (∂h/∂x)ᵀλ against central differences of jump'])
  const noParamGradient: Neuron = { ...good, reset: { ...reset, conditionParamGradient: undefined } }
  t.deepEqual(failing(noParamGradient), ['reset.conditionParamGradient — ∂c/∂p against central differences of condition'])
  const wrongGradient: Neuron = {
    ...good,
    reset: { ...reset, conditionGradient: (p, N, j, x, out) => (reset.conditionGradient(p, N, j, x, out), (out[1] = 0.1)) },
  }
  t.deepEqual(failing(wrongGradient), ['reset.conditionGradient — ∂c/∂x against central differences of condition'])
  const wrongJumpParam: Neuron = {
    ...good,
    reset: { ...reset, jumpParamVjp: (p, N, j, x, lam, acc) => (reset.jumpParamVjp!(p, N, j, x, lam, acc), (acc[4] = acc[4]! * 1.1)) },
  }
  t.deepEqual(failing(wrongJumpParam), ['reset.jumpParamVjp — λᵀ∂h/∂p against central differences of jump'])
})

test('checkNeuron — reports a malformed neuron or bad options instead of throwing', (t) => {
  const good = toyNeuron()
  const report = checkNeuron({ ...good, voltageIndex: 2, paramVjp: undefined }, { stateRanges: [[0, 1]] })
  t.false(report.ok)
  t.is(report.checks.length, 1)
  t.regex(report.checks[0]!.worst ?? '', /voltageIndex = 2/)
  t.is(report.checks[0]!.maxError, 3)
})

test('checkNeuron — the same seed gives the same report', (t) => {
  t.deepEqual(checkNeuron(toyNeuron(), { ...ranges, seed: 5 }), checkNeuron(toyNeuron(), { ...ranges, seed: 5 }))
})
