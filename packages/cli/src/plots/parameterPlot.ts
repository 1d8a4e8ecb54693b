import type { TopLevelSpec } from 'vega-lite'
import type { ParameterDistribution } from './figureData.js'
import { renderSvg } from './renderSvg.js'

/**
 * A trained per-neuron parameter's (or a projection's delays') distribution before and after
 * training: one histogram of the values per phase, overlaid on a shared binning (about 20 bins over the range of both),
 * before in grey and after in blue, each neuron counted once per phase.
 */
export function parameterSpec(input: ParameterDistribution & { readonly title: string }): TopLevelSpec {
  if (input.after.length === 0) throw new RangeError(`parameterPlot: "${input.name}" has no values; nothing to plot`)
  if (input.before.length !== input.after.length) throw new RangeError(`parameterPlot: "${input.name}" has ${input.before.length} values before and ${input.after.length} after training`)
  const rows = [...input.before.map((value) => ({ phase: 'before training', value })), ...input.after.map((value) => ({ phase: 'after training', value }))]
  const unit = input.unit === '1' || input.unit === '' ? '' : ` (${input.unit})`
  return {
    $schema: 'https://vega.github.io/schema/vega-lite/v6.json',
    title: input.title,
    width: 500,
    height: 220,
    data: { values: rows },
    mark: { type: 'bar', opacity: 0.6, binSpacing: 0 },
    encoding: {
      x: { field: 'value', type: 'quantitative', bin: { maxbins: 20 }, title: `${input.name}${unit}` },
      y: { aggregate: 'count', type: 'quantitative', title: input.per === undefined || input.per === 'neuron' ? 'neurons' : input.per === 'synapse' ? 'synapses' : `${input.per}s`, stack: null },
      color: {
        field: 'phase',
        type: 'nominal',
        title: null,
        scale: { domain: ['before training', 'after training'], range: ['#9ca3af', '#2563eb'] },
        legend: { orient: 'bottom' },
      },
    },
  }
}

/** The figure as an SVG document. */
export function parameterPlot(input: ParameterDistribution & { readonly title: string }): Promise<string> {
  return renderSvg(parameterSpec(input))
}
