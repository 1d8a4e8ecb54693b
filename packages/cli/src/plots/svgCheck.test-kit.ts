/**
 * Test helpers for SVG output: a strict-enough XML well-formedness check (balanced tags,
 * quoted attributes, known entities) and a count of the items in a Vega mark group.
 */

/** Problems that make `xml` not well-formed; empty if it is. The root must be <svg>. */
export function xmlProblems(xml: string): string[] {
  const problems: string[] = []
  const stack: string[] = []
  const token = /<!--[\s\S]*?-->|<\?[\s\S]*?\?>|<!\[CDATA\[[\s\S]*?\]\]>|<(\/?)([A-Za-z_][\w:.-]*)((?:\s+[\w:.-]+\s*=\s*(?:"[^"<]*"|'[^'<]*'))*)\s*(\/?)>|<|&(?!(?:amp|lt|gt|quot|apos|#\d+|#x[\da-fA-F]+);)/g
  let roots = 0
  for (const m of xml.matchAll(token)) {
    const [all, closing, name, , selfClosing] = m
    if (all === '<') problems.push(`stray or malformed tag at ${m.index}: ${xml.slice(m.index, m.index + 40)}`)
    else if (all.startsWith('&')) problems.push(`unescaped & at ${m.index}`)
    else if (name === undefined) continue
    else if (closing === '/') {
      const open = stack.pop()
      if (open !== name) problems.push(`</${name}> at ${m.index} closes <${open ?? 'nothing'}>`)
    } else {
      if (stack.length === 0) {
        roots++
        if (name !== 'svg') problems.push(`root element is <${name}>, not <svg>`)
      }
      if (selfClosing !== '/') stack.push(name)
    }
  }
  if (stack.length > 0) problems.push(`unclosed: ${stack.join(' > ')}`)
  if (roots !== 1) problems.push(`${roots} root elements`)
  return problems
}

/**
 * Number of items (paths, texts, …) drawn by the Vega mark groups whose class starts with
 * `classPrefix`, e.g. 'mark-rect role-mark' for the ticks of a raster.
 */
export function markCount(svg: string, classPrefix: string): number {
  let count = 0
  // An empty group is written self-closing: <g class="mark-rect role-mark marks" …/>.
  const group = new RegExp(`<g class="${classPrefix}[^"]*"[^>]*?(?:/>|>([\\s\\S]*?)</g>)`, 'g')
  for (const m of svg.matchAll(group)) count += (m[1]?.match(/<(path|text|line|rect)\b/g) ?? []).length
  return count
}

/** Every text node of the SVG, unescaped, in document order. */
export function svgTexts(svg: string): string[] {
  return [...svg.matchAll(/<text\b[^>]*>([^<]*)<\/text>/g)].map((m) =>
    m[1]!.replace(/&lt;/g, '<').replace(/&gt;/g, '>').replace(/&quot;/g, '"').replace(/&#39;/g, "'").replace(/&amp;/g, '&'),
  )
}
