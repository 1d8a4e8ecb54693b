import type { TopLevelSpec } from 'vega-lite'
import { renderSvg } from './renderSvg.js'

/** What the score-against-time figure shows: each evaluated split's score against the training minutes spent to reach it. */
export interface ScoreTimeInput {
  /** Training minutes before each evaluation (CPU or wall clock, as `clock` says). */
  readonly minutes: readonly number[]
  readonly clock: 'cpu' | 'wall'
  /** One series per split, values aligned with `minutes` (NaN where a split was not scored). */
  readonly scores: readonly { readonly name: string; readonly values: readonly number[] }[]
  /** Other methods' results, drawn as labelled points. */
  readonly references?: readonly { readonly name: string; readonly minutes: number; readonly value: number }[]
  readonly title: string
}

/**
 * A score against the training time it cost: one line per evaluated split (a data set's
 * validation and training split), and other methods' results as labelled points beside them —
 * where a reader compares what a CPU-minute buys. The time axis counts the training steps only,
 * not the evaluations.
 */
export function scoreTimeSpec(input: ScoreTimeInput): TopLevelSpec {
  const n = input.minutes.length
  if (input.scores.length === 0) throw new RangeError('scoreTimePlot: scores is empty; nothing to plot')
  for (const s of input.scores) {
    if (s.values.length !== n) throw new RangeError(`scoreTimePlot: score "${s.name}" has ${s.values.length} values for ${n} times`)
  }
  const rows = input.scores.flatMap((s) =>
    input.minutes.flatMap((m, k) => (Number.isFinite(s.values[k]) && Number.isFinite(m) ? [{ minutes: m, value: s.values[k]!, series: s.name }] : [])),
  )
  if (rows.length === 0) throw new RangeError('scoreTimePlot: no finite score; nothing to plot')
  const refs = (input.references ?? []).map((r) => ({ minutes: r.minutes, value: r.value, label: `${r.name}: ${r.value} after ${r.minutes} min` }))
  const middle = Math.max(...rows.map((r) => r.minutes), ...refs.map((r) => r.minutes)) / 2
  const x = {
    field: 'minutes',
    type: 'quantitative' as const,
    title: input.clock === 'cpu' ? 'CPU minutes of training (every thread of the process)' : 'minutes of training (wall clock)',
    scale: { zero: true },
  }
  const y = { field: 'value', type: 'quantitative' as const, title: 'score', scale: { zero: false } }
  return {
    $schema: 'https://vega.github.io/schema/vega-lite/v6.json',
    title: input.title,
    width: 600,
    height: 260,
    layer: [
      {
        data: { values: rows },
        mark: { type: 'line', point: rows.length <= 200 },
        encoding: {
          x,
          y,
          color: { field: 'series', type: 'nominal', title: null, sort: input.scores.map((s) => s.name), legend: { orient: 'bottom', labelLimit: 400 } },
        },
      },
      ...(refs.length === 0
        ? []
        : [
            {
              data: { values: refs },
              mark: { type: 'point' as const, shape: 'diamond', size: 90, filled: true, color: '#111827' },
              encoding: { x, y: { ...y, field: 'value' } },
            },
            // a label to the right of a point in the left half of the time axis, to the left of one
            // in the right half: its text stays inside the plot
            ...(['left', 'right'] as const).flatMap((side) => {
              const values = refs.filter((r) => (r.minutes <= middle) === (side === 'left'))
              return values.length === 0
                ? []
                : [
                    {
                      data: { values },
                      mark: { type: 'text' as const, align: side, dx: side === 'left' ? 8 : -8, dy: -8, fontSize: 11, color: '#111827' },
                      encoding: { x, y: { ...y, field: 'value' }, text: { field: 'label', type: 'nominal' as const } },
                    },
                  ]
            }),
          ]),
    ],
  } as TopLevelSpec
}

/** The score-against-time figure as an SVG document. */
export function scoreTimePlot(input: ScoreTimeInput): Promise<string> {
  return renderSvg(scoreTimeSpec(input))
}
