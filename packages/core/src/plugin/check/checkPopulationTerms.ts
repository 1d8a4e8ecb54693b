import type { EventTimes, FinalLossView, LossGradient, LossView, PopulationTerms } from '../populationLoss.js'
import type { Trial } from '../task.js'
import type { Rng } from '../../util/rng.js'
import type { PluginCheck } from './pluginCheckReport.js'
import { formatNumber, propertyCheck } from './pluginCheckReport.js'
import { centralDifference, Comparison } from './comparison.js'

/** Sampling ranges and sizes of `checkPopulationTerms` (from `LossCheckOptions`). */
export interface PopulationCheckSettings {
  readonly samples: number
  /** Neurons of every population the loss reads. */
  readonly N: number
  /** Size of the target (at least N: a loss on a population compares each neuron with an entry). */
  readonly outputs: number
  readonly traceRange: readonly [number, number]
  readonly variableRange: readonly [number, number]
  /** The trial's length T, ms; event times are drawn in (0, T). */
  readonly duration: number
  readonly tol: number
  readonly floor: number
}

/**
 * Checks a loss's terms on what it reads of populations (`PopulationTerms`) at random views of
 * the declared shapes (N neurons per population): the running gradient in every trace and
 * variable, and the final gradient in them, in every event time and in every charge (spike counts
 * drawn in [0, 6]), against central differences
 * of the values; that neither writes into the view nor throws; and that the final value is finite
 * when a neuron never fired (its first time NaN) — the stand-in every first-time loss must give.
 * The target has max(outputs, N) entries, one-hot.
 */
