import type { TopLevelSpec } from 'vega-lite'
import type { NamedSeries } from './figureData.js'
import { renderSvg } from './renderSvg.js'

/** A curve of the readout figure; targets are drawn dashed, readouts solid (the default). */
export interface Series extends NamedSeries {
  readonly role?: 'readout' | 'target'
}

/** What a readout figure shows: readout channels and their targets over one trial. */
export interface ReadoutInput {
  /** Sample times, ms, increasing. */
  readonly times: readonly number[]
  readonly series: readonly Series[]
  /** Scored windows [start, end] in ms, shaded. */
  readonly windows?: readonly (readonly [number, number])[]
  readonly title: string
}

/**
 * Readout o_r(t) against target o*_r(t) for one trial: one line per series (targets dashed),
 * colour by series name, the scored windows shaded behind them; x is time in ms.
 */
export function readoutSpec(input: ReadoutInput): TopLevelSpec {
  const n = input.times.length
  if (n < 2) throw new RangeError(`readoutPlot: times needs at least 2 samples, got ${n}`)
  if (input.series.length === 0) throw new RangeError('readoutPlot: series is empty; give at least one readout')
  const rows: { time: number; value: number | null; series: string; role: string }[] = []
  for (const s of input.series) {
    if (s.values.length !== n) {
      throw new RangeError(`readoutPlot: series "${s.name}" has ${s.values.length} values for ${n} times`)
    }
    const role = s.role ?? 'readout'
    s.values.forEach((v, k) => rows.push({ time: input.times[k]!, value: Number.isFinite(v) ? v : null, series: s.name, role }))
  }
  const t0 = input.times[0]!
  const t1 = input.times[n - 1]!
  const windows = (input.windows ?? []).map(([start, end]) => ({ start: Math.max(start, t0), end: Math.min(end, t1) }))
  const x = (field: string) => ({
    field,
    type: 'quantitative' as const,
    title: 'time (ms)',
    scale: { domain: [t0, t1], nice: false },
  })
  return {
    $schema: 'https://vega.github.io/schema/vega-lite/v6.json',
    title: { text: input.title, subtitle: windows.length > 0 ? 'shaded: scored windows' : '' },
    width: 600,
    height: 220,
    layer: [
      {
        data: { values: windows },
        mark: { type: 'rect', color: '#f59e0b', opacity: 0.15 },
        encoding: { x: x('start'), x2: { field: 'end' } },
      },
      {
        data: { values: rows },
        mark: { type: 'line', strokeWidth: 1.5, interpolate: 'linear' },
        encoding: {
          x: x('time'),
          y: { field: 'value', type: 'quantitative', title: 'output' },
          color: { field: 'series', type: 'nominal', title: null, sort: input.series.map((s) => s.name) },
          strokeDash: {
            field: 'role',
            type: 'nominal',
            title: null,
            scale: { domain: ['readout', 'target'], range: [[1, 0], [5, 3]] },
            legend: null,
          },
        },
      },
    ],
  }
}

/** The readout figure as an SVG document. */
export function readoutPlot(input: ReadoutInput): Promise<string> {
  return renderSvg(readoutSpec(input))
}
