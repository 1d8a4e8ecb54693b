import type { Neuron } from '../neuron.js'
import type { PluginCheck, PluginCheckReport } from './pluginCheckReport.js'
import { pluginCheckReport, propertyCheck } from './pluginCheckReport.js'
import { Comparison, defaultFloorRatio, defaultTolerance } from './comparison.js'
import { guardedOutput, outputProblems, unchangedProblems } from './guardedArrays.js'
import type { NeuronCheckOptions, NeuronSample } from './neuronCheckContext.js'
import { NeuronCheckContext } from './neuronCheckContext.js'
import { checkNeuronReset } from './checkNeuronReset.js'
import { checkNeuronTable } from './checkNeuronTable.js'
import { checkNeuronLeaky } from './checkNeuronLeaky.js'

/**
 * Checks a neuron plugin against its own right-hand side, at random states x, currents I and
 * adjoint vectors λ (seeded):
 * - `vjp`: outX = (∂f/∂x)ᵀλ and outI = (∂f/∂I)ᵀλ against Σ_i λ_i (f_i(x + h e_k) - f_i(x - h e_k)) / 2h
 *   for every coordinate k of every neuron (so coupling between neurons would show);
 * - `paramVjp` (accumulating, with a random scale) against central differences in each
 *   trainable parameter;
 * - the reset event, if any (see `checkNeuronReset`);
 * - for a neuron with `perNeuronParameters`, the same with a per-neuron parameter table (see
 *   `checkNeuronTable`): each neuron as if alone, and every parameter derivative per neuron;
 * - for a neuron that declares `leaky`, that the declaration says what rhs and reset do
 *   (see `checkNeuronLeaky`);
 * - that rhs, vjp, paramVjp and initialState write all and only the first stateSize·N entries,
 *   read nothing past them (inputs carry a NaN tail) and leave their inputs unchanged.
 * Steps are h = 1e-6 (1 + |x_k|); the error measure is described on `PluginCheck`.
 *
 * @example
 * const report = checkNeuron(qifNeuron(), { stateRanges: [[-Math.PI, Math.PI]] })
 * if (!report.ok) console.log(formatPluginCheck(report))
 */
export function checkNeuron(neuron: Neuron, options: NeuronCheckOptions = {}): PluginCheckReport {
  const subject = `neuron '${neuron.kind}'`
  const shape = shapeProblems(neuron, options)
  if (shape.length > 0) return pluginCheckReport(subject, [propertyCheck('shape — state, parameters and options agree', shape)])
  const ctx = new NeuronCheckContext(neuron, options)
  const tol = options.tolerance ?? defaultTolerance
  const floor = options.floorRatio ?? defaultFloorRatio
  const outX = new Comparison('vjp — outX = (∂f/∂x)ᵀλ against central differences of rhs', tol, floor)
  const outI = new Comparison('vjp — outI = (∂f/∂I)ᵀλ against central differences of rhs', tol, floor)
  const param = new Comparison('paramVjp — Σ λᵀ∂f/∂p against central differences of rhs', tol, floor)
  const rhsBounds: string[] = []
  const vjpBounds: string[] = []
  const paramBounds: string[] = []
  const samples: NeuronSample[] = []
  for (let k = 0; k < ctx.samples; k++) {
    const s = ctx.sample(k)
    samples.push(s)
    rhsBounds.push(...checkRhsBounds(ctx, s))
    vjpBounds.push(...compareVjp(ctx, s, outX, outI))
    if (ctx.trainable.length > 0) paramBounds.push(...compareParamVjp(ctx, s, param))
  }
  const checks: PluginCheck[] = [
    propertyCheck('rhs — writes all and only out[0, stateSize·N), reads no further, keeps its inputs', rhsBounds),
    propertyCheck('vjp — writes all and only outX[0, stateSize·N) and outI[0, N), keeps its inputs', vjpBounds),
    outX.result(),
    outI.result(),
  ]
  if (ctx.trainable.length > 0) {
    checks.push(propertyCheck('paramVjp — accumulates into acc[0, P) only, keeps its inputs', paramBounds), param.result())
  }
  checks.push(propertyCheck('initialState — writes all and only out[0, stateSize·N), finite', initialProblems(ctx)))
  checks.push(propertyCheck('gateZone — finite centre, positive period if any', gateZoneProblems(neuron, ctx.p)))
  if (neuron.reset !== undefined) checks.push(...checkNeuronReset(ctx, neuron.reset, samples, tol, floor))
  if (neuron.perNeuronParameters === true) checks.push(...checkNeuronTable(ctx, samples, tol, floor))
  if (neuron.leaky !== undefined) checks.push(...checkNeuronLeaky(ctx, neuron.leaky, samples))
  return pluginCheckReport(subject, checks)
}

// internals

