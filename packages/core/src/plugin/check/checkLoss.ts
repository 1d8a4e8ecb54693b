import type { Loss, TerminalLoss } from '../loss.js'
import { Rng } from '../../util/rng.js'
import type { PluginCheck, PluginCheckReport } from './pluginCheckReport.js'
import { formatNumber, pluginCheckReport, propertyCheck } from './pluginCheckReport.js'
import { centralDifference, Comparison, defaultFloorRatio, defaultTolerance } from './comparison.js'
import { unchangedProblems } from './guardedArrays.js'
import { checkPopulationTerms } from './checkPopulationTerms.js'

/** Options of `checkLoss`. */
export interface LossCheckOptions {
  /** Seed of the sampler (core's `Rng`). Default 1. */
  readonly seed?: number
  /** Number of random points (t, o, s, target, weight). Default 20. */
  readonly samples?: number
  /** Number of synaptic traces s (the population size). Default 3. */
  readonly N?: number
  /** Number of outputs o and targets. Default 2. */
  readonly outputs?: number
  /** Relative tolerance of derivative checks. Default 1e-6. */
  readonly tolerance?: number
  /** Floor ratio of the error measure (see `PluginCheck`). Default 1e-3. */
  readonly floorRatio?: number
  /** Sampling range of outputs o and targets. Default [-2, 2]. */
  readonly outputRange?: readonly [number, number]
  /** Sampling range of traces s. Default [0.05, 2] (traces of an active network are positive). */
  readonly traceRange?: readonly [number, number]
  /** Sampling range of tau_s, ms. Default [2, 20]. */
  readonly tauSRange?: readonly [number, number]
  /** Sampling range of t, ms. Default [0, 100]. */
  readonly timeRange?: readonly [number, number]
  /** Sampling range of the neuron variables a loss reads by name (`Loss.populations`). Default [-0.5, 1.5]. */
  readonly variableRange?: readonly [number, number]
}

/**
 * Checks a loss term at random t, o, s, target and weight ∈ [0, 1] (seeded):
 * - `gradient` accumulates gradO = ∂l/∂o and gradS = ∂l/∂s (checked against central differences of
 *   `value`, with the accumulators pre-filled), and leaves o, s and target unchanged;
 * - `terminal.gradient`, if any: gradS = ∂Φ/∂s(T) and gradTauS = ∂Φ/∂tau_s (one tau_s per neuron),
 *   accumulated, against central differences of `terminal.value`.
 * - `populations`, if any (terms on what the loss reads of populations by name): the running and
 *   final gradients in every trace, variable and event time against central differences of the
 *   values, at random views of the declared shapes (N neurons each, event times in the time
 *   range, the first time of one neuron missing in every third sample: the value must stay finite).
 * - `zeroWhereUnweighted`, if declared: weight 0 gives value 0 and adds nothing to the gradient.
 * Steps are h = 1e-6 (1 + |x|); the error measure is described on `PluginCheck`.
 */
