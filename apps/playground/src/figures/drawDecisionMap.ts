import type { DecisionMap } from '@spikegrad/core/internal'
import { axes, clear, el, palette, scale } from './svg.js'

/**
 * A classification task's decision map: each cell of the plane coloured by the class the
 * network reports at its centre, the points of a split on top in their true class's colour,
 * a cross where the network reports another.
 */
export function drawDecisionMap(svg: SVGSVGElement, map: DecisionMap): void {
  const size = 300
  const frame = { left: 40, top: 10, width: size - 50, height: size - 50 }
  clear(svg, size, size + 16)
  const sx = scale(map.x.min, map.x.max, frame.left, frame.left + frame.width)
  const sy = scale(map.y.min, map.y.max, frame.top + frame.height, frame.top)
  const cw = frame.width / map.resolution
  const ch = frame.height / map.resolution
  for (const c of map.cells) {
    svg.append(el('rect', { x: sx(c.x) - cw / 2, y: sy(c.y) - ch / 2, width: cw + 0.3, height: ch + 0.3, fill: palette[c.predicted % palette.length]!, class: 'cell' }))
  }
  axes(svg, frame, { lo: map.x.min, hi: map.x.max, label: map.x.name }, { lo: map.y.min, hi: map.y.max, label: map.y.name })
  let wrong = 0
  for (const p of map.points) {
    const color = palette[p.label % palette.length]!
    if (p.predicted === p.label) {
      svg.append(el('circle', { cx: sx(p.x), cy: sy(p.y), r: 2.5, fill: color, class: 'point' }))
    } else {
      wrong++
      const x = sx(p.x)
      const y = sy(p.y)
      svg.append(el('path', { d: `M${x - 3},${y - 3}L${x + 3},${y + 3}M${x - 3},${y + 3}L${x + 3},${y - 3}`, stroke: color, class: 'miss' }))
    }
  }
  const legend = map.classes.join(' · ')
  svg.append(el('text', { x: frame.left, y: size + 12, class: 'legend' }, `${legend} — ${map.points.length - wrong}/${map.points.length} of ${map.pointsFrom} right`))
}
