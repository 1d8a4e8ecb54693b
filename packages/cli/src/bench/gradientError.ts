/** ‖g − g_ref‖ / ‖g_ref‖ with 2-norms over every entry (all parameter blocks together). */
export function gradientRelativeError(g: ArrayLike<number>, reference: ArrayLike<number>): number {
  if (g.length !== reference.length) throw new RangeError(`gradientRelativeError: ${g.length} entries against ${reference.length}`)
  let diff = 0
  let norm = 0
  for (let i = 0; i < g.length; i++) {
    const d = g[i]! - reference[i]!
    diff += d * d
    norm += reference[i]! * reference[i]!
  }
  return norm > 0 ? Math.sqrt(diff / norm) : Math.sqrt(diff)
}
