import { issue, type Issue } from '../util/invalid.js'

/** The parts of a model file that count iterations. */
interface Counted {
  readonly iteration: number
  readonly optimizerState?: { readonly step: number }
  readonly history: { readonly iterations: readonly { readonly iteration: number }[]; readonly evaluations: readonly { readonly iteration: number }[] }
  readonly best?: { readonly iteration: number }
}

/**
 * Where a model file's counts of iterations contradict each other: the optimiser takes one
 * step per iteration (`optimizerState.step` = `iteration`), the history records iterations
 * before `iteration` in increasing order and evaluations at or before it, and the best
 * parameters come from an iteration already taken. Such a file was edited by hand or put
 * together from two runs; resumed, its run would not be the run it claims to be.
 */
export function iterationIssues(file: Counted, what: string): Issue[] {
  const issues: Issue[] = []
  const fix = 'the file was edited or mixed from two runs: use the file a run wrote'
  const n = file.iteration
  if (file.optimizerState !== undefined && file.optimizerState.step !== n) {
    issues.push(issue(`${what}.optimizerState.step`, `is ${file.optimizerState.step}, but ${what}.iteration is ${n} (one optimiser step per iteration)`, fix))
  }
  let previous = -1
  for (const [i, record] of file.history.iterations.entries()) {
    if (record.iteration >= n || record.iteration <= previous) {
      issues.push(
        issue(`${what}.history.iterations[${i}].iteration`, `is ${record.iteration}; records must be of iterations before ${n} (${what}.iteration), in increasing order`, fix),
      )
      break
    }
    previous = record.iteration
  }
  previous = -1
  for (const [i, record] of file.history.evaluations.entries()) {
    if (record.iteration > n || record.iteration < previous) {
      issues.push(issue(`${what}.history.evaluations[${i}].iteration`, `is ${record.iteration}; evaluations must be at iterations up to ${n} (${what}.iteration), in order`, fix))
      break
    }
    previous = record.iteration
  }
  if (file.best !== undefined && file.best.iteration > n) {
    issues.push(issue(`${what}.best.iteration`, `is ${file.best.iteration}, after ${what}.iteration ${n}`, fix))
  }
  return issues
}
