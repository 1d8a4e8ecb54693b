import type { Pattern } from '../connectivityPattern.js'

/**
 * The entries of a pattern by column: those of column k are `entry[start[k] … start[k+1])`, in
 * row order, with their rows in `row`. Built once per pattern (and kept with it).
 */
export interface PatternColumns {
  readonly start: Int32Array
  readonly entry: Int32Array
  readonly row: Int32Array
}

const cache = new WeakMap<Pattern, PatternColumns>()

export function patternColumns(p: Pattern): PatternColumns {
  const known = cache.get(p)
  if (known !== undefined) return known
  const start = new Int32Array(p.cols + 1)
  const entry = new Int32Array(p.entries)
  const row = new Int32Array(p.entries)
  if (p.kind === 'dense') {
    for (let k = 0; k < p.cols; k++) {
      start[k + 1] = start[k] + p.rows
      for (let j = 0; j < p.rows; j++) {
        entry[start[k] + j] = j * p.cols + k
        row[start[k] + j] = j
      }
    }
  } else {
    for (let e = 0; e < p.entries; e++) start[p.col[e] + 1]++
    for (let k = 0; k < p.cols; k++) start[k + 1] += start[k]
    const fill = start.slice(0, p.cols)
    for (let j = 0; j < p.rows; j++) {
      for (let e = p.rowStart[j]; e < p.rowStart[j + 1]; e++) {
        const at = fill[p.col[e]]++
        entry[at] = e
        row[at] = j
      }
    }
  }
  const columns = { start, entry, row }
  cache.set(p, columns)
  return columns
}

/** The entries of row j: `[first, end)` and column of entry e — dense rows hold every column. */
export function rowRange(p: Pattern, j: number): readonly [number, number] {
  return p.kind === 'dense' ? [j * p.cols, (j + 1) * p.cols] : [p.rowStart[j], p.rowStart[j + 1]]
}

/** Column of entry e of a pattern. */
export function entryColumn(p: Pattern, e: number): number {
  return p.kind === 'dense' ? e % p.cols : p.col[e]
}
