import type { TopLevelSpec } from 'vega-lite'
import type { InputSpike, NamedSeries } from './figureData.js'
import { renderSvg } from './renderSvg.js'

/** A curve of the readout figure; targets are drawn dashed, readouts solid (the default). */
export interface Series extends NamedSeries {
  readonly role?: 'readout' | 'target'
  /** The readout channel it belongs to: with several channels, a readout and its target share a colour. */
  readonly channel?: number
}

/** What a readout figure shows: readout channels and their targets over one trial. */
export interface ReadoutInput {
  /** Sample times, ms, increasing. */
  readonly times: readonly number[]
  readonly series: readonly Series[]
  /** Scored windows [start, end] in ms, shaded. */
  readonly windows?: readonly (readonly [number, number])[]
  /** Analog inputs at `times`, drawn in a panel under the readout. */
  readonly inputs?: readonly NamedSeries[]
  /** Input spikes (channel, time), drawn in the panel under the readout. */
  readonly inputSpikes?: readonly InputSpike[]
  readonly title: string
}

/**
 * Readout o_r(t) against target o*_r(t) for one trial: one line per series (targets dashed),
 * colour by series name — or, with several channels, by channel, so that a readout and its
 * target share a colour — the scored windows shaded behind them; x is time in ms.
 */
export function readoutSpec(input: ReadoutInput): TopLevelSpec {
  const n = input.times.length
  if (n < 2) throw new RangeError(`readoutPlot: times needs at least 2 samples, got ${n}`)
  if (input.series.length === 0) throw new RangeError('readoutPlot: series is empty; give at least one readout')
  const rows: { time: number; value: number | null; series: string; role: string; channel: string }[] = []
  for (const s of input.series) {
    if (s.values.length !== n) {
      throw new RangeError(`readoutPlot: series "${s.name}" has ${s.values.length} values for ${n} times`)
    }
    const role = s.role ?? 'readout'
    const channel = s.channel === undefined ? s.name : `channel ${s.channel}`
    s.values.forEach((v, k) => rows.push({ time: input.times[k]!, value: Number.isFinite(v) ? v : null, series: s.name, role, channel }))
  }
  const channels = new Set(input.series.flatMap((s) => (s.channel === undefined ? [] : [s.channel]))).size > 1
  const t0 = input.times[0]!
  const t1 = input.times[n - 1]!
  const windows = (input.windows ?? []).map(([start, end]) => ({ start: Math.max(start, t0), end: Math.min(end, t1) }))
  const x = (field: string) => ({
    field,
    type: 'quantitative' as const,
    title: 'time (ms)',
    scale: { domain: [t0, t1], nice: false },
  })
  const readout = {
    width: 600,
    height: 220,
    layer: [
      {
        data: { values: windows },
        mark: { type: 'rect' as const, color: '#f59e0b', opacity: 0.15 },
        encoding: { x: x('start'), x2: { field: 'end' } },
      },
      {
        data: { values: rows },
        mark: { type: 'line' as const, strokeWidth: 1.5, interpolate: 'linear' as const },
        encoding: {
          x: x('time'),
          y: { field: 'value', type: 'quantitative' as const, title: 'output' },
          // several channels: a colour per channel, solid readout and dashed target in a legend of their own
          color: channels
            ? { field: 'channel', type: 'nominal' as const, title: null, sort: [...new Set(rows.map((r) => r.channel))] }
            : { field: 'series', type: 'nominal' as const, title: null, sort: input.series.map((s) => s.name) },
          strokeDash: {
            field: 'role',
            type: 'nominal' as const,
            title: null,
            scale: { domain: ['readout', 'target'], range: [[1, 0], [5, 3]] },
            legend: channels ? {} : null,
          },
        },
      },
    ],
  }
  const title = { text: input.title, subtitle: windows.length > 0 ? 'shaded: scored windows' : '' }
  const below = inputPanel(input, x)
  if (below === undefined) return { $schema: 'https://vega.github.io/schema/vega-lite/v6.json', title, ...readout }
  return { $schema: 'https://vega.github.io/schema/vega-lite/v6.json', title, vconcat: [readout, below as typeof readout], resolve: { scale: { color: 'independent' } } }
}

/** The panel of the inputs under the readout: analog channels as lines, spikes as ticks per channel. */
function inputPanel(input: ReadoutInput, x: (field: string) => object): object | undefined {
  const analog = input.inputs ?? []
  const spikes = input.inputSpikes ?? []
  if (analog.length === 0 && spikes.length === 0) return undefined
  const layers: object[] = []
  if (analog.length > 0) {
    const rows = analog.flatMap((s) => s.values.map((v, k) => ({ time: input.times[k]!, value: Number.isFinite(v) ? v : null, channel: s.name })))
    layers.push({
      data: { values: rows },
      mark: { type: 'line', strokeWidth: 1, interpolate: 'linear' },
      encoding: { x: x('time'), y: { field: 'value', type: 'quantitative', title: 'input' }, color: { field: 'channel', type: 'nominal', title: null } },
    })
  }
  if (spikes.length > 0) {
    const channels = Math.max(...spikes.map((s) => s.channel)) + 1
    layers.push({
      data: { values: spikes.map((s) => ({ time: s.time, channel: s.channel })) },
      mark: { type: 'tick', orient: 'vertical', thickness: 1.5, color: '#7c3aed' },
      encoding: {
        x: x('time'),
        y: { field: 'channel', type: 'ordinal', title: 'input spikes', scale: { domain: Array.from({ length: channels }, (_, c) => c) } },
      },
    })
  }
  return { width: 600, height: spikes.length > 0 && analog.length === 0 ? Math.max(60, 10 * (Math.max(...spikes.map((s) => s.channel)) + 1)) : 100, title: 'inputs', ...(layers.length === 1 ? layers[0] : { layer: layers }) }
}

/** The readout figure as an SVG document. */
export function readoutPlot(input: ReadoutInput): Promise<string> {
  return renderSvg(readoutSpec(input))
}