export function checkLoss(loss: Loss, options: LossCheckOptions = {}): PluginCheckReport {
  const subject = `loss '${loss.kind}'`
  const N = options.N ?? 3
  const R = options.outputs ?? 2
  const samples = options.samples ?? 20
  const shape = [
    ...(Number.isInteger(N) && N >= 1 ? [] : [`options.N = ${N} must be a positive integer`]),
    ...(Number.isInteger(R) && R >= 1 ? [] : [`options.outputs = ${R} must be a positive integer`]),
    ...(Number.isInteger(samples) && samples >= 1 ? [] : [`options.samples = ${samples} must be a positive integer`]),
  ]
  if (shape.length > 0) return pluginCheckReport(subject, [propertyCheck('shape — options are valid', shape)])
  const rng = new Rng(options.seed ?? 1)
  const tol = options.tolerance ?? defaultTolerance
  const floor = options.floorRatio ?? defaultFloorRatio
  const draw = (n: number, [lo, hi]: readonly [number, number]): Float64Array => {
    const a = new Float64Array(n)
    for (let i = 0; i < n; i++) a[i] = rng.between(lo, hi)
    return a
  }
  const outputRange = options.outputRange ?? [-2, 2]
  const traceRange = options.traceRange ?? [0.05, 2]
  const gradO = new Comparison('gradient — gradO = ∂l/∂o against central differences of value', tol, floor)
  const gradS = new Comparison('gradient — gradS = ∂l/∂s against central differences of value', tol, floor)
  const problems: string[] = []
  for (let k = 0; k < samples; k++) {
    const t = rng.between(...(options.timeRange ?? [0, 100]))
    const o = draw(R, outputRange)
    const s = draw(N, traceRange)
    const target = draw(R, outputRange)
    const weight = rng.uniform()
    const before = [o.slice(), s.slice(), target.slice()]
    const go = draw(R, [-1, 1])
    const gs = draw(N, [-1, 1])
    const go0 = go.slice()
    const gs0 = gs.slice()
    loss.gradient(t, o, s, target, weight, go, gs)
    problems.push(
      ...unchangedProblems('gradient o', before[0]!, o),
      ...unchangedProblems('gradient s', before[1]!, s),
      ...unchangedProblems('gradient target', before[2]!, target),
    )
    const value = (): number => loss.value(t, o, s, target, weight)
    const where = () => `sample ${k} (t = ${formatNumber(t)}, weight = ${formatNumber(weight)})`
    for (let r = 0; r < R; r++) gradO.add(go[r]! - go0[r]!, centralDifference(o, r, value), () => `${where()}, ∂l/∂o[${r}]`)
    for (let j = 0; j < N; j++) gradS.add(gs[j]! - gs0[j]!, centralDifference(s, j, value), () => `${where()}, ∂l/∂s[${j}]`)
  }
  const checks: PluginCheck[] = [
    propertyCheck('gradient — leaves o, s and target unchanged', problems),
    gradO.result(),
    gradS.result(),
  ]
  if (loss.zeroWhereUnweighted === true) {
    // the claim: weight 0 gives value 0 and a gradient that adds nothing
    const unweighted: string[] = []
    for (let k = 0; k < samples; k++) {
      const t = rng.between(...(options.timeRange ?? [0, 100]))
      const o = draw(R, outputRange)
      const s = draw(N, traceRange)
      const target = draw(R, outputRange)
      const go = draw(R, [-1, 1])
      const gs = draw(N, [-1, 1])
      const go0 = go.slice()
      const gs0 = gs.slice()
      const v = loss.value(t, o, s, target, 0)
      loss.gradient(t, o, s, target, 0, go, gs)
      if (v !== 0) unweighted.push(`sample ${k} (t = ${formatNumber(t)}): value ${formatNumber(v)} at weight 0`)
      if (go.some((x, r) => x !== go0[r]) || gs.some((x, j) => x !== gs0[j])) unweighted.push(`sample ${k} (t = ${formatNumber(t)}): gradient adds to gradO or gradS at weight 0`)
    }
    checks.push(propertyCheck('zeroWhereUnweighted — weight 0 gives value 0 and adds no gradient', unweighted))
  }
  if (loss.terminal !== undefined) checks.push(...checkTerminal(loss.terminal, rng, samples, N, traceRange, options, tol, floor))
  if (loss.populations !== undefined) {
    checks.push(
      ...checkPopulationTerms(loss.populations, rng, {
        samples,
        N,
        outputs: R,
        traceRange,
        variableRange: options.variableRange ?? [-0.5, 1.5],
        duration: (options.timeRange ?? [0, 100])[1],
        tol,
        floor,
      }),
    )
  }
  return pluginCheckReport(subject, checks)
}

// internals

function checkTerminal(
  terminal: TerminalLoss,
  rng: Rng,
  samples: number,
  N: number,
  traceRange: readonly [number, number],
  options: LossCheckOptions,
  tol: number,
  floor: number,
): PluginCheck[] {
  const gradS = new Comparison('terminal.gradient — gradS = ∂Φ/∂s(T) against central differences of terminal.value', tol, floor)
  const gradTau = new Comparison('terminal.gradient — gradTauS = ∂Φ/∂tau_s against central differences of terminal.value', tol, floor)
  const [tlo, thi] = options.tauSRange ?? [2, 20]
  for (let k = 0; k < samples; k++) {
    const sEnd = new Float64Array(N).map(() => rng.between(...traceRange))
    const sStart = new Float64Array(N).map(() => rng.between(...traceRange))
    const tau = new Float64Array(N).map(() => rng.between(tlo, thi))
    const gs = new Float64Array(N).map(() => rng.between(-1, 1))
    const gt = new Float64Array(N).map(() => rng.between(-1, 1))
    const gs0 = gs.slice()
    const gt0 = gt.slice()
    terminal.gradient(sEnd, sStart, tau, gs, gt)
    const value = (): number => terminal.value(sEnd, sStart, tau)
    const where = `sample ${k}`
    for (let j = 0; j < N; j++) {
      gradS.add(gs[j]! - gs0[j]!, centralDifference(sEnd, j, value), () => `${where}, ∂Φ/∂s[${j}]`)
      gradTau.add(gt[j]! - gt0[j]!, centralDifference(tau, j, value), () => `${where} (tau_s[${j}] = ${formatNumber(tau[j]!)}), ∂Φ/∂tau_s[${j}]`)
    }
  }
  return [gradS.result(), gradTau.result()]
}