export function checkPopulationTerms(terms: PopulationTerms, rng: Rng, s: PopulationCheckSettings): PluginCheck[] {
  const { reads } = terms
  const traceCount = reads.traces?.length ?? 0
  const variableCount = reads.variables?.length ?? 0
  const selections = reads.events ?? []
  const chargeCount = reads.charges?.length ?? 0
  const draw = (n: number, [lo, hi]: readonly [number, number]): Float64Array => {
    const a = new Float64Array(n)
    for (let i = 0; i < n; i++) a[i] = rng.between(lo, hi)
    return a
  }
  const problems: string[] = []
  const checks: PluginCheck[] = []
  const running = terms.running
  const final = terms.final
  const gTrace = new Comparison('populations — ∂/∂traces against central differences of the value', s.tol, s.floor)
  const gVar = new Comparison('populations — ∂/∂variables against central differences of the value', s.tol, s.floor)
  const gTime = new Comparison('populations.final — ∂Ψ/∂(event times) against central differences of the value', s.tol, s.floor)
  const gCharge = new Comparison('populations.final — ∂Ψ/∂(charges) against central differences of the value', s.tol, s.floor)
  const R = Math.max(s.outputs, s.N)
  for (let k = 0; k < s.samples; k++) {
    const target = draw(R, [0, 1])
    const label = rng.int(R)
    target.fill(0)
    target[label] = 1
    const weight = rng.uniform()
    const trial = fakeTrial(s, target, weight, Array.from({ length: s.N }, () => sortedTimes(rng, 3, s.duration)))
    const view = {
      t: rng.between(0, s.duration),
      traces: Array.from({ length: traceCount }, () => draw(s.N, s.traceRange)),
      variables: Array.from({ length: variableCount }, () => draw(s.N, s.variableRange)),
      target,
      weight,
      trial,
      events: selections.map((sel) => eventTimes(rng, sel.which, s.N, s.duration, k % 3 === 1)),
      // spike counts with the fraction of a crossing under way at T
      charges: Array.from({ length: chargeCount }, () => draw(s.N, [0, 6])),
    }
    const grad = {
      traces: view.traces.map((a) => new Float64Array(a.length)),
      variables: view.variables.map((a) => new Float64Array(a.length)),
      events: view.events.map((e) => new Float64Array(e.times.length)),
      charges: view.charges.map((a) => new Float64Array(a.length)),
    }
    const where = (part: string) => () => `sample ${k} (t = ${formatNumber(view.t)}), ${part}`
    const compare = (value: () => number, gradient: () => void, withEvents: boolean, what: string): void => {
      const before = [...view.traces, ...view.variables, ...view.events.map((e) => e.times), ...view.charges].map((a) => a.slice())
      for (const a of [...grad.traces, ...grad.variables, ...grad.events, ...grad.charges]) a.fill(0)
      gradient()
      const after = [...view.traces, ...view.variables, ...view.events.map((e) => e.times), ...view.charges]
      after.forEach((a, i) => {
        if (a.some((x, j) => !Object.is(x, before[i]![j]))) problems.push(`sample ${k}: ${what} changed the view it was given`)
      })
      const v = value()
      if (!Number.isFinite(v)) problems.push(`sample ${k}: ${what} value is ${v}${view.events.some((e) => e.times.some(Number.isNaN)) ? ' with a neuron that never fired (give a finite stand-in)' : ''}`)
      view.traces.forEach((a, i) => {
        for (let j = 0; j < a.length; j++) gTrace.add(grad.traces[i]![j]!, centralDifference(a, j, value), where(`${what} ∂/∂traces[${i}][${j}]`))
      })
      view.variables.forEach((a, i) => {
        for (let j = 0; j < a.length; j++) gVar.add(grad.variables[i]![j]!, centralDifference(a, j, value), where(`${what} ∂/∂variables[${i}][${j}]`))
      })
      if (!withEvents) return
      view.charges.forEach((a, i) => {
        for (let j = 0; j < a.length; j++) gCharge.add(grad.charges[i]![j]!, centralDifference(a, j, value), where(`∂Ψ/∂charges[${i}][${j}]`))
      })
      view.events.forEach((e, i) => {
        for (let j = 0; j < e.times.length; j++) {
          if (Number.isNaN(e.times[j])) continue
          gTime.add(grad.events[i]![j]!, centralDifference(e.times, j, value), where(`∂Ψ/∂events[${i}].times[${j}]`))
        }
      })
    }
    try {
      if (running !== undefined) compare(() => running.value(view as LossView), () => running.gradient(view as LossView, grad as LossGradient), false, 'running')
      if (final !== undefined) {
        const atEnd = { ...view, t: s.duration }
        compare(() => final.value(atEnd as FinalLossView), () => final.gradient(atEnd as FinalLossView, grad), true, 'final')
      }
    } catch (e) {
      problems.push(`sample ${k}: it threw: ${e instanceof Error ? e.message : String(e)}`)
      break
    }
  }
  checks.push(propertyCheck('populations — leaves the view unchanged, does not throw, and gives finite values (a stand-in for a neuron that never fired)', problems))
  if (traceCount > 0) checks.push(gTrace.result())
  if (variableCount > 0) checks.push(gVar.result())
  if (selections.length > 0 && final !== undefined) checks.push(gTime.result())
  if (chargeCount > 0 && final !== undefined) checks.push(gCharge.result())
  return checks
}

// internals

function sortedTimes(rng: Rng, n: number, T: number): Float64Array {
  return Float64Array.from({ length: n }, () => rng.between(0.05 * T, 0.95 * T)).sort()
}

/** 'first': one time per neuron, one of them NaN in every third sample; 'every': 2N times in order, each of a random neuron. */
function eventTimes(rng: Rng, which: 'every' | 'first', N: number, T: number, silent: boolean): EventTimes {
  if (which === 'first') {
    const times = Float64Array.from({ length: N }, () => rng.between(0.05 * T, 0.95 * T))
    if (silent) times[rng.int(N)] = Number.NaN
    return { times, neurons: Int32Array.from({ length: N }, (_, j) => j) }
  }
  const times = sortedTimes(rng, 2 * N, T)
  return { times, neurons: Int32Array.from({ length: 2 * N }, () => rng.int(N)) }
}

function fakeTrial(s: PopulationCheckSettings, target: Float64Array, weight: number, targetSpikes: Float64Array[]): Trial {
  return {
    duration: s.duration,
    input: () => undefined,
    targetSpikes,
    target(_t, out) {
      out.set(target)
      return weight
    },
  }
}
