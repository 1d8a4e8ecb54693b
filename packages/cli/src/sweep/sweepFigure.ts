import type { TopLevelSpec } from 'vega-lite'
import { renderSvg } from '../plots/renderSvg.js'
import type { SweepRow } from './sweepTable.js'

/**
 * The final scores of a sweep: one column per combination of settings, a point per seed and
 * a tick at their mean — or the last minibatch loss, for runs that were not scored.
 */
export function sweepFigureSpec(rows: readonly SweepRow[], title: string): TopLevelSpec {
  if (rows.length === 0) throw new RangeError('sweepFigure: no runs to plot')
  const scored = rows.every((r) => r.score !== undefined && Number.isFinite(r.score.value))
  const measure = scored ? rows[0]!.score!.name : 'final minibatch loss'
  const values = rows.map((r) => ({ settings: r.settings === '' ? 'all' : r.settings, seed: String(r.seed), value: scored ? r.score!.value : r.loss }))
  const x = { field: 'settings', type: 'nominal', title: 'settings', sort: null, axis: { labelAngle: -30 } } as const
  const y = { field: 'value', type: 'quantitative', title: measure, scale: { zero: false } } as const
  return {
    $schema: 'https://vega.github.io/schema/vega-lite/v6.json',
    title,
    width: Math.max(200, 80 * new Set(values.map((v) => v.settings)).size),
    height: 240,
    data: { values },
    layer: [
      { mark: { type: 'point', filled: true, size: 60 }, encoding: { x, y, color: { field: 'seed', type: 'nominal', title: 'seed' } } },
      { mark: { type: 'tick', thickness: 2, size: 30, color: 'black' }, encoding: { x, y: { ...y, aggregate: 'mean' } } },
    ],
  }
}

/** The figure as an SVG document. */
export const sweepFigure = (rows: readonly SweepRow[], title: string): Promise<string> => renderSvg(sweepFigureSpec(rows, title))
