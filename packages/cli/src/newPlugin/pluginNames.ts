import { usageError } from '../cliError.js'

// model

/** The kinds of plugin `spikegrad new-plugin` scaffolds, each bound to its core token. */
export const pluginKinds = ['neuron', 'gate', 'loss', 'task'] as const
export type PluginKind = (typeof pluginKinds)[number]

/**
 * Every name a scaffold derives from the plugin's name and kind, e.g. for a neuron 'alif':
 * factory `alifNeuron` in `src/alifNeuron.ts`, module `AlifNeuronModule` in
 * `src/alifNeuronModule.ts`, package `spikegrad-neuron-alif`.
 */
export interface PluginNames {
  readonly kind: PluginKind
  /** The name the plugin is bound under (what a configuration or `--neuron` names), e.g. 'alif'. */
  readonly name: string
  /** The name in camel case, e.g. 'adaptiveLif' for 'adaptive-lif'. */
  readonly camel: string
  /** The factory, e.g. 'alifNeuron' (also its file's name). */
  readonly factory: string
  /** The ContainerModule, e.g. 'AlifNeuronModule' (its file is the factory's name + 'Module'). */
  readonly module: string
  /** The npm package, e.g. 'spikegrad-neuron-alif' or '@me/neuron-alif'. */
  readonly packageName: string
}

// constructors

/** Plugin names: lowercase words of letters and digits joined by single hyphens, starting with a letter. */
const pluginName = /^[a-z][a-z0-9]*(-[a-z0-9]+)*$/
/** npm package names: an optional @scope/, then lowercase URL-safe characters not starting with . or _. */
const packageNamePattern = /^(@[a-z0-9-~][a-z0-9-._~]*\/)?[a-z0-9-~][a-z0-9-._~]*$/

/**
 * The names of a plugin of `kind` called `name`, the package name defaulting to
 * `spikegrad-<kind>-<name>`.
 * @throws a usage error naming the rule when the kind, the name or the package name is invalid.
 */
export function pluginNames(kind: string, name: string, packageName?: string): PluginNames {
  if (!(pluginKinds as readonly string[]).includes(kind)) {
    throw usageError(`new-plugin: the kind must be one of ${pluginKinds.join(', ')}, got "${kind}" (e.g. spikegrad new-plugin neuron alif)`)
  }
  if (!pluginName.test(name)) {
    throw usageError(
      `new-plugin: "${name}" is not a valid plugin name: use lowercase letters and digits, words joined by single hyphens, starting with a letter (e.g. alif or adaptive-lif)`,
    )
  }
  const pkg = packageName ?? `spikegrad-${kind}-${name}`
  if (pkg.length > 214 || !packageNamePattern.test(pkg)) {
    throw usageError(`new-plugin: "${pkg}" is not a valid npm package name: lowercase, URL-safe characters, an optional @scope/ (e.g. --package @me/neuron-${name})`)
  }
  const words = name.split('-')
  const camel = words.map((w, i) => (i === 0 ? w : capitalise(w))).join('')
  const factory = `${camel}${capitalise(kind)}`
  return { kind: kind as PluginKind, name, camel, factory, module: `${capitalise(factory)}Module`, packageName: pkg }
}

function capitalise(word: string): string {
  return word.charAt(0).toUpperCase() + word.slice(1)
}
