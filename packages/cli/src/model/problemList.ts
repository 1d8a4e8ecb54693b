/**
 * Problems reported by core (each one line naming its field) as one message: the problem
 * itself when there is one, else `N problems <where>:` and one indented line each.
 * @example problemList(['model.tauS: expected a positive number, got -1'], 'in the model')
 */
export function problemList(problems: readonly string[], where: string): string {
  if (problems.length === 1) return problems[0]!
  return `${problems.length} problems ${where}:\n  ${problems.join('\n  ')}`
}
