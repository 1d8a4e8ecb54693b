import type { DecisionMap } from '@spikegrad/core/internal'
import { axes, clear, colorKey, colorKeyHeight, el, palette, scale, type KeyItem } from './svg.js'

/**
 * A classification task's decision map: each cell of the plane coloured by the class the
 * network reports at its centre, the points of a split on top in their true class's colour,
 * a cross where the network reports another; under it a colour key of the classes and a line
 * that counts the points right.
 */
export function drawDecisionMap(svg: SVGSVGElement, map: DecisionMap): void {
  const size = 300
  const frame = { left: 40, top: 10, width: size - 50, height: size - 50 }
  const keyItems: KeyItem[] = [
    ...map.classes.map((name, c) => ({ label: name, color: palette[c % palette.length]!, swatch: 'box' as const })),
    { label: 'a point the network gets right', color: '#444', swatch: 'dot' as const },
    { label: 'wrong (in its true class colour)', color: '#444', swatch: 'cross' as const },
  ]
  const keyTop = frame.top + frame.height + 32
  const keyHeight = colorKeyHeight(keyItems, size - 10)
  clear(svg, size, keyTop + keyHeight + 16)
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
  colorKey(svg, keyItems, 6, keyTop, size - 10)
  svg.append(el('text', { x: 6, y: keyTop + keyHeight + 11, class: 'legend' }, `${map.points.length - wrong} of ${map.points.length} points right`))
}
