import type { SweepKey, SweepPoint } from './sweepGrid.js'

/** The outcome of one run of a sweep. */
export interface SweepRow {
  readonly run: string
  readonly seed: number
  readonly values: Readonly<Partial<Record<SweepKey, number>>>
  readonly settings: string
  /** Steps taken. */
  readonly iterations: number
  /** The task's primary score at the end (held-out trials or the evaluation split), when the run was scored. */
  readonly score?: { readonly name: string; readonly value: number }
  /** The last minibatch loss. */
  readonly loss: number
  /** The run's model file. */
  readonly model: string
}

/** A row from a run's point and outcome. */
export const sweepRow = (point: SweepPoint, outcome: Omit<SweepRow, 'run' | 'seed' | 'values' | 'settings'>): SweepRow => ({
  run: point.name,
  seed: point.seed,
  values: point.values,
  settings: point.settings,
  ...outcome,
})

/** The table as CSV: `run,seed,<each setting>,iterations,<score>,loss,model`, one line per run (RFC 4180 quoting). */
export function sweepCsv(rows: readonly SweepRow[], keys: readonly SweepKey[]): string {
  const scoreName = rows.find((r) => r.score !== undefined)?.score?.name ?? 'score'
  const header = ['run', 'seed', ...keys, 'iterations', scoreName, 'loss', 'model']
  const lines = rows.map((r) => [r.run, r.seed, ...keys.map((k) => r.values[k] ?? ''), r.iterations, r.score?.value ?? '', r.loss, r.model].map(cell).join(','))
  return `${[header.map(cell).join(','), ...lines].join('\n')}\n`
}

function cell(value: string | number): string {
  const text = String(value)
  return /[",\n]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text
}
