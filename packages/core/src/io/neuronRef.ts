import * as t from 'io-ts'
import { ParameterValueCodec } from './parameterValueCodec.js'
import type { MemberPicking } from './unknownFields.js'

/**
 * A population's neuron as JSON, in one of two forms:
 *
 *   { "name": "lif", "params": { "tau_m": 20 } }                        a neuron plugin by name
 *   { "name": "equations", "options": { "equations": [ … ], … } }       a plugin that reads options
 *   { "equations": [ … ], "threshold": …, "reset": [ … ], … }           written as equations
 *
 * The last is shorthand for the second: the neuron plugin bound as `equations`
 * (`@spikegrad/neuron-equations`) with those fields as its options. Core checks only the
 * shape; the plugin reads the equations (and reports each problem at its field). Nothing of
 * the text is run.
 */

/** The name the plugin of neurons written as equations is bound under. */
export const EQUATION_NEURON_PLUGIN = 'equations'
/** The package of that plugin, loaded for a specification or configuration that writes a neuron as equations. */
export const EQUATION_NEURON_PACKAGE = '@spikegrad/neuron-equations'

/**
 * A field that the plugin reads and checks (so that its messages are the same whichever form
 * the neuron is written in); its name says what it holds, for the JSON schema.
 */
function checkedByPlugin(name: string): t.Type<unknown> {
  return new t.Type<unknown>(name, (_u): _u is unknown => true, (u) => t.success(u), t.identity)
}

/** A neuron plugin by name, its parameters by name and, for a plugin that reads more than numbers, its `options` (a JSON object only the plugin interprets). */
export const PluginNeuronRefCodec = t.intersection([t.type({ name: t.string }), t.partial({ params: t.record(t.string, ParameterValueCodec), options: t.UnknownRecord })])

/**
 * A neuron written as equations: the fields of an equation neuron's definition, checked by its
 * plugin (`equations` one `dx/dt = …` per state variable, `threshold`, `reset`, `parameters`,
 * `voltage`, `gate`, `initial`).
 */
export const EquationNeuronRefCodec = t.intersection([
  t.type({ equations: checkedByPlugin('equations: strings') }),
  t.partial({
    threshold: checkedByPlugin('equations: a string'),
    reset: checkedByPlugin('equations: strings'),
    parameters: checkedByPlugin('equations: parameters'),
    voltage: checkedByPlugin('equations: a string'),
    gate: checkedByPlugin('equations: gate'),
    initial: checkedByPlugin('equations: initial values'),
  }),
])

/** A neuron plugin by name (e.g. `{ name: 'qif', params: { tau_v: 2 } }`), with `options` for a plugin that reads more than numbers. */
export type PluginNeuronRef = t.TypeOf<typeof PluginNeuronRefCodec>
/** A neuron written as equations, e.g. `{ equations: ['dv/dt = (I - v) / tau_m'], parameters: { tau_m: 10 } }` (see `@spikegrad/neuron-equations`). */
export type EquationNeuronRef = t.TypeOf<typeof EquationNeuronRefCodec>
/** A population's neuron: a plugin by name, or written as equations. */
export type NeuronRef = PluginNeuronRef | EquationNeuronRef

const members: [typeof PluginNeuronRefCodec, typeof EquationNeuronRefCodec] = [PluginNeuronRefCodec, EquationNeuronRefCodec]

/**
 * Either form, chosen by its fields: an object with `equations` and no `name` is written as
 * equations, anything else is a plugin by name (so that a missing name is reported as such).
 */
export const NeuronRefCodec: t.UnionType<typeof members, NeuronRef, NeuronRef, unknown> & MemberPicking = new t.UnionType<typeof members, NeuronRef, NeuronRef, unknown>(
  'neuron',
  (u): u is NeuronRef => (isEquationNeuronRef(u) ? EquationNeuronRefCodec.is(u) : !hasOwnEquations(u) && PluginNeuronRefCodec.is(u)),
  (u, c) => {
    if (typeof u !== 'object' || u === null || Array.isArray(u)) return t.failure(u, c, `expected a neuron — { "name": …, "params"?: … } or { "equations": [ … ], … } —, got ${Array.isArray(u) ? 'a list' : JSON.stringify(u) ?? String(u)}`)
    const hasEquations = Object.hasOwn(u, 'equations')
    if (hasEquations && Object.hasOwn(u, 'name')) {
      return t.failure(u, c, 'has both "name" and "equations": a neuron written as equations has no name; drop "name", or write { "name": "equations", "options": { "equations": … } }')
    }
    return hasEquations ? EquationNeuronRefCodec.validate(u, c) : PluginNeuronRefCodec.validate(u, c)
  },
  t.identity,
  members,
)
Object.assign(NeuronRefCodec, {
  memberFor: (u: unknown): t.Any | undefined => (isEquationNeuronRef(u) ? EquationNeuronRefCodec : hasOwnEquations(u) ? undefined : PluginNeuronRefCodec),
} satisfies MemberPicking)

function hasOwnEquations(u: unknown): boolean {
  return typeof u === 'object' && u !== null && Object.hasOwn(u, 'equations')
}

/** True when `ref` is written as equations (the shorthand), not a plugin by name. */
export function isEquationNeuronRef(ref: unknown): ref is EquationNeuronRef {
  return typeof ref === 'object' && ref !== null && !Array.isArray(ref) && Object.hasOwn(ref, 'equations') && !Object.hasOwn(ref, 'name')
}

/**
 * The plugin a neuron reference names, what its factory is given, and where the options were
 * written (`optionsAt`, relative to the reference: `options`, or '' for the shorthand, whose
 * fields are the options).
 */
export function neuronPlugin(ref: NeuronRef): { readonly name: string; readonly params?: PluginNeuronRef['params']; readonly options?: Readonly<Record<string, unknown>>; readonly optionsAt: string } {
  if (isEquationNeuronRef(ref)) return { name: EQUATION_NEURON_PLUGIN, options: { ...ref }, optionsAt: '' }
  const { name, params, options } = ref as PluginNeuronRef
  return { name, ...(params !== undefined && { params }), ...(options !== undefined && { options }), optionsAt: 'options' }
}

/** `plugins`, with the package of equation neurons added when a population of `populations` is written as equations and it is not there. */
export function withImpliedPlugins(plugins: readonly string[], populations: readonly { readonly neuron: NeuronRef }[]): string[] {
  const implied = populations.some((p) => isEquationNeuronRef(p.neuron)) && !plugins.includes(EQUATION_NEURON_PACKAGE)
  return implied ? [...plugins, EQUATION_NEURON_PACKAGE] : [...plugins]
}
