import { chain, isLeft, left, mapLeft, right, type Either } from 'fp-ts/lib/Either.js'
import { pipe } from 'fp-ts/lib/function.js'
import type { Issue, Neuron, ParameterValue } from '@spikegrad/core'
import { PluginRefusal, resolveParameters } from '@spikegrad/core'
import { compiledNeuron } from './compiledNeuron.js'
import { validateDefinition, type EquationNeuronDefinition } from './definition.js'
import { equationIssue, formatEquationIssue, type EquationIssue } from './language/equationIssue.js'
import { symbolicNeuron } from './symbolicNeuron.js'

// constructors

/**
 * A neuron from its equations, or the issues that stop it (each with its field, column and
 * fix). `definition` may be any value — e.g. the `options` of a JSON configuration — and is
 * validated first; `params` overrides the declared parameter values by name.
 *
 * @example
 * const result = parseEquationNeuron({
 *   equations: ['dv/dt = (I - v) / tau_m'],
 *   threshold: 'v > v_th',
 *   reset: ['v = v_reset'],
 *   parameters: { tau_m: { value: 10, unit: 'ms', min: 1e-3 }, v_th: 1, v_reset: 0 },
 * })
 */
export function parseEquationNeuron(definition: unknown, params: Readonly<Record<string, ParameterValue>> = {}): Either<readonly EquationIssue[], Neuron> {
  return pipe(
    validateDefinition(definition),
    chain(symbolicNeuron),
    chain((m) => {
      const resolved = resolveParameters('equations neuron', m.parameters, params, { perNeuron: true })
      if ('errors' in resolved) return left(resolved.errors.map((e) => equationIssue('params', e)))
      return right(compiledNeuron(m, resolved.values, 'equations', resolved.perNeuron))
    }),
  )
}

/**
 * A neuron from its equations (t in ms): `equations` one `dx/dt = …` per state variable,
 * `threshold` and `reset` for a spiking reset, `parameters` by name, `voltage` the variable
 * the gate reads (see `EquationNeuronDefinition`). Every derivative the adjoint needs —
 * ∂f/∂x, ∂f/∂I, ∂f/∂p, ∂c/∂x, ∂c/∂p, ∂h/∂x, ∂h/∂p — is derived symbolically and compiled;
 * nothing of the text is ever run as code.
 *
 * @throws Error listing every issue (field, column, problem and fix) when the equations are wrong.
 * @example
 * const adaptive = equationNeuron({
 *   equations: ['dv/dt = (-(v - v_rest) + R*I) / tau_m', 'dw/dt = (a*(v - v_rest) - w) / tau_w'],
 *   threshold: 'v > v_th',
 *   reset: ['v = v_reset', 'w = w + b'],
 *   parameters: { v_rest: 0, R: 1, tau_m: 10, a: 0.1, tau_w: 50, v_th: 1, v_reset: 0, b: 0.2 },
 *   voltage: 'v',
 * })
 */
export function equationNeuron(definition: EquationNeuronDefinition, params: Readonly<Record<string, ParameterValue>> = {}): Neuron {
  const made = parseEquationNeuron(definition, params)
  if (isLeft(made)) throw new Error(formatIssues(made.left))
  return made.right
}

/**
 * The factory bound under the name `equations`: `(params, options)` with the definition in
 * `options` (a configuration's `"neuron": { "name": "equations", "options": { … } }`, or its
 * shorthand `"neuron": { "equations": [ … ], … }`, whose fields core passes as the options).
 * @throws PluginRefusal (core's) with every issue at its field inside what the factory was
 *   given (`options.equations[0]`, `params`), its column in the problem (`unknown name "vth"
 *   at column 12`); its message lists them as `options.equations[0], column 12: …`.
 */
export function equationNeuronFactory(params?: Readonly<Record<string, ParameterValue>>, options?: unknown): Neuron {
  if (options === undefined) {
    throw new Error('the equations neuron needs its equations: give "options": { "equations": ["dv/dt = …"], "parameters": { … } } beside "name": "equations"')
  }
  const made = pipe(
    parseEquationNeuron(options, params ?? {}),
    // the definition's own checks already name `options` (an unknown field is `options.treshold`)
    mapLeft((issues) => issues.map((i) => (i.at === 'options' || i.at.startsWith('options.') || i.at === 'params' ? i : { ...i, at: `options.${i.at}` }))),
  )
  if (isLeft(made)) throw new PluginRefusal(made.left.map(asIssue), formatIssues(made.left))
  return made.right
}

/** An equation issue as one of core's: the column joins the problem (`unknown name "vth" at column 12`). */
export function asIssue(i: EquationIssue): Issue {
  return { at: i.at, problem: i.column !== undefined ? `${i.problem} at column ${i.column}` : i.problem, ...(i.fix !== undefined && { fix: i.fix }) }
}

/** Every issue on its own line. */
export function formatIssues(issues: readonly EquationIssue[]): string {
  return issues.map(formatEquationIssue).join('\n')
}
