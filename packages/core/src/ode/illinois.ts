/**
 * A root of g on a bracket [a, b] by the Illinois method (regula falsi with halving), where
 * g(a) = fa lies on the side before the crossing and g(b) = fb on the crossed side; the sides
 * are g ≥ 0 and g < 0. Both ends are kept, the bracket shrunk to `tol`: the event is applied at b
 * and the adjoint takes F⁻ at a. Undefined when g is not finite in the bracket or it does not
 * shrink in 200 iterations. Used by every solver that locates events on a dense output.
 */
export function illinois(g: (t: number) => number, a: number, fa: number, b: number, fb: number, tol: number): { a: number; b: number } | undefined {
  const before = fa >= 0
  let side = 0
  for (let iter = 0; iter < 200 && b - a > tol; iter++) {
    let c = fb === fa ? (a + b) / 2 : b - (fb * (b - a)) / (fb - fa)
    if (!(c > a && c < b)) c = (a + b) / 2
    const fc = g(c)
    if (!Number.isFinite(fc)) return undefined
    if (fc >= 0 !== before) {
      b = c
      fb = fc
      if (side === 1) fa /= 2
      side = 1
    } else {
      a = c
      fa = fc
      if (side === -1) fb /= 2
      side = -1
    }
  }
  if (!(b - a <= tol)) return undefined
  return { a, b }
}
