import type { EquationIssue, EquationNeuronDefinition } from '@spikegrad/neuron-equations'

/**
 * The playground's text box for a neuron written as equations: one statement a line —
 *
 *     dv/dt = (I - v) / tau_m
 *     threshold: v > v_th
 *     reset: v = v_reset
 *     parameters: tau_m = 20, v_th = 1, v_reset = 0
 *
 * (`voltage: v` names the variable the gate reads; `#` starts a comment) — read into the
 * definition `@spikegrad/neuron-equations` takes as a plugin's `options`, and back. Only the
 * layout is read here; the equations themselves are parsed, checked and differentiated by the
 * plugin, whose issues name a line of the box.
 */

// -------------------------------------------------------------------------------------
// model
// -------------------------------------------------------------------------------------

/** Where each field of the definition came from: the box's line (1-based) of each part. */
export interface TextLines {
  readonly equations: readonly number[]
  readonly threshold?: number
  readonly reset: readonly number[]
  readonly parameters: Readonly<Record<string, number>>
  readonly voltage?: number
}

/** The definition read from the box, with its lines; or the sentences that refuse the box. */
export type ReadText = { readonly ok: true; readonly definition: EquationNeuronDefinition; readonly lines: TextLines } | { readonly ok: false; readonly problems: readonly string[] }

// -------------------------------------------------------------------------------------
// constants
// -------------------------------------------------------------------------------------

/** The box's first text: the leaky integrate-and-fire neuron, as Yin-Yang's preset trains it (tau_m 20 ms). */
export const defaultEquationText = ['dv/dt = (I - v) / tau_m', 'threshold: v > v_th', 'reset: v = v_reset', 'parameters: tau_m = 20, v_th = 1, v_reset = 0'].join('\n')

const what = "the neuron's equations"

// -------------------------------------------------------------------------------------
// utils
// -------------------------------------------------------------------------------------

/** Reads the box's text into a definition, or says which line does not fit the layout and why. */
export function readEquationText(text: string): ReadText {
  const equations: string[] = []
  const equationLines: number[] = []
  const reset: string[] = []
  const resetLines: number[] = []
  const parameters: Record<string, number> = {}
  const parameterLines: Record<string, number> = {}
  let threshold: { text: string; line: number } | undefined
  let voltage: { text: string; line: number } | undefined
  const problems: string[] = []
  text.split('\n').forEach((raw, k) => {
    const line = k + 1
    const content = raw.replace(/#.*$/, '').trim()
    if (content === '') return
    const keyed = /^(threshold|reset|parameters|voltage)\s*:(.*)$/.exec(content)
    if (keyed === null) {
      if (!/^d\s*[A-Za-z_]\w*\s*\/\s*dt\s*=/.test(content)) {
        problems.push(`${what}, line ${line}: "${content}" is neither an equation (dx/dt = …) nor one of threshold:, reset:, parameters:, voltage:`)
        return
      }
      equations.push(content)
      equationLines.push(line)
      return
    }
    const [, key, rest = ''] = keyed
    const body = rest.trim()
    if (key === 'threshold' || key === 'voltage') {
      const earlier = key === 'threshold' ? threshold : voltage
      if (earlier !== undefined) problems.push(`${what}, line ${line}: a second ${key}: line (the first is line ${earlier.line}); keep one`)
      else if (key === 'threshold') threshold = { text: body, line }
      else voltage = { text: body, line }
      return
    }
    if (key === 'reset') {
      for (const part of body.split(/[;,]/).map((s) => s.trim()).filter((s) => s !== '')) {
        reset.push(part)
        resetLines.push(line)
      }
      return
    }
    for (const part of body.split(',').map((s) => s.trim()).filter((s) => s !== '')) {
      const m = /^([A-Za-z_]\w*)\s*=\s*(\S+)$/.exec(part)
      const value = m === null ? NaN : Number(m[2])
      if (m === null || !Number.isFinite(value)) {
        problems.push(`${what}, line ${line}: parameters take "name = number", separated by commas; got "${part}"`)
        continue
      }
      parameters[m[1]!] = value
      parameterLines[m[1]!] = line
    }
  })
  if (equations.length === 0 && problems.length === 0) problems.push(`${what}: no equation; write one dx/dt = … a line, e.g. dv/dt = (I - v) / tau_m`)
  if (problems.length > 0) return { ok: false, problems }
  const definition: EquationNeuronDefinition = {
    equations,
    ...(threshold !== undefined && { threshold: threshold.text }),
    ...(reset.length > 0 && { reset }),
    parameters,
    ...(voltage !== undefined && { voltage: voltage.text }),
  }
  const lines: TextLines = {
    equations: equationLines,
    ...(threshold !== undefined && { threshold: threshold.line }),
    reset: resetLines,
    parameters: parameterLines,
    ...(voltage !== undefined && { voltage: voltage.line }),
  }
  return { ok: true, definition, lines }
}

/** The box's text of a definition (an opened model's): the inverse of `readEquationText` for what the box can say. */
export function equationText(definition: Partial<EquationNeuronDefinition>): string {
  const params = Object.entries(definition.parameters ?? {}).map(([name, p]) => `${name} = ${typeof p === 'number' ? p : p.value}`)
  return [
    ...(definition.equations ?? []),
    ...(definition.threshold !== undefined ? [`threshold: ${definition.threshold}`] : []),
    ...(definition.reset !== undefined && definition.reset.length > 0 ? [`reset: ${definition.reset.join('; ')}`] : []),
    ...(params.length > 0 ? [`parameters: ${params.join(', ')}`] : []),
    ...(definition.voltage !== undefined ? [`voltage: ${definition.voltage}`] : []),
  ].join('\n')
}

/** An issue of the plugin as a sentence about the box: `equations[0], column 19` becomes line 1, column 19 of the equation. */
export function describeEquationIssue(issue: EquationIssue, lines: TextLines): string {
  const at = issue.at
  const indexed = /^(equations|reset)\[(\d+)\]$/.exec(at)
  const param = /^parameters\.(\w+)/.exec(at)
  const line = indexed !== null ? (indexed[1] === 'equations' ? lines.equations : lines.reset)[Number(indexed[2])] : param !== null ? lines.parameters[param[1]!] : at === 'threshold' ? lines.threshold : at === 'voltage' ? lines.voltage : undefined
  const where = line !== undefined ? `line ${line}${issue.column !== undefined ? `, column ${issue.column} of its ${indexed?.[1] === 'reset' ? 'reset' : at === 'threshold' ? 'threshold' : 'equation'}` : ''}` : at
  return `${what}, ${where}: ${issue.problem}${issue.fix !== undefined ? `; ${issue.fix}` : ''}`
}
