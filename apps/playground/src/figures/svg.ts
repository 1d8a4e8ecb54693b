/** Small helpers the playground's pictures are drawn with: SVG elements, linear scales, axes. */

const ns = 'http://www.w3.org/2000/svg'

/** A new SVG element with attributes (numbers written as they are). */
export function el<K extends keyof SVGElementTagNameMap>(tag: K, attrs: Readonly<Record<string, string | number>> = {}, text?: string): SVGElementTagNameMap[K] {
  const node = document.createElementNS(ns, tag)
  for (const [k, v] of Object.entries(attrs)) node.setAttribute(k, String(v))
  if (text !== undefined) node.textContent = text
  return node
}

/** Empties `svg` and sets its coordinate system to width × height. */
export function clear(svg: SVGSVGElement, width: number, height: number): void {
  svg.replaceChildren()
  svg.setAttribute('viewBox', `0 0 ${width} ${height}`)
}

/** x ↦ the point of [r0, r1] at x's place in [d0, d1] (the middle of the range when d0 = d1). */
export function scale(d0: number, d1: number, r0: number, r1: number): (x: number) => number {
  const span = d1 - d0
  return span === 0 || !Number.isFinite(span) ? () => (r0 + r1) / 2 : (x) => r0 + ((x - d0) / span) * (r1 - r0)
}

/** The finite minimum and maximum of `values` ([0, 1] when there is none), widened when equal. */
export function extent(values: Iterable<number>): [number, number] {
  let lo = Infinity
  let hi = -Infinity
  for (const v of values) {
    if (!Number.isFinite(v)) continue
    if (v < lo) lo = v
    if (v > hi) hi = v
  }
  if (lo === Infinity) return [0, 1]
  if (lo === hi) return [lo - 0.5, hi + 0.5]
  return [lo, hi]
}

/** About `count` round tick values over [lo, hi] (steps of 1, 2 or 5 × 10^k; whole numbers only with `integer`, for iterations). */
export function ticks(lo: number, hi: number, count = 4, integer = false): number[] {
  const raw = (hi - lo) / count
  if (!(raw > 0) || !Number.isFinite(raw)) return [lo]
  const power = 10 ** Math.floor(Math.log10(raw))
  const round = [1, 2, 5, 10].map((m) => m * power).find((s) => s >= raw) ?? raw
  const step = integer ? Math.max(1, round) : round
  const out: number[] = []
  for (let t = Math.ceil(lo / step) * step; t <= hi + step * 1e-9; t += step) out.push(Number(t.toPrecision(12)))
  return out
}

/** A number for a tick label: few digits, no trailing zeros. */
export const tickLabel = (v: number): string => (Math.abs(v) >= 1e4 || (Math.abs(v) < 1e-3 && v !== 0) ? v.toExponential(0) : String(Number(v.toPrecision(3))))

/** The plotting frame: where the data go inside the picture. */
export interface Frame {
  readonly left: number
  readonly top: number
  readonly width: number
  readonly height: number
}

/** Left and bottom axes of a frame with tick labels, and their titles. */
export function axes(svg: SVGSVGElement, frame: Frame, x: { lo: number; hi: number; label: string; ticks?: boolean; integer?: boolean }, y: { lo: number; hi: number; label: string; ticks?: boolean; tickValues?: number[] }): void {
  const { left, top, width, height } = frame
  const sx = scale(x.lo, x.hi, left, left + width)
  const sy = scale(y.lo, y.hi, top + height, top)
  svg.append(el('rect', { x: left, y: top, width, height, class: 'frame' }))
  if (x.ticks !== false) {
    for (const t of ticks(x.lo, x.hi, 5, x.integer === true)) {
      svg.append(el('line', { x1: sx(t), x2: sx(t), y1: top + height, y2: top + height + 4, class: 'tick' }))
      svg.append(el('text', { x: sx(t), y: top + height + 15, class: 'tick-label', 'text-anchor': 'middle' }, tickLabel(t)))
    }
  }
  if (y.ticks !== false) {
    for (const t of y.tickValues ?? ticks(y.lo, y.hi, 3)) {
      svg.append(el('line', { x1: left - 4, x2: left, y1: sy(t), y2: sy(t), class: 'tick' }))
      svg.append(el('text', { x: left - 6, y: sy(t) + 3, class: 'tick-label', 'text-anchor': 'end' }, tickLabel(t)))
    }
  }
  if (x.label !== '') svg.append(el('text', { x: left + width / 2, y: top + height + 28, class: 'axis-label', 'text-anchor': 'middle' }, x.label))
  if (y.label !== '') svg.append(el('text', { x: 12, y: top + height / 2, class: 'axis-label', 'text-anchor': 'middle', transform: `rotate(-90 12 ${top + height / 2})` }, y.label))
}

