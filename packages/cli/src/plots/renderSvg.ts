import { View, parse } from 'vega'
import { compile, type TopLevelSpec } from 'vega-lite'
import { terminalText } from '../util/terminalText.js'

/**
 * Renders a Vega-Lite specification to a standalone SVG document, headless (no canvas, no
 * browser): compile to Vega, run a View with the 'none' renderer, serialise to SVG. Text from
 * files (a task's or a population's name) is shown with its control characters escaped
 * (`terminalText`): XML allows none of them, and a viewer must not be handed them raw.
 */
export async function renderSvg(spec: TopLevelSpec): Promise<string> {
  const view = new View(parse(compile(spec).spec), { renderer: 'none' })
  try {
    return terminalText(await view.toSVG())
  } finally {
    view.finalize()
  }
}
