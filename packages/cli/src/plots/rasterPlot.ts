import type { TopLevelSpec } from 'vega-lite'
import type { SpikeEvent } from './figureData.js'
import { renderSvg } from './renderSvg.js'

/** What a spike raster shows: every spike of `neurons` neurons over [0, duration] ms. */
export interface RasterInput {
  readonly spikes: readonly SpikeEvent[]
  readonly neurons: number
  /** Trial length, ms. */
  readonly duration: number
  readonly title: string
}

/**
 * A spike raster: one row per neuron (0 at the top, silent neurons keep their row), one
 * vertical tick per spike at its time in ms. The subtitle counts spikes and the mean rate.
 */
export function rasterSpec(input: RasterInput): TopLevelSpec {
  if (!(Number.isInteger(input.neurons) && input.neurons >= 1)) {
    throw new RangeError(`rasterPlot: neurons must be a positive integer, got ${input.neurons}`)
  }
  if (!(input.duration > 0)) throw new RangeError(`rasterPlot: duration must be > 0 ms, got ${input.duration}`)
  const rows = Array.from({ length: input.neurons }, (_, j) => j)
  const rate = (1000 * input.spikes.length) / (input.neurons * input.duration)
  return {
    $schema: 'https://vega.github.io/schema/vega-lite/v6.json',
    title: {
      text: input.title,
      subtitle: `${input.spikes.length} spikes, ${input.neurons} neurons, ${Number(input.duration.toFixed(1))} ms (mean ${rate.toPrecision(3)} Hz)`,
    },
    width: 600,
    height: Math.min(480, Math.max(120, 8 * input.neurons)),
    data: { values: input.spikes.map((s) => ({ neuron: s.neuron, time: s.time })) },
    mark: { type: 'tick', orient: 'vertical', thickness: 1.5, color: '#1f2937' },
    encoding: {
      x: { field: 'time', type: 'quantitative', title: 'time (ms)', scale: { domain: [0, input.duration], nice: false } },
      y: {
        field: 'neuron',
        type: 'ordinal',
        title: 'neuron',
        scale: { domain: rows },
        axis: { values: rows.filter((j) => j % axisStep(input.neurons) === 0) },
      },
    },
    config: { view: { stroke: '#9ca3af' } },
  }
}

/** The spike raster as an SVG document. */
export function rasterPlot(input: RasterInput): Promise<string> {
  return renderSvg(rasterSpec(input))
}

/** A label every 1, 2, 5, 10, 20, … rows, so that at most ~12 labels show. */
function axisStep(rows: number): number {
  for (let decade = 1; ; decade *= 10) {
    for (const m of [1, 2, 5]) if (rows / (m * decade) <= 12) return m * decade
  }
}
