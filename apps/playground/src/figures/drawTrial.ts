import type { SampleTrial } from '@spikegrad/core/internal'
import { axes, clear, colorKey, colorKeyHeight, el, extent, linePath, palette, scale, type KeyItem } from './svg.js'

/**
 * The readout o_r(t) (solid) against the target o*_r(t) (dashed) of one held-out trial, the
 * scored windows shaded; below it the trial's inputs — analog channels as curves, input
 * spikes as ticks. A colour key above names each readout channel and the solid/dashed
 * convention (with `classes`, a classification task's class names, each readout its class),
 * one below each input channel.
 */
export function drawReadout(svg: SVGSVGElement, sample: SampleTrial, classes: readonly string[] = []): void {
  const width = 420
  const inputRows = (sample.inputs?.length ?? 0) > 0 || (sample.inputSpikes?.length ?? 0) > 0
  const readoutKey: KeyItem[] = [
    ...sample.after.readout.map((s, r) => ({ label: classes[r] !== undefined ? `${s.name}: ${classes[r]}` : s.name, color: palette[r % palette.length]!, swatch: 'line' as const })),
    { label: 'target (dashed)', color: '#666', swatch: 'dashed' },
    ...((sample.windows?.length ?? 0) > 0 ? [{ label: 'scored window', color: '#ececec', swatch: 'box' as const }] : []),
  ]
  const spikeChannels = Math.max(0, ...(sample.inputSpikes ?? []).map((s) => s.channel + 1))
  const inputKey: KeyItem[] = [
    ...(sample.inputs ?? []).map((s, m) => ({ label: `input ${s.name}`, color: palette[(m + 3) % palette.length]!, swatch: 'line' as const })),
    ...(spikeChannels > 0 ? [{ label: `input spikes (${spikeChannels} channel${spikeChannels > 1 ? 's' : ''}, a row each)`, color: '#9467bd', swatch: 'tick' as const }] : []),
  ]
  const keyTop = colorKeyHeight(readoutKey, width - 60)
  const inputKeyHeight = inputRows ? colorKeyHeight(inputKey, width - 60) : 0
  const height = (inputRows ? 250 : 190) + keyTop + inputKeyHeight
  clear(svg, width, height)
  colorKey(svg, readoutKey, 48, 4, width - 60)
  const top = { left: 48, top: 10 + keyTop, width: width - 60, height: 140 }
  const sx = scale(0, sample.duration, top.left, top.left + top.width)
  const values = [...sample.targets.flatMap((s) => s.values), ...sample.after.readout.flatMap((s) => s.values)]
  const [y0, y1] = extent(values)
  const sy = scale(y0, y1, top.top + top.height, top.top)
  for (const [a, b] of sample.windows ?? []) svg.append(el('rect', { x: sx(a), y: top.top, width: Math.max(1, sx(b) - sx(a)), height: top.height, class: 'window' }))
  axes(svg, top, { lo: 0, hi: sample.duration, label: inputRows ? '' : 'time (ms)', ticks: !inputRows }, { lo: y0, hi: y1, label: 'readout' })
  sample.targets.forEach((s, r) => svg.append(el('path', { d: linePath(sample.times, s.values, sx, sy), class: 'target', stroke: palette[r % palette.length]! })))
  sample.after.readout.forEach((s, r) => svg.append(el('path', { d: linePath(sample.times, s.values, sx, sy), class: 'curve readout', stroke: palette[r % palette.length]! })))
  if (!inputRows) return
  const bottom = { left: 48, top: top.top + top.height + 8, width: top.width, height: 52 }
  const analog = sample.inputs ?? []
  const spikes = sample.inputSpikes ?? []
  const [i0, i1] = extent(analog.flatMap((s) => s.values))
  const channels = Math.max(1, spikeChannels)
  axes(svg, bottom, { lo: 0, hi: sample.duration, label: 'time (ms)' }, { lo: 0, hi: 1, label: 'input', ticks: false })
  const si = scale(i0, i1, bottom.top + bottom.height - 2, bottom.top + 2)
  analog.forEach((s, m) => svg.append(el('path', { d: linePath(sample.times, s.values, sx, si), class: 'curve input', stroke: palette[(m + 3) % palette.length]! })))
  const row = bottom.height / channels
  for (const s of spikes) {
    const y = bottom.top + row * s.channel
    svg.append(el('line', { x1: sx(s.time), x2: sx(s.time), y1: y + 1, y2: y + row - 1, class: 'input-spike' }))
  }
  colorKey(svg, inputKey, 48, bottom.top + bottom.height + 32, width - 60)
}

/**
 * The spike raster of one held-out trial: one panel per population (rows: its neurons, a
 * tick per spike), the time axis shared.
 */
export function drawRaster(svg: SVGSVGElement, sample: SampleTrial): void {
  const width = 420
  const populations = sample.populations ?? [{ name: 'hidden', offset: 0, size: sample.neurons }]
  const rowHeight = Math.max(2, Math.min(8, 200 / Math.max(1, sample.neurons)))
  const gap = 16
  const panels = populations.map((p) => Math.max(24, p.size * rowHeight))
  const height = 10 + panels.reduce((a, b) => a + b + gap, 0) + 24
  clear(svg, width, height)
  const sx = scale(0, sample.duration, 48, width - 12)
  let top = 10
  populations.forEach((p, i) => {
    const frame = { left: 48, top, width: width - 60, height: panels[i]! }
    const last = i === populations.length - 1
    axes(svg, frame, { lo: 0, hi: sample.duration, label: last ? 'time (ms)' : '', ticks: last }, { lo: 0, hi: p.size, label: '', ticks: false })
    svg.append(el('text', { x: 44, y: top + 10, class: 'tick-label', 'text-anchor': 'end' }, p.name))
    svg.append(el('text', { x: 44, y: top + 22, class: 'tick-label', 'text-anchor': 'end' }, `${p.size}`))
    const row = frame.height / p.size
    const group = el('g', { class: 'spikes', 'data-population': p.name })
    let count = 0
    for (const s of sample.after.spikes) {
      if (s.neuron < p.offset || s.neuron >= p.offset + p.size) continue
      const y = top + row * (s.neuron - p.offset)
      group.append(el('line', { x1: sx(s.time), x2: sx(s.time), y1: y + 0.5, y2: y + Math.max(1, row - 0.5), class: 'spike' }))
      count++
    }
    group.setAttribute('data-spikes', String(count))
    svg.append(group)
    top += frame.height + gap
  })
}
