/** The three classes by label: 0 yin, 1 yang, 2 dot (the published numbering). */
export const yinYangClassNames = ['yin', 'yang', 'dot'] as const

/** A Yin-Yang label: 0 yin, 1 yang, 2 dot. */
export type YinYangLabel = 0 | 1 | 2

/**
 * The class of a point (x, y) of the big disc of radius rBig centred on (rBig, rBig). With
 * d_r = |(x, y) − (1.5 rBig, rBig)| and d_l = |(x, y) − (0.5 rBig, rBig)|:
 * 2 (dot) if d_r < rSmall or d_l < rSmall; otherwise 1 (yang) if d_r ≤ rSmall, or
 * rSmall < d_l ≤ rBig/2, or (y > rBig and d_r > rBig/2); otherwise 0 (yin).
 * Distances are square roots of sums of squares, evaluated as the published generator does, so
 * that points on a boundary fall on the same side bit for bit.
 */
export function yinYangLabel(x: number, y: number, rSmall: number, rBig: number): YinYangLabel {
  const dRight = distance(x, y, 1.5 * rBig, rBig)
  const dLeft = distance(x, y, 0.5 * rBig, rBig)
  if (dRight < rSmall || dLeft < rSmall) return 2
  const yang = dRight <= rSmall || (dLeft > rSmall && dLeft <= 0.5 * rBig) || (y > rBig && dRight > 0.5 * rBig)
  return yang ? 1 : 0
}

/** Euclidean distance from (x, y) to (cx, cy): √((x − cx)² + (y − cy)²). */
export function distance(x: number, y: number, cx: number, cy: number): number {
  const dx = x - cx
  const dy = y - cy
  return Math.sqrt(dx * dx + dy * dy)
}
