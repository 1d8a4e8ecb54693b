import type { LeakyIntegrator } from '../neuron.js'
import type { NeuronCheckContext, NeuronSample } from './neuronCheckContext.js'
import type { PluginCheck } from './pluginCheckReport.js'
import { formatNumber, propertyCheck } from './pluginCheckReport.js'

/**
 * A neuron that declares itself a leaky integrator (`Neuron.leaky`) is solved from the
 * declaration by the closed-form structure, so the declaration must say what `rhs` and `reset`
 * do: one state variable; rhs = (−v + I)/tau at every sample; a reset whose condition vanishes
 * at v_th and rises through it, and whose jump sends v to v_reset, below v_th.
 */
export function checkNeuronLeaky(ctx: NeuronCheckContext, leaky: LeakyIntegrator, samples: readonly NeuronSample[]): PluginCheck[] {
  const { neuron, N, p } = ctx
  const problems: string[] = []
  if (ctx.S !== 1) problems.push(`declares one variable (leaky) but has ${ctx.S} (${neuron.stateNames.join(', ')})`)
  const out = new Float64Array(ctx.n)
  for (const s of samples) {
    if (problems.length > 0) break
    neuron.rhs(p, N, s.x, s.I, out)
    for (let j = 0; j < N; j++) {
      const tau = leaky.tau(p, N, j)
      const expected = (-s.x[j] + s.I[j]) / tau
      if (!(Math.abs(out[j] - expected) <= 1e-12 * Math.max(1, Math.abs(expected)))) {
        problems.push(`rhs = ${formatNumber(out[j])} at v = ${formatNumber(s.x[j])}, I = ${formatNumber(s.I[j])} (neuron ${j}), but (−v + I)/tau = ${formatNumber(expected)} with tau = ${formatNumber(tau)}`)
        break
      }
    }
  }
  const reset = neuron.reset
  if (reset === undefined) problems.push('declares a reset (leaky) but has none')
  else if (problems.length === 0) {
    for (let j = 0; j < N; j++) {
      const th = leaky.threshold(p, N, j)
      const vr = leaky.resetValue(p, N, j)
      const x = new Float64Array(ctx.n)
      x[j] = th
      const at = reset.condition(p, N, j, x)
      x[j] = th + 0.01 * Math.max(1, Math.abs(th))
      const above = reset.condition(p, N, j, x)
      x[j] = th - 0.01 * Math.max(1, Math.abs(th))
      const below = reset.condition(p, N, j, x)
      if (!(Math.abs(at) <= 1e-12 * Math.max(1, Math.abs(th)) && above > 0 && below < 0)) problems.push(`reset condition of neuron ${j} does not rise through 0 at v_th = ${formatNumber(th)} (${formatNumber(below)}, ${formatNumber(at)}, ${formatNumber(above)})`)
      x[j] = th
      reset.jump(p, N, j, x)
      if (x[j] !== vr) problems.push(`reset of neuron ${j} sends v to ${formatNumber(x[j])}, but v_reset = ${formatNumber(vr)}`)
      if (!(vr < th)) problems.push(`v_reset = ${formatNumber(vr)} is not below v_th = ${formatNumber(th)} (neuron ${j})`)
    }
  }
  return [propertyCheck('leaky — one variable, rhs = (−v + I)/tau, reset v → v_reset when v rises through v_th', problems)]
}
