import type { TopLevelSpec } from 'vega-lite'
import type { PopulationRows, SpikeEvent } from './figureData.js'
import { renderSvg } from './renderSvg.js'

/** What a spike raster shows: every spike of `neurons` neurons over [0, duration] ms. */
export interface RasterInput {
  readonly spikes: readonly SpikeEvent[]
  readonly neurons: number
  /** The populations, one panel each (default: one of all neurons). */
  readonly populations?: readonly PopulationRows[]
  /** Trial length, ms. */
  readonly duration: number
  readonly title: string
}

/**
 * A spike raster: one row per neuron (0 at the top, silent neurons keep their row), one
 * vertical tick per spike at its time in ms; with several populations, one panel each, rows
 * numbered within it. The subtitle counts spikes and the mean rate (of each population).
 */
export function rasterSpec(input: RasterInput): TopLevelSpec {
  if (!(Number.isInteger(input.neurons) && input.neurons >= 1)) {
    throw new RangeError(`rasterPlot: neurons must be a positive integer, got ${input.neurons}`)
  }
  if (!(input.duration > 0)) throw new RangeError(`rasterPlot: duration must be > 0 ms, got ${input.duration}`)
  const pops = input.populations ?? [{ name: '', offset: 0, size: input.neurons }]
  const panel = (pop: PopulationRows) => {
    const spikes = input.spikes.filter((s) => s.neuron >= pop.offset && s.neuron < pop.offset + pop.size)
    const rows = Array.from({ length: pop.size }, (_, j) => j)
    const rate = (1000 * spikes.length) / (pop.size * input.duration)
    const text = pops.length > 1 ? pop.name : input.title
    return {
      title: {
        text,
        subtitle: `${spikes.length} spikes, ${pop.size} neurons, ${Number(input.duration.toFixed(1))} ms (mean ${rate.toPrecision(3)} Hz)`,
      },
      width: 600,
      height: Math.min(480, Math.max(pops.length > 1 ? 60 : 120, 8 * pop.size)),
      data: { values: spikes.map((s) => ({ neuron: s.neuron - pop.offset, time: s.time })) },
      mark: { type: 'tick' as const, orient: 'vertical' as const, thickness: 1.5, color: '#1f2937' },
      encoding: {
        x: { field: 'time', type: 'quantitative' as const, title: 'time (ms)', scale: { domain: [0, input.duration], nice: false } },
        y: {
          field: 'neuron',
          type: 'ordinal' as const,
          title: 'neuron',
          scale: { domain: rows },
          axis: { values: rows.filter((j) => j % axisStep(pop.size) === 0) },
        },
      },
    }
  }
  const config = { view: { stroke: '#9ca3af' } }
  if (pops.length === 1) return { $schema: 'https://vega.github.io/schema/vega-lite/v6.json', ...panel(pops[0]!), config }
  return { $schema: 'https://vega.github.io/schema/vega-lite/v6.json', title: input.title, vconcat: pops.map(panel), config }
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
