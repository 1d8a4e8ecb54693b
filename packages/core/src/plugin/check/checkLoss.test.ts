import test from 'ava'
import type { Loss } from '../loss.js'
import { checkLoss } from './checkLoss.js'
import { formatPluginCheck } from './pluginCheckReport.js'
import { toyLoss } from './toyPlugins.fixture.js'

function failing(loss: Loss): string[] {
  return checkLoss(loss)
    .checks.filter((c) => !c.ok)
    .map((c) => c.name)
}

test('checkLoss — a correct loss with a terminal term passes every check', (t) => {
  const report = checkLoss(toyLoss())
  t.true(report.ok, formatPluginCheck(report))
  t.is(report.checks.length, 5)
})

test('checkLoss — catches a gradient that overwrites instead of accumulating', (t) => {
  const good = toyLoss()
  const bad: Loss = {
    ...good,
    gradient(t, o, s, target, weight, gradO, gradS) {
      gradO.fill(0)
      good.gradient(t, o, s, target, weight, gradO, gradS)
    },
  }
  t.deepEqual(failing(bad), ['gradient — gradO = ∂l/∂o against central differences of value'])
})

test('checkLoss — catches a wrong ∂l/∂s and a wrong ∂Φ/∂tau_s', (t) => {
  const good = toyLoss()
  const badS: Loss = {
    ...good,
    gradient: (t, o, s, target, weight, gradO, gradS) => good.gradient(t + 1, o, s, target, weight, gradO, gradS),
  }
  t.deepEqual(failing(badS), ['gradient — gradS = ∂l/∂s against central differences of value'])
  const terminal = good.terminal!
  const badTau: Loss = {
    ...good,
    terminal: {
      ...terminal,
      gradient(a, b, tau, gs, gt) {
        const before = gt.slice()
        terminal.gradient(a, b, tau, gs, gt)
        for (let j = 0; j < gt.length; j++) gt[j] = 2 * before[j]! - gt[j]!
      },
    },
  }
  t.deepEqual(failing(badTau), ['terminal.gradient — gradTauS = ∂Φ/∂tau_s against central differences of terminal.value'])
})

test('checkLoss — zeroWhereUnweighted is held to its claim: a loss that counts weight-0 times and says it does not fails; one that does not count them passes', (t) => {
  const good = toyLoss()
  // the toy loss adds a term that does not vanish at weight 0: it may not claim to
  t.deepEqual(failing({ ...good, zeroWhereUnweighted: true }), ['zeroWhereUnweighted — weight 0 gives value 0 and adds no gradient'])
  const weighted: Loss = {
    ...good,
    zeroWhereUnweighted: true,
    value: (time, o, s, target, weight) => (weight === 0 ? 0 : weight * good.value(time, o, s, target, 1)),
    gradient(time, o, s, target, weight, gradO, gradS) {
      if (weight === 0) return
      const go = new Float64Array(gradO.length)
      const gs = new Float64Array(gradS.length)
      good.gradient(time, o, s, target, 1, go, gs)
      for (let r = 0; r < go.length; r++) gradO[r] += weight * go[r]
      for (let j = 0; j < gs.length; j++) gradS[j] += weight * gs[j]
    },
  }
  const report = checkLoss(weighted)
  t.true(report.ok, formatPluginCheck(report))
  t.true(report.checks.some((c) => c.name.startsWith('zeroWhereUnweighted')))
})
