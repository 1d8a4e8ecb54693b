import { axes, clear, colorKey, colorKeyHeight, el, extent, linePath, palette, scale, type KeyItem } from './svg.js'

/** A curve of a training run: y at each x (iterations). */
export interface Curve {
  readonly label: string
  readonly xs: readonly number[]
  readonly ys: readonly number[]
  /** Mark every point (a few evaluations) rather than only joining them. */
  readonly dots?: boolean
}

/**
 * Training curves against iterations — the minibatch loss, or the task's score at each
 * evaluation — on a linear or logarithmic y axis, with a colour key above the plot (never on
 * the data).
 */
export function drawCurves(svg: SVGSVGElement, curves: readonly Curve[], options: { readonly yLabel: string; readonly logY?: boolean; readonly xMax?: number }): void {
  const width = 420
  const keyItems: KeyItem[] = curves.map((c, i) => ({ label: c.label, color: palette[i % palette.length]!, swatch: 'line' }))
  const keyHeight = colorKeyHeight(keyItems, width - 60)
  const height = 200 + keyHeight
  clear(svg, width, height)
  colorKey(svg, keyItems, 48, 4, width - 60)
  const frame = { left: 48, top: 10 + keyHeight, width: width - 60, height: 150 }
  const f = options.logY === true ? (v: number) => (v > 0 ? Math.log10(v) : NaN) : (v: number) => v
  const [x0, x1] = extent([0, options.xMax ?? 1, ...curves.flatMap((c) => c.xs)])
  const [y0, y1] = extent(curves.flatMap((c) => c.ys.map(f)))
  const sx = scale(x0, x1, frame.left, frame.left + frame.width)
  const sy = scale(y0, y1, frame.top + frame.height, frame.top)
  const logTicks = options.logY === true ? decades(y0, y1) : undefined
  axes(svg, frame, { lo: x0, hi: x1, label: 'iteration', integer: true }, { lo: y0, hi: y1, label: options.yLabel, ...(logTicks && { tickValues: logTicks }) })
  if (logTicks !== undefined) {
    // the tick labels of a log axis are the values, not their logarithms
    for (const label of svg.querySelectorAll('text.tick-label[text-anchor="end"]')) label.textContent = String(Number((10 ** Number(label.textContent)).toPrecision(2)))
  }
  curves.forEach((c, i) => {
    const color = palette[i % palette.length]!
    const ys = c.ys.map(f)
    svg.append(el('path', { d: linePath(c.xs, ys, sx, sy), class: 'curve', stroke: color }))
    if (c.dots === true) c.xs.forEach((x, k) => Number.isFinite(ys[k]) && svg.append(el('circle', { cx: sx(x), cy: sy(ys[k]!), r: 2.5, fill: color })))
  })
}

/** Whole powers of ten in [lo, hi] (log10 values), or a few values when there are fewer than two. */
function decades(lo: number, hi: number): number[] {
  const out: number[] = []
  for (let p = Math.ceil(lo); p <= Math.floor(hi); p++) out.push(p)
  if (out.length >= 2) return out
  return [lo, (lo + hi) / 2, hi].map((v) => Number(v.toFixed(2)))
}
