import { left, type Either } from 'fp-ts/lib/Either.js'

/**
 * The one shape of a configuration problem: where it is (a path into what was given, e.g.
 * `config.populations[1].size`), what is wrong with it, and how to fix it when that is not
 * obvious from the problem. Everything that validates user input — network and model
 * specifications, files, plugin parameters, options — reports a list of these.
 */
export interface Issue {
  /** Path of the offending field from the root of what was given, e.g. `model.training.schedule.lr`. */
  readonly at: string
  /** What is wrong, e.g. `must be a positive integer, got 0`. */
  readonly problem: string
  /** How to fix it, when the problem alone does not say (e.g. `add "@spikegrad/neuron-lif" to "plugins"`). */
  readonly fix?: string
  /** A class of problem that programs may act on without reading the words (see `IssueCode`). */
  readonly code?: IssueCode
}

/**
 * Classes of issues that callers act on: `unknown-plugin` (a name no loaded plugin binds),
 * `unknown-field` (a field the format does not have), `plugin-package` (a plugin package that
 * could not be loaded), `plugin-rejected` (a plugin refused its parameters).
 */
export type IssueCode = 'unknown-plugin' | 'unknown-field' | 'plugin-package' | 'plugin-rejected'

/** A failed validation: its issues, and all of them as one message (one line per issue). */
export interface Invalid {
  readonly _tag: 'Invalid'
  readonly issues: readonly Issue[]
  readonly message: string
}

/** One issue as a line: `at: problem; fix`. */
export function formatIssue(issue: Issue): string {
  return `${issue.at}: ${issue.problem}${issue.fix !== undefined ? `; ${issue.fix}` : ''}`
}

/** An `Invalid` of the given issues. */
export function invalid(issues: readonly Issue[]): Invalid {
  return { _tag: 'Invalid', issues, message: issues.map(formatIssue).join('\n') }
}

/** `left(invalid(issues))`. */
export function leftInvalid<A = never>(issues: readonly Issue[]): Either<Invalid, A> {
  return left(invalid(issues))
}

/** An issue at `at`. */
export const issue = (at: string, problem: string, fix?: string, code?: IssueCode): Issue => ({
  at,
  problem,
  ...(fix !== undefined && { fix }),
  ...(code !== undefined && { code }),
})

/** The issues with `prefix` put before each path (`weights` + `W[2]` → `config.weights.W[2]`). */
export function underPath(prefix: string, issues: readonly Issue[]): Issue[] {
  return issues.map((i) => ({ ...i, at: joinPath(prefix, i.at) }))
}

/** `a.b`, `a[3]` or `a["x<-y"]` — a path step appended to a path. */
export function joinPath(prefix: string, step: string): string {
  if (prefix === '') return step
  if (step === '') return prefix
  return step.startsWith('[') ? `${prefix}${step}` : `${prefix}.${step}`
}

/** The path step for a record key: `.name` when it is an identifier, else `["key"]`. */
export function keyStep(key: string): string {
  return /^[A-Za-z_$][\w$]*$/.test(key) ? key : `[${JSON.stringify(key)}]`
}

/** Issues from lines written as `at: problem` (a line without a path becomes an issue at `fallback`). */
export function issuesFromLines(lines: readonly string[], fallback = ''): Issue[] {
  return lines.map((line) => {
    const k = line.indexOf(': ')
    return k > 0 && !line.slice(0, k).includes(' ') ? { at: line.slice(0, k), problem: line.slice(k + 2) } : { at: fallback, problem: line }
  })
}
