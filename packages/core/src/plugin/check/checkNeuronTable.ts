import type { PluginCheck } from './pluginCheckReport.js'
import { propertyCheck } from './pluginCheckReport.js'
import { centralDifference, Comparison } from './comparison.js'
import { guardedOutput } from './guardedArrays.js'
import type { NeuronCheckContext, NeuronSample } from './neuronCheckContext.js'

/**
 * Checks a neuron that declares `perNeuronParameters` with a per-neuron table T (P × N,
 * T[k·N + j], each neuron's values moved a little from the checked ones, within range):
 * - rhs and vjp with T give, for every neuron j, what they give for neuron j alone (N = 1 with
 *   its own P values);
 * - paramVjp with T keeps one entry per neuron: acc[k·N + j] against central differences of
 *   Σ λᵀ f in T[k·N + j], for every trainable k and every neuron j;
 * - the reset's condition and jump with T equal neuron j's alone, and conditionParamGradient and
 *   jumpParamVjp with T against central differences in T[k·N + j].
 */
export function checkNeuronTable(ctx: NeuronCheckContext, samples: readonly NeuronSample[], tolerance: number, floorRatio: number): PluginCheck[] {
  const { neuron, N, S, P, n } = ctx
  const table = perNeuronTable(ctx)
  const original = table.slice()
  const alone = new Comparison('per-neuron table — rhs, vjp, reset with a table equal each neuron alone', tolerance, floorRatio)
  const param = new Comparison('per-neuron table — paramVjp acc[k·N + j] against central differences in p_kj', tolerance, floorRatio)
  const reset = neuron.reset
  const resetParam = new Comparison('per-neuron table — reset parameter gradients against central differences in p_kj', tolerance, floorRatio)
  const problems: string[] = []
  const one = new Float64Array(P)
  const x1 = new Float64Array(S)
  const I1 = new Float64Array(1)
  const l1 = new Float64Array(S)
  const f1 = new Float64Array(S)
  const vx1 = new Float64Array(S)
  const vi1 = new Float64Array(1)
  for (const s of samples) {
    const f = guardedOutput(n)
    const vx = guardedOutput(n)
    const vi = guardedOutput(N)
    neuron.rhs(table, N, s.x, s.I, f)
    neuron.vjp(table, N, s.x, s.I, s.lam, vx, vi)
    for (let j = 0; j < N; j++) {
      for (let k = 0; k < P; k++) one[k] = table[k * N + j]!
      for (let a = 0; a < S; a++) {
        x1[a] = s.x[a * N + j]!
        l1[a] = s.lam[a * N + j]!
      }
      I1[0] = s.I[j]!
      neuron.rhs(one, 1, x1, I1, f1)
      neuron.vjp(one, 1, x1, I1, l1, vx1, vi1)
      for (let a = 0; a < S; a++) {
        alone.add(f[a * N + j]!, f1[a]!, () => `${ctx.where(s, j)}, rhs of ${neuron.stateNames[a]}`)
        alone.add(vx[a * N + j]!, vx1[a]!, () => `${ctx.where(s, j)}, vjp outX of ${neuron.stateNames[a]}`)
      }
      alone.add(vi[j]!, vi1[0]!, () => `${ctx.where(s, j)}, vjp outI`)
      if (reset !== undefined) {
        alone.add(reset.condition(table, N, j, s.x), reset.condition(one, 1, 0, x1), () => `${ctx.where(s, j)}, reset condition`)
        const xt = s.x.slice()
        reset.jump(table, N, j, xt)
        const xa = x1.slice()
        reset.jump(one, 1, 0, xa)
        for (let a = 0; a < S; a++) alone.add(xt[a * N + j]!, xa[a]!, () => `${ctx.where(s, j)}, reset jump of ${neuron.stateNames[a]}`)
      }
    }
    if (ctx.trainable.length === 0 || neuron.paramVjp === undefined) continue
    const acc = new Float64Array(P * N)
    const scale = ctx.rng.between(0.5, 2)
    neuron.paramVjp(table, N, s.x, s.I, s.lam, scale, acc)
    for (const k of ctx.trainable) {
      const name = neuron.parameters[k]!.name
      for (let j = 0; j < N; j++) {
        param.add(acc[k * N + j]!, scale * ctx.rhsVjpReference(s, table, k * N + j, table), () => `sample ${s.index}, parameter ${name} of neuron ${j}`)
      }
    }
    if (reset === undefined) continue
    const j = ctx.rng.int(N)
    const cAcc = new Float64Array(P * N)
    reset.conditionParamGradient?.(table, N, j, s.x, 1, cAcc)
    const jAcc = new Float64Array(P * N)
    reset.jumpParamVjp?.(table, N, j, s.x, s.lam, jAcc)
    const jumped = (): number => {
      const xt = s.x.slice()
      reset.jump(table, N, j, xt)
      let sum = 0
      for (let a = 0; a < S; a++) sum += s.lam[a * N + j]! * xt[a * N + j]!
      return sum
    }
    for (const k of ctx.trainable) {
      const name = neuron.parameters[k]!.name
      for (let i = 0; i < N; i++) {
        const e = k * N + i
        resetParam.add(cAcc[e]!, centralDifference(table, e, () => reset.condition(table, N, j, s.x)), () => `sample ${s.index}, ∂c_${j}/∂${name} of neuron ${i}`)
        resetParam.add(jAcc[e]!, centralDifference(table, e, jumped), () => `sample ${s.index}, λᵀ∂h_${j}/∂${name} of neuron ${i}`)
      }
    }
  }
  neuron.initialState(table, N, guardedOutput(n))
  for (let i = 0; i < table.length; i++) if (!Object.is(table[i], original[i])) problems.push(`the table changed at ${i} (parameter ${Math.floor(i / N)}, neuron ${i % N})`)
  const checks = [propertyCheck('per-neuron table — keeps the table unchanged', problems), alone.result()]
  if (ctx.trainable.length > 0) checks.push(param.result())
  if (reset !== undefined && ctx.trainable.length > 0) checks.push(resetParam.result())
  return checks
}

/** The checked values, neuron j's moved by up to ±5 % (or ±0.05 for a zero), kept within each parameter's range. */
function perNeuronTable(ctx: NeuronCheckContext): Float64Array {
  const { neuron, N, P, p } = ctx
  const table = new Float64Array(P * N)
  for (let k = 0; k < P; k++) {
    const spec = neuron.parameters[k]!
    for (let j = 0; j < N; j++) {
      const u = ctx.rng.between(-0.05, 0.05)
      let v = p[k] === 0 ? u : p[k]! * (1 + u)
      if (spec.min !== undefined && v < spec.min) v = spec.min
      if (spec.max !== undefined && v > spec.max) v = spec.max
      table[k * N + j] = v
    }
  }
  return table
}
