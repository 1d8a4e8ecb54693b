import { loadavg } from 'node:os'
import { getHeapStatistics } from 'node:v8'
import { adjointGradient, defaultSolver, networkProblem, solveForward, type SolveOptions, type SolverName } from '@spikegrad/core'
import { spikeCount } from '../gradient/spikeCount.js'
import { benchNetwork } from './benchNetwork.js'
import { benchAtol, type BenchCaseCounts, type BenchCaseResult, type BenchCaseSpec } from './benchTypes.js'
import { matvecTime } from './matvecTime.js'
import { median } from './median.js'

const MB = 1024 * 1024

/** The solve options of a benchmark run at relative tolerance `rtol`. */
export function benchSolveOptions(rtol: number, mode: SolveOptions['memory'], solver?: SolverName): SolveOptions {
  return { ...(solver !== undefined && { solver }), rtol, atol: benchAtol(rtol), memory: mode ?? 'checkpoint', maxSteps: 10_000_000 }
}

/**
 * Times one case in this process: a warm-up (forward and gradient on a trial of the same network
 * of at most 100 ms, untimed, so that the timed runs pay less for compilation), then `repeats`
 * pairs of a forward solve (loss only) and an adjoint gradient, reporting medians, the counts
 * of the last pair (which must be the same in every pair), memory peaks and kernel efficiency.
 * Peak RSS is the whole process's: run each case in a fresh process for per-case peaks.
 * @throws Error with the solver's message when a solve fails.
 */
export function measureCase(spec: BenchCaseSpec, log: (line: string) => void = () => undefined): BenchCaseResult {
  const { n, tMs, rtol, mode, repeats, seed } = spec
  const solve = benchSolveOptions(rtol, mode, spec.solver)
  const label = `N=${n} T=${tMs} ms`
  const fail = (what: string, message: string): Error => new Error(`${label}: the ${what} failed: ${message}`)

  const warm = benchNetwork({ n, tMs: Math.min(100, tMs), seed })
  const warmProblem = networkProblem(warm.network, warm.trial)
  solveForward(warmProblem, warm.initialValue, solve)
  adjointGradient(warmProblem, warm.initialValue, solve)

  const { network, trial, initialValue } = benchNetwork({ n, tMs, seed })
  const problem = networkProblem(network, trial)
  const matvecMs = matvecTime(n)
  let peakHeap = getHeapStatistics().total_heap_size
  const forwardRunsMs: number[] = []
  const gradientRunsMs: number[] = []
  const signatures = new Set<string>()
  let last: BenchCaseCounts | undefined
  for (let r = 1; r <= repeats; r++) {
    let start = performance.now()
    const forward = solveForward(problem, initialValue, solve)
    forwardRunsMs.push(performance.now() - start)
    peakHeap = Math.max(peakHeap, getHeapStatistics().total_heap_size)
    if (forward._tag === 'Left') throw fail('forward solve', forward.left.message)
    log(`${label}  forward ${r}/${repeats}  ${seconds(forwardRunsMs.at(-1)!)}`)
    start = performance.now()
    const gradient = adjointGradient(problem, initialValue, solve)
    gradientRunsMs.push(performance.now() - start)
    peakHeap = Math.max(peakHeap, getHeapStatistics().total_heap_size)
    if (gradient._tag === 'Left') throw fail('gradient', gradient.left.message)
    log(`${label}  gradient ${r}/${repeats}  ${seconds(gradientRunsMs.at(-1)!)}`)

    const f = forward.right
    const g = gradient.right.stats
    const spikes = spikeCount(network, initialValue.y0, f.y1, f.events) ?? 0
    last = {
      kind: 'case',
      n,
      tMs,
      mode: spec.mode ?? 'checkpoint',
      solver: spec.solver ?? defaultSolver,
      rtol,
      atol: solve.atol as number,
      repeats,
      seed,
      loss: f.loss,
      rhsEvals: f.stats.rhsEvals,
      gradientRhsEvals: g.forward.rhsEvals + g.recompute.rhsEvals + g.backward.rhsEvals,
      vjpStateEvals: g.backward.vjpStateEvals,
      vjpParamsEvals: g.backward.vjpParamsEvals,
      acceptedSteps: f.stats.accepted,
      rejectedSteps: f.stats.rejected,
      backwardAcceptedSteps: g.backward.accepted,
      backwardRejectedSteps: g.backward.rejected,
      checkpoints: f.stats.checkpoints,
      spikes,
      rateHz: spikes / n / (tMs / 1000),
      trajectoryMb: g.peakTrajectoryBytes / MB,
      maxAbsGradient: gradient.right.gradient.reduce((m, v) => Math.max(m, Math.abs(v)), 0),
    }
    signatures.add(JSON.stringify([last, gradient.right.loss, Array.from(gradient.right.gradient.subarray(0, 8))]))
  }
  const forwardMs = median(forwardRunsMs)
  const gradientMs = median(gradientRunsMs)
  return {
    ...last!,
    forwardMs,
    gradientMs,
    ratio: gradientMs / forwardMs,
    forwardRunsMs,
    gradientRunsMs,
    peakRssMb: (process.resourceUsage().maxRSS * 1024) / MB,
    peakHeapMb: peakHeap / MB,
    matvecUs: matvecMs * 1000,
    kernelEfficiency: (last!.rhsEvals * matvecMs) / forwardMs,
    deterministic: signatures.size === 1,
    loadAverage: loadavg()[0]!,
  }
}

function seconds(ms: number): string {
  return ms >= 1000 ? `${(ms / 1000).toFixed(1)} s` : `${ms.toFixed(0)} ms`
}
