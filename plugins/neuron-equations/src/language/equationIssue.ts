/**
 * A problem with a neuron's equations: where it is (`equations[1]`, `threshold`, `reset[0]`,
 * `parameters.tau_m`), the column in that string (1-based) when it is about a place in the
 * text, what is wrong and how to fix it.
 */
export interface EquationIssue {
  /** The field, e.g. `equations[1]`. */
  readonly at: string
  /** 1-based column in the field's string, when the problem is at a place in it. */
  readonly column?: number
  readonly problem: string
  readonly fix?: string
}

/** An issue at `at` (column optional). */
export function equationIssue(at: string, problem: string, fix?: string, column?: number): EquationIssue {
  return { at, problem, ...(fix !== undefined && { fix }), ...(column !== undefined && { column }) }
}

/** One issue as a line: `equations[1], column 27: unknown name "tau_x"; did you mean "tau_w"?`. */
export function formatEquationIssue(i: EquationIssue): string {
  return `${i.at}${i.column !== undefined ? `, column ${i.column}` : ''}: ${i.problem}${i.fix !== undefined ? `; ${i.fix}` : ''}`
}

/** The closest of `names` to `word` within an edit distance of a third of its length (at least 2), if any. */
export function nearestName(word: string, names: Iterable<string>): string | undefined {
  let best: string | undefined
  let bestD = Math.max(2, Math.floor(word.length / 3)) + 1
  for (const name of names) {
    const d = editDistance(word.toLowerCase(), name.toLowerCase())
    if (d < bestD) {
      best = name
      bestD = d
    }
  }
  return best
}

function editDistance(a: string, b: string): number {
  const row = Array.from({ length: b.length + 1 }, (_, j) => j)
  for (let i = 1; i <= a.length; i++) {
    let diag = row[0]!
    row[0] = i
    for (let j = 1; j <= b.length; j++) {
      const next = Math.min(row[j]! + 1, row[j - 1]! + 1, diag + (a[i - 1] === b[j - 1] ? 0 : 1))
      diag = row[j]!
      row[j] = next
    }
  }
  return row[b.length]!
}
