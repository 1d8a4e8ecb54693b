import type { TopLevelSpec } from 'vega-lite'
import type { InputSpike, PopulationRows, SpikeEvent, SpikeTargets } from './figureData.js'
import { renderSvg } from './renderSvg.js'

/** What a spike raster shows: every spike of `neurons` neurons over [0, duration] ms. */
export interface RasterInput {
  readonly spikes: readonly SpikeEvent[]
  readonly neurons: number
  /** The populations, one panel each (default: one of all neurons). */
  readonly populations?: readonly PopulationRows[]
  /** Trial length, ms. */
  readonly duration: number
  /** The trial's input spikes (channel, time), drawn in a panel of their own above the neurons. */
  readonly inputSpikes?: readonly InputSpike[]
  /** What a loss on spike times asks of a population: red marks in its panel (see `SpikeTargets`). */
  readonly targets?: SpikeTargets
  readonly title: string
}

/** The colour of the target marks. */
export const targetColor = '#dc2626'

/**
 * A spike raster: one row per neuron (0 at the top, silent neurons keep their row), one
 * vertical tick per spike at its time in ms; with several populations, one panel each, rows
 * numbered within it. The subtitle counts spikes and the mean rate (of each population). A
 * trial's input spikes, when it has any, are a panel of their own above, one row per channel,
 * in another colour, on the same time axis. Targets of a loss on spike times are red marks in
 * their population's panel: a diamond at each target spike, or a triangle at t = 0 on the row of
 * the neuron that should fire first (the trial's class); the panel's subtitle names them.
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
    const targets = input.targets !== undefined && (input.targets.population === pop.name || pops.length === 1) ? targetMarks(input.targets, pop, input.duration) : []
    const x = { field: 'time', type: 'quantitative' as const, title: 'time (ms)', scale: { domain: [0, input.duration], nice: false } }
    const y = {
      field: 'neuron',
      type: 'ordinal' as const,
      title: 'neuron',
      scale: { domain: rows },
      axis: { values: rows.filter((j) => j % axisStep(pop.size) === 0) },
    }
    const spikesLayer = {
      data: { values: spikes.map((s) => ({ neuron: s.neuron - pop.offset, time: s.time })) },
      mark: { type: 'tick' as const, orient: 'vertical' as const, thickness: 1.5, color: '#1f2937' },
      encoding: { x, y },
    }
    const subtitle = `${spikes.length} spikes, ${pop.size} neurons, ${Number(input.duration.toFixed(1))} ms (mean ${rate.toPrecision(3)} Hz)`
    return {
      title: { text, subtitle: targets.length > 0 ? `${subtitle}; red: ${input.targets!.label}` : subtitle },
      width: 600,
      height: Math.min(480, Math.max(pops.length > 1 ? 60 : 120, 8 * pop.size)),
      ...(targets.length === 0
        ? spikesLayer
        : {
            layer: [
              spikesLayer,
              {
                data: { values: targets },
                mark: { type: 'point' as const, filled: true, size: 60, color: targetColor, opacity: 0.85 },
                encoding: { x, y, shape: { field: 'shape', type: 'nominal' as const, scale: { domain: ['diamond', 'triangle-right'], range: ['diamond', 'triangle-right'] }, legend: null } },
              },
            ],
          }),
    }
  }
  const config = { view: { stroke: '#9ca3af' } }
  const inputs = inputPanel(input)
  if (pops.length === 1 && inputs === undefined) return { $schema: 'https://vega.github.io/schema/vega-lite/v6.json', ...panel(pops[0]!), config }
  const panels = pops.map((pop) => (pops.length === 1 ? { ...panel(pop), title: { ...panel(pop).title, text: 'neurons' } } : panel(pop)))
  return { $schema: 'https://vega.github.io/schema/vega-lite/v6.json', title: input.title, vconcat: [...(inputs === undefined ? [] : [inputs as (typeof panels)[number]]), ...panels], config }
}

/** The marks of `targets` in the panel of `pop`: its target spikes (diamonds) and the neuron that should fire first (a triangle at t = 0). */
function targetMarks(targets: SpikeTargets, pop: PopulationRows, duration: number): { neuron: number; time: number; shape: string }[] {
  const inPanel = (neuron: number) => neuron >= pop.offset && neuron < pop.offset + pop.size
  const marks = (targets.spikes ?? []).filter((s) => inPanel(s.neuron) && s.time >= 0 && s.time <= duration).map((s) => ({ neuron: s.neuron - pop.offset, time: s.time, shape: 'diamond' }))
  if (targets.first !== undefined && inPanel(targets.first)) marks.push({ neuron: targets.first - pop.offset, time: 0, shape: 'triangle-right' })
  return marks
}

/** The panel of the input spikes: one row per channel (up to the last that spikes), a violet tick per spike. */
function inputPanel(input: RasterInput): object | undefined {
  const spikes = (input.inputSpikes ?? []).filter((s) => s.time >= 0 && s.time <= input.duration)
  if (spikes.length === 0) return undefined
  const channels = Math.max(...spikes.map((s) => s.channel)) + 1
  const rows = Array.from({ length: channels }, (_, c) => c)
  return {
    title: { text: 'input spikes', subtitle: `${spikes.length} spikes on ${channels} channel${channels === 1 ? '' : 's'}` },
    width: 600,
    height: Math.min(240, Math.max(40, 8 * channels)),
    data: { values: spikes.map((s) => ({ channel: s.channel, time: s.time })) },
    mark: { type: 'tick' as const, orient: 'vertical' as const, thickness: 1.5, color: '#7c3aed' },
    encoding: {
      x: { field: 'time', type: 'quantitative' as const, title: 'time (ms)', scale: { domain: [0, input.duration], nice: false } },
      y: { field: 'channel', type: 'ordinal' as const, title: 'channel', scale: { domain: rows }, axis: { values: rows.filter((c) => c % axisStep(channels) === 0) } },
    },
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
