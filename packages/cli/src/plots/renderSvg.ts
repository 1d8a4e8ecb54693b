import { View, parse } from 'vega'
import { compile, type TopLevelSpec } from 'vega-lite'

/**
 * Renders a Vega-Lite specification to a standalone SVG document, headless (no canvas, no
 * browser): compile to Vega, run a View with the 'none' renderer, serialise to SVG.
 */
export async function renderSvg(spec: TopLevelSpec): Promise<string> {
  const view = new View(parse(compile(spec).spec), { renderer: 'none' })
  try {
    return await view.toSVG()
  } finally {
    view.finalize()
  }
}
