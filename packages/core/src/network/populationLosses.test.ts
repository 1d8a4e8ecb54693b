import test from 'ava'
import { isLeft, isRight } from 'fp-ts/lib/Either.js'
import { adjointGradient } from '../ode/adjointGradient.js'
import { compareWithFiniteDifferences, finiteDifferenceEstimate, oracleSolveOptions } from '../ode/finiteDifference.js'
import { solveForward } from '../ode/solveForward.js'
import { checkLoss } from '../plugin/check/checkLoss.js'
import { formatPluginCheck } from '../plugin/check/pluginCheckReport.js'
import { toyGate, toyLoss, toyNeuron } from '../plugin/check/toyPlugins.fixture.js'
import type { Loss } from '../plugin/loss.js'
import type { FinalLossView, LossReads, LossView } from '../plugin/populationLoss.js'
import type { Trial } from '../plugin/task.js'
import { getOrThrow } from '../util/getOrThrow.js'
import { formatIssue } from '../util/invalid.js'
import { Rng } from '../util/rng.js'
import { createNetwork } from './createNetwork.js'
import { initialWeights } from './initialWeights.js'
import { trialInitialState } from './networkEvents.js'
import { networkProblem } from './networkProblem.js'
import type { NetworkSpec } from './networkSpec.js'

/**
 * A loss that reads a bit of everything, by name: population b's traces, the second variable w of
 * population a, the first reset of each neuron of a and every reset of b.
 *   running  l = 0.3 Σ_j w_a,j² + 0.2 Σ_j s_b,j²
 *   final    Ψ = 0.01 Σ_j (t̂_a,j − 10)² + 0.02 Σ_k sin(t_b,k / 3) + 0.1 Σ_j s_b,j(T)² + 0.05 Σ_j w_a,j(T)
 * with t̂ the first reset of a's neuron j, or T + 2 (1.5 − w_a,j(T)) when it never fired.
 * `planted` scales one derivative by 1 + planted (a planted error for the check to catch).
 */
const readingLoss = (planted = 0): Loss => {
  const reads: LossReads = {
    traces: ['b'],
    variables: [{ population: 'a', variable: 'w' }],
    events: [
      { population: 'a', which: 'first' },
      { population: 'b', which: 'every' },
    ],
  }
  const firstOf = (view: FinalLossView, j: number): number => {
    const t = view.events[0]!.times[j]!
    return Number.isNaN(t) ? view.t + 2 * (1.5 - view.variables[0]![j]!) : t
  }
  return {
    kind: 'reading',
    value: () => 0,
    gradient: () => undefined,
    populations: {
      reads,
      running: {
        value(view: LossView) {
          let l = 0
          for (const w of view.variables[0]!) l += 0.3 * w * w
          for (const s of view.traces[0]!) l += 0.2 * s * s
          return l
        },
        gradient(view, grad) {
          view.variables[0]!.forEach((w, j) => (grad.variables[0]![j] = 0.6 * w * (1 + planted)))
          view.traces[0]!.forEach((s, j) => (grad.traces[0]![j] = 0.4 * s))
        },
      },
      final: {
        value(view) {
          let psi = 0
          for (let j = 0; j < view.events[0]!.times.length; j++) psi += 0.01 * (firstOf(view, j) - 10) ** 2
          for (const t of view.events[1]!.times) psi += 0.02 * Math.sin(t / 3)
          for (const s of view.traces[0]!) psi += 0.1 * s * s
          for (const w of view.variables[0]!) psi += 0.05 * w
          return psi
        },
        gradient(view, grad) {
          const first = view.events[0]!.times
          for (let j = 0; j < first.length; j++) {
            const d = 0.02 * (firstOf(view, j) - 10)
            if (Number.isNaN(first[j]!)) grad.variables[0]![j]! -= 2 * d
            else grad.events[0]![j] = d
          }
          view.events[1]!.times.forEach((t, k) => (grad.events[1]![k] = (0.02 / 3) * Math.cos(t / 3) * (1 + planted)))
          view.traces[0]!.forEach((s, j) => (grad.traces[0]![j] = 0.2 * s))
          for (let j = 0; j < first.length; j++) grad.variables[0]![j]! += 0.05
        },
      },
    },
  }
}

