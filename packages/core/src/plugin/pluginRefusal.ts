import { formatIssue, type Issue } from '../util/invalid.js'

/**
 * What a plugin factory throws to refuse its parameters or options field by field: each
 * issue's `at` is a path inside what the factory was given — `params.tau_m`,
 * `options.equations[0]` — and a configuration reports it under the plugin's own path
 * (`config.populations[1].neuron.options.equations[0]: unknown name "vth" at column 12; …`).
 * Its message is `message`, or else the issues one a line, for a caller of the factory itself.
 */
export class PluginRefusal extends Error {
  readonly issues: readonly Issue[]
  constructor(issues: readonly Issue[], message: string = issues.map(formatIssue).join('\n')) {
    super(message)
    this.name = 'PluginRefusal'
    this.issues = issues
  }
}

/**
 * The issues of a refusal thrown by a factory (a `PluginRefusal`, or any error with a list of
 * `{ at, problem }` — two installed copies of core still agree), else undefined.
 */
export function refusalIssues(e: unknown): readonly Issue[] | undefined {
  if (typeof e !== 'object' || e === null || !('issues' in e)) return undefined
  const issues = (e as { issues: unknown }).issues
  if (!Array.isArray(issues) || issues.length === 0) return undefined
  const valid = issues.every((i) => typeof i === 'object' && i !== null && typeof i.at === 'string' && typeof i.problem === 'string' && (i.fix === undefined || typeof i.fix === 'string'))
  return valid ? (issues as Issue[]) : undefined
}
