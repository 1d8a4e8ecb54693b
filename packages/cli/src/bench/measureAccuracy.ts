import { adjointGradient, networkProblem } from '@spikegrad/core'
import { benchNetwork } from './benchNetwork.js'
import type { AccuracyResult, AccuracySpec } from './benchTypes.js'
import { benchSolveOptions } from './measureCase.js'

/**
 * How accurate the gradient is at each tolerance, so that speed is quoted with its accuracy:
 * the adjoint gradient of one benchmark network at `referenceRtol` (e.g. 1e-10) is the
 * reference g_ref, and at each tolerance the error is normwise,
 * max_i |g_i − g_ref,i| / max_i |g_ref,i| (as core's checkGradient measures blocks).
 * @throws Error with the solver's message when a solve fails.
 */
export function measureAccuracy(spec: AccuracySpec, log: (line: string) => void = () => undefined): AccuracyResult[] {
  const { n, tMs, referenceRtol, mode, seed } = spec
  const { network, trial, initialValue } = benchNetwork({ n, tMs, seed })
  const problem = networkProblem(network, trial)
  const gradientAt = (rtol: number) => {
    const start = performance.now()
    const g = adjointGradient(problem, initialValue, benchSolveOptions(rtol, mode))
    const ms = performance.now() - start
    if (g._tag === 'Left') throw new Error(`accuracy, N=${n} T=${tMs} ms, rtol ${rtol}: the gradient failed: ${g.left.message}`)
    log(`accuracy N=${n} T=${tMs} ms  rtol ${rtol.toExponential()}  ${ms.toFixed(0)} ms`)
    return { ...g.right, ms }
  }
  const reference = gradientAt(referenceRtol)
  let scale = 0
  for (const v of reference.gradient) scale = Math.max(scale, Math.abs(v))
  return spec.tolerances.map((rtol) => {
    const g = gradientAt(rtol)
    let diff = 0
    for (let i = 0; i < g.gradient.length; i++) diff = Math.max(diff, Math.abs(g.gradient[i]! - reference.gradient[i]!))
    const s = g.stats
    return {
      kind: 'accuracy',
      n,
      tMs,
      rtol,
      referenceRtol,
      gradientRelativeError: scale > 0 ? diff / scale : diff,
      lossRelativeError: Math.abs(g.loss - reference.loss) / Math.abs(reference.loss),
      gradientMs: g.ms,
      gradientRhsEvals: s.forward.rhsEvals + s.recompute.rhsEvals + s.backward.rhsEvals,
      vjpStateEvals: s.backward.vjpStateEvals,
    }
  })
}
