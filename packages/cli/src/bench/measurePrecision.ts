import { readFileSync } from 'node:fs'
import { loadavg } from 'node:os'
import { adjointGradient, networkProblem, solveForward, type SolveOptions } from '@spikegrad/core'
import { benchAtol, type PrecisionResult, type PrecisionSpec } from './benchTypes.js'
import { gradientRelativeError } from './gradientError.js'
import { matvecTime } from './matvecTime.js'
import { median } from './median.js'
import { precisionNetwork } from './precisionNetworks.js'

/**
 * One solver's points of the work–precision diagram on one case: at each tolerance, the
 * gradient's relative error against the reference (read from `referenceFile`) and the median
 * times of `repeats` gradients and forward solves (after one untimed gradient and forward solve
 * at the loosest tolerance, which let V8 compile the hot code), with the counts that explain them.
 * @throws Error with the solver's message when a solve fails.
 */
export function measurePrecision(spec: PrecisionSpec, log: (line: string) => void = () => undefined): PrecisionResult[] {
  const { network, trial, initialValue } = precisionNetwork(spec)
  const problem = networkProblem(network, trial)
  const bytes = readFileSync(spec.referenceFile)
  const reference = new Float64Array(bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.byteLength))
  const label = `${spec.solver} N=${spec.n} T=${spec.tMs} ms`
  const options = (rtol: number): SolveOptions => ({ solver: spec.solver, rtol, atol: benchAtol(rtol), memory: spec.mode, maxSteps: 100_000_000 })
  const fail = (what: string, rtol: number, message: string): Error => new Error(`${label}, rtol ${rtol}: the ${what} failed: ${message}`)
  const loosest = Math.max(...spec.rtols)
  solveForward(problem, initialValue, options(loosest))
  adjointGradient(problem, initialValue, options(loosest))
  // the bare product is timed after every point too and the least time kept: on a shared
  // machine one timing taken while another process runs makes every efficiency look too high
  let matvecMs = matvecTime(spec.n)
  const points = spec.rtols.map((rtol) => {
    const forwardRuns: number[] = []
    const gradientRuns: number[] = []
    let last
    let rhsEvals = 0
    for (let r = 0; r < spec.repeats; r++) {
      let start = performance.now()
      const f = solveForward(problem, initialValue, options(rtol))
      forwardRuns.push(performance.now() - start)
      if (f._tag === 'Left') throw fail('forward solve', rtol, f.left.message)
      rhsEvals = f.right.stats.rhsEvals
      start = performance.now()
      const g = adjointGradient(problem, initialValue, options(rtol))
      gradientRuns.push(performance.now() - start)
      if (g._tag === 'Left') throw fail('gradient', rtol, g.left.message)
      last = g.right
    }
    const g = last!
    const s = g.stats
    const forwardMs = median(forwardRuns)
    const gradientMs = median(gradientRuns)
    const error = gradientRelativeError(g.gradient, reference)
    log(`${label}  rtol ${rtol.toExponential()}  error ${error.toExponential(2)}  gradient ${gradientMs.toFixed(0)} ms  forward ${forwardMs.toFixed(0)} ms`)
    matvecMs = Math.min(matvecMs, matvecTime(spec.n))
    return {
      kind: 'precision',
      network: spec.network,
      solver: spec.solver,
      n: spec.n,
      tMs: spec.tMs,
      rtol,
      atol: benchAtol(rtol),
      mode: spec.mode,
      referenceRtol: spec.referenceRtol,
      gradientRelativeError: error,
      gradientMs,
      forwardMs,
      ratio: gradientMs / forwardMs,
      repeats: spec.repeats,
      rhsEvals,
      gradientRhsEvals: s.forward.rhsEvals + s.recompute.rhsEvals + s.backward.rhsEvals,
      vjpStateEvals: s.backward.vjpStateEvals,
      vjpParamsEvals: s.backward.vjpParamsEvals,
      acceptedSteps: s.forward.accepted,
      rejectedSteps: s.forward.rejected,
      backwardAcceptedSteps: s.backward.accepted,
      recomputedSteps: s.recompute.accepted,
      matvecUs: 0,
      kernelEfficiency: 0,
      loadAverage: loadavg()[0]!,
    } satisfies PrecisionResult
  })
  return points.map((p) => ({ ...p, matvecUs: matvecMs * 1000, kernelEfficiency: (p.rhsEvals * matvecMs) / p.forwardMs }))
}
