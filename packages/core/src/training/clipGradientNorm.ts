/**
 * Gradient-norm clipping: when ‖g‖₂ > maxNorm, scales g in place by maxNorm / ‖g‖₂ so that its
 * norm becomes maxNorm (direction kept); otherwise leaves it alone. Returns ‖g‖₂ before
 * clipping. A gradient with a NaN or infinite entry is left untouched and its non-finite norm
 * returned, for the caller to reject. maxNorm = Infinity never clips.
 * The norm is computed with scaling, so huge entries do not overflow.
 */
export function clipGradientNorm(grad: Float64Array, maxNorm: number): number {
  if (!(maxNorm > 0)) throw new RangeError(`clipGradientNorm: maxNorm must be > 0, got ${maxNorm}`)
  let largest = 0
  for (let i = 0; i < grad.length; i++) {
    const a = Math.abs(grad[i])
    if (Number.isNaN(a)) return NaN
    if (a > largest) largest = a
  }
  if (largest === 0) return 0
  if (!Number.isFinite(largest)) return largest
  let sum = 0
  for (let i = 0; i < grad.length; i++) {
    const r = grad[i] / largest
    sum += r * r
  }
  const norm = largest * Math.sqrt(sum)
  if (norm > maxNorm) {
    const scale = maxNorm / norm
    for (let i = 0; i < grad.length; i++) grad[i] *= scale
  }
  return norm
}
