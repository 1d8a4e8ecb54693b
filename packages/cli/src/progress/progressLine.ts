import type { ProgressFields } from './progressTypes.js'

/**
 * One line of plain progress:
 * `train  iter 120/500  loss 0.0312  accuracy 0.91  3.2 it/s  eta 1m58s`.
 * (`unit` names what is counted, 'iter' by default.) `rate` is in units per second; a rate that is not yet known (zero elapsed time) prints
 * as `-- it/s  eta --`.
 */
export function progressLine(
  state: { readonly iteration: number; readonly total: number; readonly fields: ProgressFields; readonly rate: number },
  label?: string,
  unit = 'iter',
): string {
  const parts = [`${unit} ${state.iteration}/${state.total}`]
  if (label !== undefined && label !== '') parts.unshift(label)
  parts.push(fieldsText(state.fields), `${formatRate(state.rate)} ${rateUnit(unit)}`, `eta ${formatEta(state.total - state.iteration, state.rate)}`)
  return parts.filter((part) => part !== '').join('  ')
}

/** `it/s` for iterations, else `<unit>/s`. */
export function rateUnit(unit = 'iter'): string {
  return unit === 'iter' ? 'it/s' : `${unit}/s`
}

/** `loss 0.0312  accuracy 0.91`: each field name and value, in insertion order. */
export function fieldsText(fields: ProgressFields): string {
  return Object.entries(fields)
    .map(([name, value]) => `${name} ${formatValue(value)}`)
    .join('  ')
}

/** Three significant digits, trailing zeros dropped; exponent notation outside [1e-3, 1e5). */
export function formatValue(x: number): string {
  if (Number.isNaN(x)) return 'nan'
  if (!Number.isFinite(x)) return x > 0 ? 'inf' : '-inf'
  const a = Math.abs(x)
  if (a === 0) return '0'
  if (a >= 1e-3 && a < 1e5) return String(Number(x.toPrecision(3)))
  return x.toExponential(2).replace(/\.?0+e/, 'e')
}

/** Iterations per second with two significant digits (`3.2`, `0.45`, `120`), or `--`. */
export function formatRate(rate: number): string {
  if (!Number.isFinite(rate) || rate <= 0) return '--'
  return rate >= 100 ? String(Math.round(rate)) : String(Number(rate.toPrecision(2)))
}

/** Time left for `remaining` iterations at `rate` it/s: `45s`, `1m58s`, `2h03m`, or `--`. */
export function formatEta(remaining: number, rate: number): string {
  if (remaining <= 0) return '0s'
  if (!Number.isFinite(rate) || rate <= 0) return '--'
  const seconds = Math.round(remaining / rate)
  if (seconds < 60) return `${seconds}s`
  if (seconds < 3600) return `${Math.floor(seconds / 60)}m${pad2(seconds % 60)}s`
  const minutes = Math.round(seconds / 60)
  return `${Math.floor(minutes / 60)}h${pad2(minutes % 60)}m`
}

function pad2(n: number): string {
  return String(n).padStart(2, '0')
}