const spec = (losses: Loss[]): NetworkSpec => ({
  inputs: [{ name: 'in', kind: 'spikes', size: 2, tauS: 3 }],
  populations: [
    { name: 'a', size: 3, neuron: toyNeuron(), gate: { shape: toyGate, width: 0.4 }, tauS: 4, train: { tauS: true, params: ['tau_m', 'v_r'] } },
    { name: 'b', size: 2, neuron: toyNeuron(), gate: { shape: toyGate, width: 0.4 }, tauS: 6 },
  ],
  projections: [
    { from: 'in', to: 'a', init: { kind: 'normal', std: 2 } },
    { from: 'a', to: 'a', connectivity: { mask: [[0, 1, 1], [1, 0, 0], [1, 1, 0]] }, init: { kind: 'normal', std: 0.5 } },
    { from: 'a', to: 'b', init: { kind: 'normal', std: 1.5 } },
  ],
  readout: { size: 2, from: ['b'] },
  losses,
})

const trial: Trial = {
  duration: 30,
  input: () => undefined,
  spikes: [Float64Array.of(-2, 3, 11.5, 20), Float64Array.of(0, 7.25)],
  target: (t, out) => ((out[0] = 0.05 * Math.sin(t / 5)), (out[1] = 0.02), 1),
}

function built(losses: Loss[]) {
  const r = createNetwork(spec(losses))
  if (!isRight(r)) throw new Error(r.left.message)
  const theta = initialWeights(r.right, new Rng(3))
  for (const b of r.right.layout.blocks) if (b.kind === 'bias') theta.fill(0.8, b.offset, b.offset + b.length)
  // neuron 2 of a stays silent: its first reset is the stand-in
  const biasA = r.right.layout.blocks.find((b) => b.name === 'bias:a')!
  theta[biasA.offset + 2] = -1
  const problem = networkProblem(r.right, trial)
  return { net: r.right, problem, iv: { t0: 0, t1: trial.duration, y0: trialInitialState(r.right, trial), theta } }
}

test('loss contract — a loss reading named traces, a neuron variable, first and every reset gets them; its gradient agrees with finite differences (2 entries per block), and a planted 1e-3 error is caught', (t) => {
  const { net, problem, iv } = built([readingLoss(), toyLoss()])
  const solve = { rtol: 1e-10, atol: 1e-12 }
  const g = getOrThrow(adjointGradient(problem, iv, solve))
  const resets = (p: string) => g.events.filter((e) => e.family === `reset:${p}`)
  const firing = new Set(resets('a').map((e) => e.index))
  t.log(`resets of a: ${resets('a').length} (neurons ${[...firing].join(', ')}), of b: ${resets('b').length}`)
  t.true(resets('b').length >= 2, 'population b resets (every reset is read)')
  t.true(firing.size >= 1 && firing.size < 3, 'some neurons of a fire, one never does (its stand-in is read)')
  const indices = net.layout.blocks.filter((b) => b.trainable).flatMap((b) => [b.offset, b.offset + b.length - 1])
  const fd = getOrThrow(finiteDifferenceEstimate(problem, iv, { indices: [...new Set(indices)], solve: oracleSolveOptions(iv), resolution: 1e-7 }))
  const report = compareWithFiniteDifferences(problem, g.loss, g.gradient, fd)
  for (const [name, b] of Object.entries(report.blocks)) {
    t.log(`${name}: ${b.maxRelativeError.toExponential(2)} over ${b.checked} (± ${b.uncertainty.toExponential(1)})`)
    t.true(b.maxRelativeError <= 1e-5, name)
  }
  t.true(report.ok)
  const planted = getOrThrow(adjointGradient(built([readingLoss(1e-3), toyLoss()]).problem, iv, solve))
  t.false(compareWithFiniteDifferences(problem, planted.loss, planted.gradient, fd).ok, 'the planted error is caught')
})

