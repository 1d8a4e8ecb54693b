import type { TopLevelSpec } from 'vega-lite'
import { renderSvg } from './renderSvg.js'

/** What a training-history figure shows: the loss, and optionally a score, per iteration. */
export interface HistoryInput {
  readonly iterations: readonly number[]
  /** Loss L at each iteration (> 0; other values are left out of the log-scale panel). */
  readonly loss: readonly number[]
  /** A score per iteration, e.g. { name: 'accuracy', values }. */
  readonly score?: { readonly name: string; readonly values: readonly number[] }
  /** Several scores per iteration drawn together with a legend, e.g. accuracy on the validation and the training split. */
  readonly scores?: readonly { readonly name: string; readonly values: readonly number[] }[]
  readonly title: string
}

/**
 * Training history in panels sharing the iteration axis: the loss on a log scale above, the
 * score (linear) below when one is given, or several scores in one panel with a legend (a
 * data set's validation and training accuracy, say). The iteration axis ticks whole iterations.
 */
export function historySpec(input: HistoryInput): TopLevelSpec {
  const n = input.iterations.length
  if (n === 0) throw new RangeError('historyPlot: iterations is empty; nothing to plot')
  if (input.loss.length !== n) throw new RangeError(`historyPlot: loss has ${input.loss.length} values for ${n} iterations`)
  for (const score of [...(input.score ? [input.score] : []), ...(input.scores ?? [])]) {
    if (score.values.length !== n) throw new RangeError(`historyPlot: score "${score.name}" has ${score.values.length} values for ${n} iterations`)
  }
  const rows = input.iterations.map((iteration, k) => ({
    iteration,
    loss: Number.isFinite(input.loss[k]) && input.loss[k]! > 0 ? input.loss[k]! : null,
    score: input.score !== undefined && Number.isFinite(input.score.values[k]) ? input.score.values[k]! : null,
  }))
  // one iteration axis for both panels, whatever iterations each panel has values at
  const domain = [Math.min(...input.iterations), Math.max(...input.iterations)]
  // iterations are whole: ticks at integers only, shown without decimals
  const x = { field: 'iteration', type: 'quantitative', title: 'iteration', scale: { domain, nice: false }, axis: { tickMinStep: 1, format: 'd' } } as const
  const panel = (field: 'loss' | 'score', title: string, color: string, log: boolean, height: number) => ({
    title,
    width: 600,
    height,
    transform: [{ filter: `datum.${field} !== null` }],
    mark: { type: 'line' as const, color, point: n <= 50 },
    encoding: {
      x,
      // a log scale made nice widens to whole decades: a loss between 0.1 and 1 would fill a third of a 0.01–10 panel
      y: { field, type: 'quantitative' as const, title: log ? `${title} (log scale)` : title, scale: log ? { type: 'log' as const, nice: false } : { zero: false } },
    },
  })
  const score = input.score
  const many = input.scores ?? []
  const series = many.flatMap((s) => input.iterations.flatMap((iteration, k) => (Number.isFinite(s.values[k]) ? [{ iteration, series: s.name, value: s.values[k]! }] : [])))
  const manyPanel = {
    title: 'scores',
    width: 600,
    height: 160,
    data: { values: series },
    mark: { type: 'line' as const, point: true },
    encoding: {
      x,
      y: { field: 'value', type: 'quantitative' as const, title: 'score', scale: { zero: false } },
      color: { field: 'series', type: 'nominal' as const, title: null, sort: many.map((s) => s.name), legend: { orient: 'bottom' as const, labelLimit: 400 } },
    },
  }
  return {
    $schema: 'https://vega.github.io/schema/vega-lite/v6.json',
    title: input.title,
    data: { values: rows },
    vconcat: [
      panel('loss', 'loss', '#2563eb', true, 180),
      ...(score === undefined ? [] : [panel('score', score.name, '#059669', false, 140)]),
      ...(many.length === 0 ? [] : [manyPanel]),
    ],
  }
}

/** The training-history figure as an SVG document. */
export function historyPlot(input: HistoryInput): Promise<string> {
  return renderSvg(historySpec(input))
}
