import type { TopLevelSpec } from 'vega-lite'
import type { DecisionMap } from './figureData.js'
import { renderSvg } from './renderSvg.js'

/** Class colours: the cells in pale tones, the points in full ones. */
const palette = ['#2563eb', '#dc2626', '#059669', '#d97706', '#7c3aed', '#0891b2', '#be185d', '#4b5563']

/**
 * A decision map: each cell of the grid filled with the colour of the class the network
 * reports at its centre, the points on top — filled with their true class, a black cross where
 * the network reports another. The subtitle gives the accuracy on the points.
 */
export function decisionMapSpec(map: DecisionMap, title: string): TopLevelSpec {
  if (map.classes.length === 0) throw new RangeError('decisionMapPlot: no classes')
  const dx = (map.x.max - map.x.min) / map.resolution
  const dy = (map.y.max - map.y.min) / map.resolution
  const name = (k: number): string => map.classes[k] ?? `class ${k}`
  const cells = map.cells.map((c) => ({ x: c.x - dx / 2, x2: c.x + dx / 2, y: c.y - dy / 2, y2: c.y + dy / 2, predicted: name(c.predicted) }))
  const points = map.points.map((p) => ({ x: p.x, y: p.y, label: name(p.label), wrong: p.predicted !== p.label }))
  const wrong = points.filter((p) => p.wrong).length
  const accuracy = points.length > 0 ? (points.length - wrong) / points.length : NaN
  const color = { domain: [...map.classes], range: map.classes.map((_, k) => palette[k % palette.length]!) }
  const x = { field: 'x', type: 'quantitative' as const, title: map.x.name, scale: { domain: [map.x.min, map.x.max], nice: false } }
  const y = { field: 'y', type: 'quantitative' as const, title: map.y.name, scale: { domain: [map.y.min, map.y.max], nice: false } }
  return {
    $schema: 'https://vega.github.io/schema/vega-lite/v6.json',
    title: {
      text: title,
      subtitle: points.length > 0 ? `${points.length} points of ${map.pointsFrom}: ${(100 * accuracy).toFixed(1)} % right, ${wrong} wrong (crosses)` : `no points`,
    },
    width: 480,
    height: (480 * (map.y.max - map.y.min)) / (map.x.max - map.x.min),
    layer: [
      {
        data: { values: cells },
        mark: { type: 'rect', opacity: 0.3 },
        encoding: { x, x2: { field: 'x2' }, y, y2: { field: 'y2' }, color: { field: 'predicted', type: 'nominal', title: 'reported class', scale: color } },
      },
      {
        data: { values: points.filter((p) => !p.wrong) },
        mark: { type: 'circle', size: 14, opacity: 0.9 },
        encoding: { x, y, color: { field: 'label', type: 'nominal', title: 'reported class', scale: color } },
      },
      {
        data: { values: points.filter((p) => p.wrong) },
        mark: { type: 'point', shape: 'cross', size: 40, color: '#111827', filled: true },
        encoding: { x, y },
      },
    ],
  }
}

/** The decision map as an SVG document. */
export function decisionMapPlot(map: DecisionMap, title: string): Promise<string> {
  return renderSvg(decisionMapSpec(map, title))
}
