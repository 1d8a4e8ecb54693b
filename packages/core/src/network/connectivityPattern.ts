import { Rng } from '../util/rng.js'
import { issue, type Issue } from '../util/invalid.js'
import type { Connectivity } from './networkSpec.js'

/**
 * The entries of a rows × cols weight matrix that exist. Dense: all, row-major. Sparse:
 * compressed rows — the entries of row j are `col[rowStart[j] … rowStart[j+1])`, columns
 * increasing; entry e of the block is θ[offset + e].
 */
export type Pattern =
  | { readonly kind: 'dense'; readonly rows: number; readonly cols: number; readonly entries: number }
  | {
      readonly kind: 'sparse'
      readonly rows: number
      readonly cols: number
      readonly entries: number
      readonly rowStart: Int32Array
      readonly col: Int32Array
    }

/** Largest number of entries a pattern may have (θ is one Float64Array). */
export const maxPatternEntries = 2 ** 28

/**
 * The pattern a connectivity describes, or the issues with it (paths relative to the
 * connectivity, e.g. `mask[2][3]`).
 */
export function connectivityPattern(connectivity: Connectivity | undefined, rows: number, cols: number): Pattern | Issue[] {
  if (connectivity === undefined || connectivity === 'dense') {
    if (rows * cols > maxPatternEntries) return [issue('', `a dense ${rows} × ${cols} projection has more than ${maxPatternEntries} weights`, 'make it sparse')]
    return { kind: 'dense', rows, cols, entries: rows * cols }
  }
  if (typeof connectivity !== 'object' || connectivity === null) {
    return [issue('', `must be "dense", { "mask": … }, { "indices": … } or { "probability": … }, got ${JSON.stringify(connectivity)}`)]
  }
  if ('mask' in connectivity) return fromMask(connectivity.mask, rows, cols)
  if ('indices' in connectivity) return fromIndices(connectivity.indices, rows, cols)
  if ('probability' in connectivity) return fromProbability(connectivity.probability, connectivity.seed ?? 1, rows, cols)
  return [issue('', 'must be "dense", { "mask": … }, { "indices": … } or { "probability": … }')]
}

/** Row j, column k → entry index within the block, or −1 when the entry does not exist. */
export function patternEntry(p: Pattern, j: number, k: number): number {
  if (p.kind === 'dense') return j * p.cols + k
  for (let e = p.rowStart[j]; e < p.rowStart[j + 1]; e++) if (p.col[e] === k) return e
  return -1
}

/** The (row, column) of every entry, in block order. */
export function patternCoordinates(p: Pattern): { readonly row: Int32Array; readonly col: Int32Array } {
  const row = new Int32Array(p.entries)
  const col = new Int32Array(p.entries)
  if (p.kind === 'dense') {
    for (let e = 0; e < p.entries; e++) {
      row[e] = Math.floor(e / p.cols)
      col[e] = e % p.cols
    }
  } else {
    for (let j = 0; j < p.rows; j++) for (let e = p.rowStart[j]; e < p.rowStart[j + 1]; e++) row[e] = j
    col.set(p.col)
  }
  return { row, col }
}

function fromRows(rows: number, cols: number, lists: number[][]): Pattern {
  const rowStart = new Int32Array(rows + 1)
  for (let j = 0; j < rows; j++) rowStart[j + 1] = rowStart[j] + lists[j].length
  const col = new Int32Array(rowStart[rows])
  for (let j = 0; j < rows; j++) col.set(lists[j], rowStart[j])
  return { kind: 'sparse', rows, cols, entries: col.length, rowStart, col }
}

function fromMask(mask: unknown, rows: number, cols: number): Pattern | Issue[] {
  if (!Array.isArray(mask) || mask.length !== rows) {
    return [issue('mask', `must have ${rows} rows (one per target neuron), got ${Array.isArray(mask) ? mask.length : typeof mask}`)]
  }
  const issues: Issue[] = []
  const lists: number[][] = []
  mask.forEach((row: unknown, j) => {
    const list: number[] = []
    lists.push(list)
    if (!Array.isArray(row) || row.length !== cols) {
      issues.push(issue(`mask[${j}]`, `must have ${cols} entries (one per source), got ${Array.isArray(row) ? row.length : typeof row}`))
      return
    }
    row.forEach((v: unknown, k) => {
      if (v === 1 || v === true) list.push(k)
      else if (!(v === 0 || v === false)) issues.push(issue(`mask[${j}][${k}]`, `must be 0 or 1, got ${JSON.stringify(v)}`))
    })
  })
  return issues.length > 0 ? issues : fromRows(rows, cols, lists)
}

function fromIndices(indices: unknown, rows: number, cols: number): Pattern | Issue[] {
  if (!Array.isArray(indices)) return [issue('indices', `must be a list of [target, source] pairs, got ${typeof indices}`)]
  if (indices.length > maxPatternEntries) return [issue('indices', `has more than ${maxPatternEntries} pairs`)]
  const issues: Issue[] = []
  const lists: number[][] = Array.from({ length: rows }, () => [])
  indices.forEach((pair: unknown, i) => {
    const ok =
      Array.isArray(pair) &&
      pair.length === 2 &&
      Number.isInteger(pair[0]) &&
      Number.isInteger(pair[1]) &&
      pair[0] >= 0 &&
      pair[0] < rows &&
      pair[1] >= 0 &&
      pair[1] < cols
    if (!ok) issues.push(issue(`indices[${i}]`, `must be [target, source] with 0 ≤ target < ${rows} and 0 ≤ source < ${cols}, got ${JSON.stringify(pair)}`))
    else lists[pair[0] as number].push(pair[1] as number)
  })
  lists.forEach((list, j) => {
    list.sort((a, b) => a - b)
    for (let e = 1; e < list.length; e++) {
      if (list[e] === list[e - 1]) issues.push(issue('indices', `the pair [${j}, ${list[e]}] is given twice`))
    }
  })
  return issues.length > 0 ? issues : fromRows(rows, cols, lists)
}

function fromProbability(p: unknown, seed: unknown, rows: number, cols: number): Pattern | Issue[] {
  if (typeof p !== 'number' || !(p > 0 && p <= 1)) return [issue('probability', `must be a number in (0, 1], got ${JSON.stringify(p)}`)]
  if (!(Number.isInteger(seed) && (seed as number) >= 0 && (seed as number) <= 0xffffffff)) {
    return [issue('seed', `must be an integer in [0, 4294967295], got ${JSON.stringify(seed)}`)]
  }
  if (rows * cols * p > maxPatternEntries) return [issue('probability', `${rows} × ${cols} at ${p} gives more than ${maxPatternEntries} weights`)]
  const rng = new Rng(seed as number)
  const lists: number[][] = []
  for (let j = 0; j < rows; j++) {
    const list: number[] = []
    for (let k = 0; k < cols; k++) if (rng.uniform() < p) list.push(k)
    lists.push(list)
  }
  return fromRows(rows, cols, lists)
}
