import { writeFileSync } from 'node:fs'
import { adjointGradient, networkProblem } from '@spikegrad/core'
import type { ReferenceResult, ReferenceSpec } from './benchTypes.js'
import { gradientRelativeError } from './gradientError.js'
import { precisionNetwork } from './precisionNetworks.js'

/**
 * The reference gradient of a work–precision case: the adjoint gradient with `solver` at
 * rtol `rtol` (atol rtol/100, everything kept in memory), written to `file` as Float64 values,
 * and the same with `checkSolver`, to say how far two independent solvers agree at that
 * tolerance (the reference is trusted to about that).
 * @throws Error with the solver's message when a solve fails.
 */
export function measureReference(spec: ReferenceSpec, log: (line: string) => void = () => undefined): ReferenceResult {
  const { network, trial, initialValue } = precisionNetwork(spec)
  const problem = networkProblem(network, trial)
  const gradientWith = (solver: ReferenceSpec['solver']) => {
    const start = performance.now()
    const g = adjointGradient(problem, initialValue, { solver, rtol: spec.rtol, atol: spec.rtol / 100, memory: 'all', maxSteps: 100_000_000 })
    if (g._tag === 'Left') throw new Error(`reference, N=${spec.n} T=${spec.tMs} ms, ${solver}: the gradient failed: ${g.left.message}`)
    const ms = performance.now() - start
    log(`reference N=${spec.n} T=${spec.tMs} ms  ${solver} at rtol ${spec.rtol.toExponential()}  ${(ms / 1000).toFixed(1)} s`)
    return { gradient: g.right.gradient, ms }
  }
  const reference = gradientWith(spec.solver)
  const check = gradientWith(spec.checkSolver)
  writeFileSync(spec.file, new Uint8Array(reference.gradient.buffer, reference.gradient.byteOffset, reference.gradient.byteLength))
  return {
    kind: 'reference',
    network: spec.network,
    n: spec.n,
    tMs: spec.tMs,
    solver: spec.solver,
    checkSolver: spec.checkSolver,
    rtol: spec.rtol,
    agreement: gradientRelativeError(check.gradient, reference.gradient),
    parameters: reference.gradient.length,
    file: spec.file,
    ms: reference.ms,
    checkMs: check.ms,
  }
}
