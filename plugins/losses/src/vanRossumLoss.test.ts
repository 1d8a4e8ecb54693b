import test from 'ava'
import { checkLoss, formatPluginCheck, type LossView, type Trial } from '@spikegrad/core'
import { vanRossumLoss } from './vanRossumLoss.js'

const trial = (targetSpikes: number[][]): Trial => ({ duration: 50, input: () => undefined, target: () => 1, targetSpikes: targetSpikes.map((s) => Float64Array.from(s)) })

test('van Rossum — l = scale · tau · Σ (s − s*)², s* the target trains filtered by exp(−t/tau)/tau', (t) => {
  const running = vanRossumLoss({ tau: 4 }).populations!.running!
  const tr = trial([[2, 5], []])
  const view: LossView = { t: 6, traces: [Float64Array.of(0.1, 0.2)], variables: [], target: new Float64Array(1), weight: 0, trial: tr }
  const s0 = (Math.exp(-4 / 4) + Math.exp(-1 / 4)) / 4
  t.true(Math.abs(running.value(view) - 4 * ((0.1 - s0) ** 2 + 0.2 ** 2)) < 1e-15)
})

test('van Rossum — integrated over a trial, a spike train against itself filtered gives 0, one spike more gives D² = 1/2', (t) => {
  const tau = 5
  const running = vanRossumLoss({ tau }).populations!.running!
  const own = [10, 30]
  const filteredAt = (spikes: number[], time: number): number => spikes.reduce((s, tk) => s + (tk <= time ? Math.exp(-(time - tk) / tau) / tau : 0), 0)
  const integrate = (target: number[][]): number => {
    const tr = trial(target)
    const s = new Float64Array(1)
    const view = { t: 0, traces: [s], variables: [], target: new Float64Array(1), weight: 1, trial: tr }
    let sum = 0
    const h = 0.001
    for (let time = h / 2; time < 400; time += h) {
      view.t = time
      s[0] = filteredAt(own, time)
      sum += h * running.value(view)
    }
    return sum
  }
  t.true(integrate([own]) < 1e-12)
  t.true(Math.abs(integrate([[10, 30, 60]]) - 0.5) < 1e-6, `${integrate([[10, 30, 60]])}`)
})

test('van Rossum — passes checkLoss (∂l/∂s against central differences); a trial without target trains is refused in words', (t) => {
  const report = checkLoss(vanRossumLoss({ tau: 3, scale: 0.5 }), { N: 3 })
  t.true(report.ok, formatPluginCheck(report))
  const view: LossView = { t: 6, traces: [Float64Array.of(0.1)], variables: [], target: new Float64Array(1), weight: 0, trial: { duration: 10, target: () => 1 } }
  t.throws(() => vanRossumLoss().populations!.running!.value(view), { message: /no target spike trains.*Trial.targetSpikes/ })
  t.throws(() => vanRossumLoss({ tau: 0 }), { message: /tau/ })
})