/** The points (xs[k], ys[k]) as a path's `d`, broken where a value is not finite. */
export function linePath(xs: ArrayLike<number>, ys: ArrayLike<number>, sx: (x: number) => number, sy: (y: number) => number): string {
  let d = ''
  let pen = false
  for (let k = 0; k < xs.length; k++) {
    const x = xs[k]!
    const y = ys[k]!
    if (!Number.isFinite(x) || !Number.isFinite(y)) {
      pen = false
      continue
    }
    d += `${pen ? 'L' : 'M'}${sx(x).toFixed(1)},${sy(y).toFixed(1)}`
    pen = true
  }
  return d
}

/** The colours of series and classes, in order. */
export const palette = ['#1f77b4', '#d62728', '#2ca02c', '#9467bd', '#ff7f0e', '#17becf', '#8c564b', '#e377c2']

/** An entry of a colour key: a swatch (a solid or dashed line, a filled box, a tick) and its label. */
export interface KeyItem {
  readonly label: string
  readonly color: string
  readonly swatch: 'line' | 'dashed' | 'box' | 'tick' | 'dot' | 'cross'
}

/** Width of a label of `text` at the key's 10 px font, a little generous. */
const textWidth = (text: string): number => text.length * 5.8
const keyRow = 13
const keySwatch = 16

/** Where each item of a key goes within `width`: its label (cut with an ellipsis when longer than a row), offset and row. */
function layoutKey(items: readonly KeyItem[], width: number): { rows: number; placed: { item: KeyItem; label: string; dx: number; row: number }[] } {
  const room = width - keySwatch - 4
  let dx = 0
  let row = 0
  const placed = items.map((item) => {
    const label = textWidth(item.label) > room ? `${item.label.slice(0, Math.max(1, Math.floor(room / 5.8) - 1))}…` : item.label
    const w = keySwatch + 4 + textWidth(label) + 10
    if (dx > 0 && dx + w > width) {
      dx = 0
      row++
    }
    const at = { item, label, dx, row }
    dx += w
    return at
  })
  return { rows: items.length > 0 ? row + 1 : 0, placed }
}

/** The height `colorKey` takes for `items` in `width` (to keep room for it clear of a plot). */
export const colorKeyHeight = (items: readonly KeyItem[], width: number): number => layoutKey(items, width).rows * keyRow

/**
 * A colour key laid out in rows from (x, y) within `width`: each item a swatch and its label,
 * a new row where the next would pass the right edge. Drawn outside the data (callers keep
 * its rows, `colorKeyHeight`, clear of their plots).
 * @returns the height the key took (0 with no items).
 */
export function colorKey(svg: SVGSVGElement, items: readonly KeyItem[], x: number, y: number, width: number): number {
  const { rows, placed } = layoutKey(items, width)
  const group = el('g', { class: 'key' })
  for (const { item, label, dx, row } of placed) {
    const cx = x + dx
    const cy = y + row * keyRow + keyRow / 2
    if (item.swatch === 'box') group.append(el('rect', { x: cx, y: cy - 4, width: keySwatch, height: 8, fill: item.color, class: 'key-box' }))
    else if (item.swatch === 'dot') group.append(el('circle', { cx: cx + keySwatch / 2, cy, r: 2.5, fill: item.color }))
    else if (item.swatch === 'cross') group.append(el('path', { d: `M${cx + 5},${cy - 3}L${cx + 11},${cy + 3}M${cx + 5},${cy + 3}L${cx + 11},${cy - 3}`, stroke: item.color, class: 'miss' }))
    else if (item.swatch === 'tick') group.append(el('line', { x1: cx + keySwatch / 2, x2: cx + keySwatch / 2, y1: cy - 5, y2: cy + 5, stroke: item.color, class: 'key-swatch' }))
    else group.append(el('line', { x1: cx, x2: cx + keySwatch, y1: cy, y2: cy, stroke: item.color, class: 'key-swatch', ...(item.swatch === 'dashed' && { 'stroke-dasharray': '4 3' }) }))
    group.append(el('text', { x: cx + keySwatch + 4, y: cy + 3.5, class: 'legend' }, label))
  }
  svg.append(group)
  return rows * keyRow
}
