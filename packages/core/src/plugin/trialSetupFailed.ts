import type { SolveError } from '../ode/solveError.js'

/**
 * The `SolveError` of a trial that failed before its solve began — the task threw while giving
 * it, or it does not fit the network (its spike trains) — as a sentence that says which:
 * `what` is e.g. 'the task could not give the trial' or 'the trial does not fit the network'.
 */
export function trialSetupFailed(what: string, error: unknown): SolveError {
  return { _tag: 'ProblemThrew', where: 'the trial', t: 0, message: `${what}: ${error instanceof Error ? error.message : String(error)}` }
}
