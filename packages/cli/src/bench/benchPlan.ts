/** Network sizes N of the default benchmark. */
const benchSizes: readonly number[] = [20, 80, 200]

/** Trial lengths T of the default benchmark, ms. */
const benchDurations: readonly number[] = [250, 1000, 4000]

/**
 * The (N, T) cases to run: every pair of the default sizes and durations, or only the given
 * size and/or duration (which need not be among the defaults), ordered by N then T.
 */
export function benchPlan(select: { readonly n?: number; readonly tMs?: number } = {}): { n: number; tMs: number }[] {
  const sizes = select.n === undefined ? benchSizes : [select.n]
  const durations = select.tMs === undefined ? benchDurations : [select.tMs]
  return sizes.flatMap((n) => durations.map((tMs) => ({ n, tMs })))
}
