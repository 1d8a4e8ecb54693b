import { loadavg } from 'node:os'
import { adjointGradient, defaultSolver, networkProblem, solveForward } from '@spikegrad/core'
import type { BenchNetwork } from './benchNetwork.js'
import type { SparseResult, SparseSpec } from './benchTypes.js'
import { benchSolveOptions } from './measureCase.js'
import { median } from './median.js'
import { sparseBenchPair } from './sparseBench.js'

/**
 * Times a sparse recurrent network against its dense twin in this process: a warm-up of each
 * (forward and gradient on 100 ms of the same networks, untimed), then `repeats` rounds of
 * sparse forward, dense forward, sparse gradient, dense gradient, so that both see the same
 * machine; medians and their ratios. Also checks that the twins agree (loss, and the gradient
 * on the sparse entries), which they must, since they integrate the same equations.
 * @throws Error with the solver's message when a solve fails.
 */
export function measureSparse(spec: SparseSpec, log: (line: string) => void = () => undefined): SparseResult {
  const { n, tMs, probability, repeats, seed } = spec
  const solve = benchSolveOptions(spec.rtol, spec.mode, spec.solver)
  const warm = sparseBenchPair({ n, tMs: Math.min(100, tMs), probability, seed })
  for (const b of [warm.sparse, warm.dense]) {
    const problem = networkProblem(b.network, b.trial)
    solveForward(problem, b.initialValue, solve)
    adjointGradient(problem, b.initialValue, solve)
  }

  const pair = sparseBenchPair({ n, tMs, probability, seed })
  const runs = { sparse: { forward: [] as number[], gradient: [] as number[] }, dense: { forward: [] as number[], gradient: [] as number[] } }
  const last: { sparse?: { loss: number; gradient: Float64Array; steps: number }; dense?: { loss: number; gradient: Float64Array; steps: number } } = {}
  const label = `N=${n} T=${tMs} ms p=${probability}`
  for (let r = 1; r <= repeats; r++) {
    const forwards: Record<'sparse' | 'dense', number> = { sparse: 0, dense: 0 }
    for (const which of ['sparse', 'dense'] as const) {
      const b: BenchNetwork = pair[which]
      const start = performance.now()
      const f = solveForward(networkProblem(b.network, b.trial), b.initialValue, solve)
      runs[which].forward.push(performance.now() - start)
      if (f._tag === 'Left') throw new Error(`${label}: the ${which} forward solve failed: ${f.left.message}`)
      forwards[which] = f.right.stats.accepted
      log(`${label}  ${which} forward ${r}/${repeats}  ${(runs[which].forward.at(-1)! / 1000).toFixed(2)} s`)
    }
    for (const which of ['sparse', 'dense'] as const) {
      const b: BenchNetwork = pair[which]
      const start = performance.now()
      const g = adjointGradient(networkProblem(b.network, b.trial), b.initialValue, solve)
      runs[which].gradient.push(performance.now() - start)
      if (g._tag === 'Left') throw new Error(`${label}: the ${which} gradient failed: ${g.left.message}`)
      last[which] = { loss: g.right.loss, gradient: g.right.gradient, steps: forwards[which] }
      log(`${label}  ${which} gradient ${r}/${repeats}  ${(runs[which].gradient.at(-1)! / 1000).toFixed(2)} s`)
    }
  }
  const s = last.sparse!
  const d = last.dense!
  let scale = 0
  for (let e = 0; e < pair.entries; e++) scale = Math.max(scale, Math.abs(d.gradient[pair.denseIndex[e]!]!))
  let worst = 0
  for (let e = 0; e < pair.entries; e++) worst = Math.max(worst, Math.abs(s.gradient[pair.sparseOffset + e]! - d.gradient[pair.denseIndex[e]!]!))
  const m = {
    sparseForwardMs: median(runs.sparse.forward),
    denseForwardMs: median(runs.dense.forward),
    sparseGradientMs: median(runs.sparse.gradient),
    denseGradientMs: median(runs.dense.gradient),
  }
  return {
    kind: 'sparse',
    n,
    tMs,
    probability,
    solver: spec.solver ?? defaultSolver,
    rtol: spec.rtol,
    repeats,
    seed,
    sparseEntries: pair.entries,
    denseEntries: n * n,
    ...m,
    forwardSpeedup: m.denseForwardMs / m.sparseForwardMs,
    gradientSpeedup: m.denseGradientMs / m.sparseGradientMs,
    lossRelativeDifference: Math.abs(s.loss - d.loss) / Math.abs(d.loss),
    gradientRelativeDifference: scale > 0 ? worst / scale : worst,
    forwardSteps: { sparse: s.steps, dense: d.steps },
    loadAverage: loadavg()[0]!,
  }
}