function shapeProblems(neuron: Neuron, options: NeuronCheckOptions): string[] {
  const problems: string[] = []
  const S = neuron.stateNames.length
  const P = neuron.parameters.length
  if (S < 1) problems.push('stateNames is empty: a neuron needs at least one state variable')
  if (!Number.isInteger(neuron.voltageIndex) || neuron.voltageIndex < 0 || neuron.voltageIndex >= S) {
    problems.push(`voltageIndex = ${neuron.voltageIndex} must index stateNames (0 .. ${S - 1})`)
  }
  if (neuron.defaults.length !== P) problems.push(`defaults has ${neuron.defaults.length} values for ${P} parameters`)
  if (options.parameters !== undefined && options.parameters.length !== P) {
    problems.push(`options.parameters has ${options.parameters.length} values for ${P} parameters`)
  }
  const trainable = neuron.parameters.filter((spec) => spec.trainable === true).map((spec) => spec.name)
  if (trainable.length > 0 && typeof neuron.paramVjp !== 'function') {
    problems.push(`parameters ${trainable.join(', ')} are trainable but the neuron has no paramVjp: add it or mark them untrainable`)
  }
  const N = options.N ?? 3
  if (!Number.isInteger(N) || N < 1) problems.push(`options.N = ${N} must be a positive integer`)
  const samples = options.samples ?? 12
  if (!Number.isInteger(samples) || samples < 1) problems.push(`options.samples = ${samples} must be a positive integer`)
  if (options.stateRanges !== undefined && options.stateRanges.length !== S) {
    problems.push(`options.stateRanges has ${options.stateRanges.length} ranges for ${S} state variables (${neuron.stateNames.join(', ')})`)
  }
  const ranges = [...(options.stateRanges ?? []), ...(options.currentRange ? [options.currentRange] : [])]
  for (const [lo, hi] of ranges) {
    if (!(Number.isFinite(lo) && Number.isFinite(hi) && lo <= hi)) problems.push(`sampling range [${lo}, ${hi}] must be finite with lo ≤ hi`)
  }
  return problems
}

function checkRhsBounds(ctx: NeuronCheckContext, s: NeuronSample): string[] {
  const { neuron, p, N, n } = ctx
  const before = [s.x.slice(), s.I.slice(), p.slice()]
  const out = guardedOutput(n)
  neuron.rhs(p, N, s.x, s.I, out)
  return [
    ...outputProblems(`rhs out (sample ${s.index})`, out, n),
    ...unchangedProblems('rhs x', before[0]!, s.x),
    ...unchangedProblems('rhs I', before[1]!, s.I),
    ...unchangedProblems('rhs p', before[2]!, p),
  ]
}

function compareVjp(ctx: NeuronCheckContext, s: NeuronSample, outX: Comparison, outI: Comparison): string[] {
  const { neuron, p, N, n } = ctx
  const before = [s.x.slice(), s.I.slice(), s.lam.slice(), p.slice()]
  const gx = guardedOutput(n)
  const gi = guardedOutput(N)
  neuron.vjp(p, N, s.x, s.I, s.lam, gx, gi)
  const problems = [
    ...outputProblems(`vjp outX (sample ${s.index})`, gx, n),
    ...outputProblems(`vjp outI (sample ${s.index})`, gi, N),
    ...unchangedProblems('vjp x', before[0]!, s.x),
    ...unchangedProblems('vjp I', before[1]!, s.I),
    ...unchangedProblems('vjp lam', before[2]!, s.lam),
    ...unchangedProblems('vjp p', before[3]!, p),
  ]
  for (let k = 0; k < n; k++) {
    const a = Math.floor(k / N)
    const j = k % N
    outX.add(gx[k]!, ctx.rhsVjpReference(s, s.x, k), () => `${ctx.where(s, j)}, outX entry ∂/∂${neuron.stateNames[a]}`)
  }
  for (let j = 0; j < N; j++) {
    outI.add(gi[j]!, ctx.rhsVjpReference(s, s.I, j), () => `${ctx.where(s, j)}, outI entry`)
  }
  return problems
}

function compareParamVjp(ctx: NeuronCheckContext, s: NeuronSample, param: Comparison): string[] {
  const { neuron, p, N, P, rng } = ctx
  const before = [s.x.slice(), s.I.slice(), s.lam.slice(), p.slice()]
  const acc = guardedOutput(P)
  const acc0 = new Float64Array(P)
  for (let k = 0; k < P; k++) acc[k] = acc0[k] = rng.between(-1, 1)
  const scale = rng.between(0.5, 2)
  neuron.paramVjp!(p, N, s.x, s.I, s.lam, scale, acc)
  const problems = [
    ...outputProblems(`paramVjp acc (sample ${s.index})`, acc, P, false),
    ...unchangedProblems('paramVjp x', before[0]!, s.x),
    ...unchangedProblems('paramVjp I', before[1]!, s.I),
    ...unchangedProblems('paramVjp lam', before[2]!, s.lam),
    ...unchangedProblems('paramVjp p', before[3]!, p),
  ]
  for (const k of ctx.trainable) {
    const name = neuron.parameters[k]!.name
    param.add(acc[k]! - acc0[k]!, scale * ctx.rhsVjpReference(s, p, k), () => `sample ${s.index} (scale ${scale}), parameter ${name}`)
  }
  return problems
}

function initialProblems(ctx: NeuronCheckContext): string[] {
  const out = guardedOutput(ctx.n)
  const before = ctx.p.slice()
  ctx.neuron.initialState(ctx.p, ctx.N, out)
  return [...outputProblems('initialState out', out, ctx.n), ...unchangedProblems('initialState p', before, ctx.p)]
}

function gateZoneProblems(neuron: Neuron, p: Float64Array): string[] {
  const zone = neuron.gateZone(p, 0.1)
  const problems: string[] = []
  if (!Number.isFinite(zone.center)) problems.push(`gateZone(p, 0.1).center = ${zone.center} is not finite`)
  if (zone.period !== undefined && !(zone.period > 0 && Number.isFinite(zone.period))) {
    problems.push(`gateZone(p, 0.1).period = ${zone.period} must be positive and finite`)
  }
  return problems
}