test('loss contract — solveForward and adjointGradient count the same loss, and the loss is the running and final terms', (t) => {
  const { problem, iv } = built([readingLoss()])
  const f = getOrThrow(solveForward(problem, iv, { rtol: 1e-10, atol: 1e-12 }))
  const g = getOrThrow(adjointGradient(problem, iv, { rtol: 1e-10, atol: 1e-12 }))
  t.is(f.loss, g.loss)
  const { problem: without } = built([toyLoss(0, 0)])
  const base = getOrThrow(solveForward(without, iv, { rtol: 1e-10, atol: 1e-12 }))
  t.true(Math.abs(f.loss - base.loss) > 1e-3, 'the reading loss adds to the loss')
})

test('loss contract — what a loss reads must exist: unknown populations and variables, and reset times of a neuron without reset, are issues naming the loss and the field', (t) => {
  const bad = (reads: LossReads): Loss => ({ ...readingLoss(), kind: 'bad', populations: { reads, final: readingLoss().populations!.final! } })
  const issuesOf = (reads: LossReads): string[] => {
    const r = createNetwork(spec([bad(reads)]))
    return isLeft(r) ? r.left.issues.map(formatIssue) : []
  }
  t.deepEqual(issuesOf({ traces: ['c'] }), ['losses[0] (bad).reads.traces[0]: "c" is not a population; name one of: a, b (a loss plugin takes it from its options, e.g. { "population": "b" })'])
  t.deepEqual(issuesOf({ variables: [{ population: 'a', variable: 'u' }] }), ['losses[0] (bad).reads.variables[0].variable: "u" is not a variable of neuron "toy" (population "a"); name one of: v, w'])
  t.deepEqual(issuesOf({ events: [{ population: 'b', which: 'last' as 'first' }] }), ['losses[0] (bad).reads.events[0].which: must be "every" or "first", got "last"'])
  const noReset = { ...toyNeuron(), reset: undefined }
  const r = createNetwork({ ...spec([bad({ events: [{ population: 'a', which: 'first' }] })]), populations: [{ name: 'a', size: 1, neuron: noReset, gate: { shape: toyGate, width: 0.4 }, tauS: 4 }], projections: [], readout: { size: 1, from: ['a'] } })
  t.true(isLeft(r) && /reads\.events\[0\]\.population: neuron "toy" of population "a" has no reset event/.test(r.left.message), isLeft(r) ? r.left.message : 'accepted')
  const noFinal: Loss = { ...readingLoss(), populations: { reads: { events: [{ population: 'a', which: 'first' }] }, running: readingLoss().populations!.running! } }
  t.true(createNetwork(spec([noFinal]))._tag === 'Left')
})

test('loss contract — checkLoss checks a loss that reads populations, and fails a planted error and a missing stand-in', (t) => {
  t.true(checkLoss(readingLoss(), { N: 3 }).ok, formatPluginCheck(checkLoss(readingLoss(), { N: 3 })))
  const planted = checkLoss(readingLoss(1e-3), { N: 3 })
  t.false(planted.ok)
  t.true(planted.checks.some((c) => !c.ok && /variables/.test(c.name)))
  t.true(planted.checks.some((c) => !c.ok && /event times/.test(c.name)))
  const noStandIn: Loss = {
    kind: 'no-stand-in',
    value: () => 0,
    gradient: () => undefined,
    populations: {
      reads: { events: [{ population: 'out', which: 'first' }] },
      final: {
        value: (view) => view.events[0]!.times.reduce((s, x) => s + x, 0),
        gradient: (view, grad) => grad.events[0]!.fill(1),
      },
    },
  }
  const report = checkLoss(noStandIn)
  t.false(report.ok)
  t.regex(formatPluginCheck(report), /never fired/)
})
