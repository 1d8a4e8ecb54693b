import type { NeuronReset } from '../neuron.js'
import type { PluginCheck } from './pluginCheckReport.js'
import { propertyCheck } from './pluginCheckReport.js'
import { centralDifference, Comparison } from './comparison.js'
import { guardedOutput, outputProblems, unchangedProblems } from './guardedArrays.js'
import type { NeuronCheckContext, NeuronSample } from './neuronCheckContext.js'

/**
 * Checks a neuron's reset event at the sampled states, for one random neuron j per sample:
 * - conditionGradient against central differences of c_j in every coordinate of every neuron
 *   (entries of other neurons must be 0);
 * - conditionParamGradient (accumulating, random scale) and jumpParamVjp against central
 *   differences in each trainable parameter; an absent one must be zero by differences too;
 * - jumpVjp: (∂h/∂x_j)ᵀλ⁺ against Σ_b λ⁺_b (h_b(x + h e_a) - h_b(x - h e_a)) / 2h;
 * - that jump and jumpVjp change neuron j's entries only.
 */
export function checkNeuronReset(
  ctx: NeuronCheckContext,
  reset: NeuronReset,
  samples: readonly NeuronSample[],
  tolerance: number,
  floorRatio: number,
): PluginCheck[] {
  const c = {
    grad: new Comparison('reset.conditionGradient — ∂c/∂x against central differences of condition', tolerance, floorRatio),
    param: new Comparison('reset.conditionParamGradient — ∂c/∂p against central differences of condition', tolerance, floorRatio),
    jump: new Comparison('reset.jumpVjp — (∂h/∂x)ᵀλ against central differences of jump', tolerance, floorRatio),
    jumpParam: new Comparison('reset.jumpParamVjp — λᵀ∂h/∂p against central differences of jump', tolerance, floorRatio),
  }
  const problems: string[] = []
  for (const s of samples) {
    const j = ctx.rng.int(ctx.N)
    problems.push(...compareCondition(ctx, reset, s, j, c.grad, c.param))
    problems.push(...compareJump(ctx, reset, s, j, c.jump, c.jumpParam))
  }
  const checks = [
    propertyCheck('reset — condition, jump and their derivatives touch neuron j only and keep their inputs', problems),
    c.grad.result(),
    c.jump.result(),
  ]
  if (ctx.trainable.length > 0) checks.push(c.param.result(), c.jumpParam.result())
  return checks
}

// internals

function compareCondition(
  ctx: NeuronCheckContext,
  reset: NeuronReset,
  s: NeuronSample,
  j: number,
  grad: Comparison,
  param: Comparison,
): string[] {
  const { neuron, p, N, n, S, P, rng } = ctx
  const x0 = s.x.slice()
  const out = guardedOutput(S)
  reset.conditionGradient(p, N, j, s.x, out)
  const problems = [
    ...outputProblems(`conditionGradient out (sample ${s.index}, neuron ${j})`, out, S),
    ...unchangedProblems('conditionGradient x', x0, s.x),
  ]
  const cond = (): number => reset.condition(p, N, j, s.x)
  for (let k = 0; k < n; k++) {
    const a = Math.floor(k / N)
    const own = k % N === j
    const what = own ? `∂c/∂${neuron.stateNames[a]}` : `∂c/∂(${neuron.stateNames[a]} of neuron ${k % N}), must be 0`
    grad.add(own ? out[a]! : 0, centralDifference(s.x, k, cond), () => `${ctx.where(s, j)}, ${what}`)
  }
  const acc = guardedOutput(P)
  const acc0 = new Float64Array(P)
  for (let k = 0; k < P; k++) acc[k] = acc0[k] = rng.between(-1, 1)
  const scale = rng.between(0.5, 2)
  reset.conditionParamGradient?.(p, N, j, s.x, scale, acc)
  problems.push(...outputProblems(`conditionParamGradient acc (sample ${s.index})`, acc, P, false))
  for (const k of ctx.trainable) {
    const name = neuron.parameters[k]!.name
    const absent = reset.conditionParamGradient === undefined ? ' (conditionParamGradient is absent)' : ''
    param.add(acc[k]! - acc0[k]!, scale * centralDifference(p, k, cond), () => `${ctx.where(s, j)}, ∂c/∂${name} × scale ${scale}${absent}`)
  }
  return problems
}

function compareJump(
  ctx: NeuronCheckContext,
  reset: NeuronReset,
  s: NeuronSample,
  j: number,
  jump: Comparison,
  jumpParam: Comparison,
): string[] {
  const { neuron, p, N, S, P } = ctx
  const problems: string[] = []
  const after = s.x.slice()
  reset.jump(p, N, j, after)
  for (let i = 0; i < after.length; i++) {
    const mine = i < S * N && i % N === j
    if (mine && !Number.isFinite(after[i]!)) problems.push(`jump wrote a non-finite value at x[${i}] (sample ${s.index})`)
    if (!mine && !Object.is(after[i], s.x[i])) problems.push(`jump for neuron ${j} changed x[${i}], which is not neuron ${j}'s`)
  }
  const lamPlus = s.lam.slice()
  const x0 = s.x.slice()
  reset.jumpVjp(p, N, j, s.x, lamPlus)
  problems.push(...unchangedProblems('jumpVjp xMinus', x0, s.x))
  for (let i = 0; i < lamPlus.length; i++) {
    const mine = i < S * N && i % N === j
    if (!mine && !Object.is(lamPlus[i], s.lam[i])) problems.push(`jumpVjp for neuron ${j} changed lam[${i}], which is not neuron ${j}'s`)
  }
  // Σ_b λ⁺_b ∂h_b/∂target[k], by central differences of the jump map.
  const jumpReference = (target: Float64Array, k: number): number => {
    const t0 = target[k]!
    const h = 1e-6 * (1 + Math.abs(t0))
    const xp = s.x.slice()
    const xm = s.x.slice()
    const tp = t0 + h
    const tm = t0 - h
    if (target === s.x) {
      xp[k] = tp
      xm[k] = tm
      reset.jump(p, N, j, xp)
      reset.jump(p, N, j, xm)
    } else {
      target[k] = tp
      reset.jump(p, N, j, xp)
      target[k] = tm
      reset.jump(p, N, j, xm)
      target[k] = t0
    }
    let sum = 0
    for (let b = 0; b < S; b++) sum += s.lam[b * N + j]! * (xp[b * N + j]! - xm[b * N + j]!)
    return sum / (tp - tm)
  }
  for (let a = 0; a < S; a++) {
    const k = a * N + j
    jump.add(lamPlus[k]!, jumpReference(s.x, k), () => `${ctx.where(s, j)}, entry ${neuron.stateNames[a]}`)
  }
  const acc = guardedOutput(P)
  const acc0 = new Float64Array(P)
  for (let k = 0; k < P; k++) acc[k] = acc0[k] = ctx.rng.between(-1, 1)
  reset.jumpParamVjp?.(p, N, j, s.x, s.lam, acc)
  problems.push(...outputProblems(`jumpParamVjp acc (sample ${s.index})`, acc, P, false))
  for (const k of ctx.trainable) {
    const name = neuron.parameters[k]!.name
    const absent = reset.jumpParamVjp === undefined ? ' (jumpParamVjp is absent)' : ''
    jumpParam.add(acc[k]! - acc0[k]!, jumpReference(p, k), () => `${ctx.where(s, j)}, parameter ${name}${absent}`)
  }
  return problems
}
