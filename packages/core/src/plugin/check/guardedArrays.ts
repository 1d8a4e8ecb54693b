/**
 * Arrays with a guarded tail, to catch plugins that read or write past the entries they own.
 * Inputs get a NaN tail (reading it poisons the result); outputs are filled with a sentinel
 * (an entry still equal to it was not written; a tail entry no longer equal to it was).
 */

/** Number of guard entries after the used part. */
export const guardLength = 3
/** An output value no plugin computes by accident. */
export const sentinel = -7.0368744177664e13

/** A Float64Array of `used + guardLength` entries: `used` of `fill`, then NaN. */
export function guardedInput(used: number, fill = 0): Float64Array {
  const a = new Float64Array(used + guardLength).fill(NaN)
  a.fill(fill, 0, used)
  return a
}

/** A Float64Array of `used + guardLength` entries, all equal to the sentinel. */
export function guardedOutput(used: number): Float64Array {
  return new Float64Array(used + guardLength).fill(sentinel)
}

/** Problems with an output: unwritten or non-finite used entries, a written tail. */
export function outputProblems(label: string, out: Float64Array, used: number, written = true): string[] {
  const problems: string[] = []
  for (let i = 0; i < used; i++) {
    if (written && out[i] === sentinel) problems.push(`${label} left entry ${i} unwritten`)
    else if (!Number.isFinite(out[i]!)) {
      problems.push(`${label}[${i}] = ${out[i]} is not finite (does it read past the first ${used} entries?)`)
    }
  }
  for (let i = used; i < out.length; i++) {
    if (out[i] !== sentinel) problems.push(`${label} wrote entry ${i}, past the ${used} it owns`)
  }
  return problems
}

/** Problems with an input that must come back unchanged (NaN equals NaN here). */
export function unchangedProblems(label: string, before: Float64Array, after: Float64Array): string[] {
  const problems: string[] = []
  for (let i = 0; i < before.length; i++) {
    const a = before[i]!
    const b = after[i]!
    if (a !== b && !(Number.isNaN(a) && Number.isNaN(b))) {
      problems.push(`${label}[${i}] was changed from ${a} to ${b}; inputs must be left alone`)
    }
  }
  return problems
}
