import type { TopLevelSpec } from 'vega-lite'
import { terminalText } from '../util/terminalText.js'

// Without a canvas, Vega lays text out at 0.8 em per character, about half again as wide as
// text is drawn: a long title then widens the figure, and a third of it stays empty. Lay it out
// at the widths of a proportional font instead, by character class.
const em = (c: string): number => (/[ .,:;'|!il()[\]{}jt/f-]/.test(c) ? 0.34 : /[MWmw@%]/.test(c) ? 0.9 : /[A-Z]/.test(c) ? 0.72 : 0.62)
const fontSize = (item: { readonly fontSize?: number }): number => (typeof item.fontSize === 'number' ? item.fontSize : 11)

/**
 * Vega and Vega-Lite, loaded on the first figure (they are a large part of the CLI's module
 * graph, and most commands draw nothing), with Vega's text metrics replaced as above.
 */
let renderer: Promise<{ readonly vega: typeof import('vega'); readonly compile: typeof import('vega-lite').compile }> | undefined
const loadRenderer = (): NonNullable<typeof renderer> =>
  (renderer ??= Promise.all([import('vega'), import('vega-lite')]).then(([vega, vegaLite]) => {
    // (vega exports its text metrics at run time; its typings leave them out)
    const { textMetrics } = vega as unknown as { textMetrics: { width: (item: object, text?: string | string[]) => number } }
    textMetrics.width = (item: object, text?: string | string[]): number => {
      const value = text ?? (item as { text?: unknown }).text
      const line = Array.isArray(value) ? value.map(String).reduce((a, b) => (b.length > a.length ? b : a), '') : value == null ? '' : String(value)
      let width = 0
      for (const c of line) width += em(c)
      return Math.ceil(width * fontSize(item as { fontSize?: number }))
    }
    return { vega, compile: vegaLite.compile }
  }))

/**
 * Renders a Vega-Lite specification to a standalone SVG document, headless (no canvas, no
 * browser): compile to Vega, run a View with the 'none' renderer, serialise to SVG. Text from
 * files (a task's or a population's name) is shown with its control characters escaped
 * (`terminalText`): XML allows none of them, and a viewer must not be handed them raw.
 */
export async function renderSvg(spec: TopLevelSpec): Promise<string> {
  const { vega, compile } = await loadRenderer()
  const view = new vega.View(vega.parse(compile(spec).spec), { renderer: 'none' })
  try {
    return terminalText(await view.toSVG())
  } finally {
    view.finalize()
  }
}
