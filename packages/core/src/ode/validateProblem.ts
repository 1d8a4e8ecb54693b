import type { InitialValue, Problem } from './problem.js'
import { invalidProblem, type SolveError } from './solveError.js'

const isFn = (x: unknown): boolean => typeof x === 'function'
const named = (name: string | undefined): string => (name === undefined ? '' : ` (${name})`)

/**
 * Checks a problem and its initial value before any integration: dimensions, the presence
 * of every function, sorted breakpoints, finite data. Returns the first complaint, naming
 * the field, or undefined when all is well. Nothing here throws.
 */
export function validateProblem(problem: Problem, iv: InitialValue): SolveError | undefined {
  if (problem === null || typeof problem !== 'object') return invalidProblem('problem', 'must be an object')
  const { dimension: n, parameterCount: P } = problem
  if (!Number.isInteger(n) || n < 1) return invalidProblem('dimension', `must be a positive integer, got ${String(n)}`)
  if (!Number.isInteger(P) || P < 0) return invalidProblem('parameterCount', `must be a non-negative integer, got ${String(P)}`)
  for (const f of ['rhs', 'vjpState', 'vjpParams'] as const) {
    if (!isFn(problem[f])) return invalidProblem(f, 'must be a function')
  }
  if (!(iv.y0 instanceof Float64Array) || iv.y0.length !== n) {
    return invalidProblem('y0', `must be a Float64Array of length dimension = ${n}, got length ${iv.y0?.length ?? 'none'}`)
  }
  if (!(iv.theta instanceof Float64Array) || iv.theta.length !== P) {
    return invalidProblem('theta', `must be a Float64Array of length parameterCount = ${P}, got length ${iv.theta?.length ?? 'none'}`)
  }
  for (let i = 0; i < n; i++) {
    if (!Number.isFinite(iv.y0[i])) return invalidProblem(`y0[${i}]${named(problem.describeComponent?.(i))}`, `must be finite, got ${iv.y0[i]}`)
  }
  for (let i = 0; i < P; i++) {
    if (!Number.isFinite(iv.theta[i])) return invalidProblem(`theta[${i}]${named(problem.describeParameter?.(i))}`, `must be finite, got ${iv.theta[i]}`)
  }
  if (!Number.isFinite(iv.t0) || !Number.isFinite(iv.t1) || !(iv.t1 > iv.t0)) {
    return invalidProblem('t1', `must be finite and greater than t0 (got t0 = ${iv.t0}, t1 = ${iv.t1})`)
  }
  const rc = problem.runningCost
  if (rc !== undefined && (!isFn(rc.value) || !isFn(rc.gradState))) {
    return invalidProblem('runningCost', 'must have value and gradState functions')
  }
  const tc = problem.terminalCost
  if (tc !== undefined && (!isFn(tc.value) || !isFn(tc.gradState))) {
    return invalidProblem('terminalCost', 'must have value and gradState functions')
  }
  const ec = problem.eventCost
  if (ec !== undefined && (!isFn(ec.value) || !isFn(ec.gradient))) {
    return invalidProblem('eventCost', 'must have value and gradient functions')
  }
  for (const [i, ev] of (problem.events ?? []).entries()) {
    const where = `events[${i}]`
    if (!Number.isInteger(ev.count) || ev.count < 0) return invalidProblem(`${where}.count`, 'must be a non-negative integer')
    if (!['rising', 'falling', 'either'].includes(ev.direction)) {
      return invalidProblem(`${where}.direction`, `must be 'rising', 'falling' or 'either', got ${String(ev.direction)}`)
    }
    for (const f of ['condition', 'conditionGradient', 'jump', 'jumpVjp'] as const) {
      if (!isFn(ev[f])) return invalidProblem(`${where}.${f}`, 'must be a function')
    }
  }
  const bps = problem.breakpoints ?? []
  for (let i = 0; i < bps.length; i++) {
    if (!Number.isFinite(bps[i]) || (i > 0 && bps[i] <= bps[i - 1])) {
      return invalidProblem(`breakpoints[${i}]`, 'must be finite and strictly increasing')
    }
  }
  for (const [i, b] of (problem.parameterBlocks ?? []).entries()) {
    if (!Number.isInteger(b.offset) || !Number.isInteger(b.length) || b.offset < 0 || b.length < 0 || b.offset + b.length > P) {
      return invalidProblem(`parameterBlocks[${i}]`, `(${b.name}) must lie within the ${P} parameters`)
    }
  }
  return undefined
}
