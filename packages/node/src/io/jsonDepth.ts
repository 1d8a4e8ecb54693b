import { lineColumn } from './jsonSyntaxError.js'

/**
 * Where JSON text first nests arrays and objects deeper than `maxDepth`, as a problem at a
 * line and column — found by one scan over the text (strings skipped) before anything is
 * parsed, so that no decoder recurses into a 100 000-deep array.
 */
export function jsonDepthProblem(text: string, maxDepth: number): { line: number; column: number; problem: string } | undefined {
  let depth = 0
  let inString = false
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i)
    if (inString) {
      if (c === 0x5c) i++ // backslash: skip the escaped character
      else if (c === 0x22) inString = false
      continue
    }
    if (c === 0x22) inString = true
    else if (c === 0x5b || c === 0x7b) {
      depth++
      if (depth > maxDepth) {
        const { line, column } = lineColumn(text, i)
        return { line, column, problem: `arrays and objects nested more than ${maxDepth} levels deep; no spikegrad file nests that deep` }
      }
    } else if (c === 0x5d || c === 0x7d) depth--
  }
  return undefined
}
