/**
 * Float64Array ↔ base64 of its IEEE-754 bytes, little-endian whatever the machine: a job's θ
 * and a reply's loss and gradient travel as text in Redis, and every bit must arrive (JSON
 * numbers would lose -0, NaN and ±Infinity; base64 of the bytes keeps all 2⁶⁴ patterns).
 */

// -------------------------------------------------------------------------------------
// constructors
// -------------------------------------------------------------------------------------

/** The base64 text of `values`' bytes, 8 per entry, little-endian. */
export function encodeFloat64(values: Float64Array): string {
  const bytes = Buffer.allocUnsafe(values.length * 8)
  for (let i = 0; i < values.length; i++) bytes.writeDoubleLE(values[i]!, i * 8)
  return bytes.toString('base64')
}

/**
 * The entries that `encodeFloat64` wrote, or why the text is not such an encoding (not a
 * string, not base64, or a byte count that is not a multiple of 8).
 */
export function decodeFloat64(text: unknown, what: string): Float64Array | string {
  if (typeof text !== 'string') return `${what} must be a base64 string of float64 bytes, got ${text === null ? 'null' : typeof text}`
  if (!/^[A-Za-z0-9+/]*={0,2}$/.test(text) || text.length % 4 !== 0) return `${what} is not base64 text`
  const bytes = Buffer.from(text, 'base64')
  if (bytes.length % 8 !== 0) return `${what} holds ${bytes.length} bytes, not a whole number of float64 values (8 bytes each)`
  const values = new Float64Array(bytes.length / 8)
  for (let i = 0; i < values.length; i++) values[i] = bytes.readDoubleLE(i * 8)
  return values
}
