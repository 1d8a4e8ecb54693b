import { Container, type ContainerModule } from 'inversify'
import type { PluginCheck, PluginCheckReport } from './check/pluginCheckReport.js'
import { availablePlugins } from './pluginCatalog.js'
import { GateFactoryToken, LossFactoryToken, NeuronFactoryToken, TaskFactoryToken } from './tokens.js'
import type { Task } from './task.js'
import { Rng } from '../util/rng.js'
import { pluginCheckReport, propertyCheck } from './check/pluginCheckReport.js'
import type { Neuron } from './neuron.js'
import type { SynapseGate } from './synapseGate.js'
import type { Loss } from './loss.js'
import type { NeuronCheckOptions } from './check/neuronCheckContext.js'
import type { GateCheckOptions } from './check/checkGate.js'
import type { LossCheckOptions } from './check/checkLoss.js'
import { checkNeuron } from './check/checkNeuron.js'
import { checkGate } from './check/checkGate.js'
import { checkLoss } from './check/checkLoss.js'

export type { PluginCheck, PluginCheckReport } from './check/pluginCheckReport.js'
export { formatPluginCheck } from './check/pluginCheckReport.js'
export type { NeuronCheckOptions } from './check/neuronCheckContext.js'
export type { GateCheckOptions } from './check/checkGate.js'
export type { LossCheckOptions } from './check/checkLoss.js'
export { checkNeuron, checkGate, checkLoss }

/** Options of `checkPlugin`: those of whichever check applies; for a module, the names it must bind. */
export type PluginCheckOptions = NeuronCheckOptions &
  GateCheckOptions &
  LossCheckOptions & {
    /** For a ContainerModule: the plugin names it must bind (e.g. ['alif']). */
    readonly expectNames?: readonly string[]
  }

/**
 * Checks any plugin by its shape (duck typing on its methods, never on `kind`):
 * - an object with `rhs` and `vjp` → `checkNeuron`; `value` and `derivative` → `checkGate`;
 *   `value` and `gradient` → `checkLoss`;
 * - a factory (a function): the object it returns with its default parameters (a gate factory
 *   with the zone of width 1 around 0), checked as above;
 * - an inversify ContainerModule (what a plugin package exports): loaded into a container of
 *   its own, every neuron, gate, loss and task it binds is built with its defaults and checked
 *   (a task: that it builds and gives a trial), and `expectNames` must all be bound.
 * Anything else gives a failed report saying what is missing.
 *
 * @example
 * const report = checkPlugin(raisedCosineGate({ width: 1, center: Math.PI, period: 2 * Math.PI }))
 * console.log(formatPluginCheck(report))
 * checkPlugin(LifNeuronModule, { expectNames: ['lif'] }).ok === true
 */
export function checkPlugin(plugin: unknown, options: PluginCheckOptions = {}): PluginCheckReport {
  if (isContainerModule(plugin)) return checkModule(plugin, options)
  if (typeof plugin === 'function') return checkFactory(plugin as (...args: unknown[]) => unknown, options)
  return checkObject(plugin, options)
}

function checkObject(plugin: unknown, options: PluginCheckOptions): PluginCheckReport {
  if (hasMethods(plugin, 'rhs', 'vjp', 'initialState', 'gateZone')) return checkNeuron(plugin as Neuron, options)
  if (hasMethods(plugin, 'value', 'derivative')) return checkGate(plugin as SynapseGate, options)
  if (hasMethods(plugin, 'value', 'gradient')) return checkLoss(plugin as Loss, options)
  return pluginCheckReport('unrecognised plugin', [
    propertyCheck('shape — is a neuron, gate or loss', [
      'not a Neuron (needs rhs, vjp, initialState, gateZone), a SynapseGate (needs value, derivative), ' +
        'a Loss (needs value, gradient), a factory of one, or a ContainerModule that binds them',
    ]),
  ])
}

/** A factory's object with its defaults: `factory()`, else (a gate factory) `factory({ width: 1, center: 0 })`. */
function checkFactory(factory: (...args: unknown[]) => unknown, options: PluginCheckOptions): PluginCheckReport {
  let made: unknown
  try {
    made = factory()
  } catch (first) {
    try {
      made = factory({ width: 1, center: 0 })
    } catch {
      return pluginCheckReport(`factory ${factory.name || '(anonymous)'}`, [
        propertyCheck('builds with its default parameters', [`it threw: ${first instanceof Error ? first.message : String(first)}; check the object it returns with your parameters instead`]),
      ])
    }
  }
  const report = checkObject(made, options)
  return { ...report, subject: `${report.subject ?? 'plugin'} (from the factory ${factory.name || '(anonymous)'})` }
}

const kinds: readonly [string, symbol][] = [
  ['neuron', NeuronFactoryToken],
  ['gate', GateFactoryToken],
  ['loss', LossFactoryToken],
  ['task', TaskFactoryToken],
]

function checkModule(module: ContainerModule, options: PluginCheckOptions): PluginCheckReport {
  const container = new Container()
  try {
    container.load(module)
  } catch (e) {
    return pluginCheckReport('module', [propertyCheck('loads into a container', [e instanceof Error ? e.message : String(e)])])
  }
  const bound = kinds.flatMap(([kind, token]) => availablePlugins(container, token).map((name) => ({ kind, token, name })))
  const names = bound.map((b) => `${b.kind} '${b.name}'`)
  const checks: PluginCheck[] = [
    propertyCheck(`binds plugins by name (${names.join(', ') || 'none'})`, bound.length === 0 ? ['binds no neuron, gate, loss or task (use bindPlugin(bind, NeuronFactoryToken, name, factory))'] : []),
  ]
  if (options.expectNames !== undefined) {
    const missing = options.expectNames.filter((n) => !bound.some((b) => b.name === n))
    checks.push(propertyCheck(`binds ${options.expectNames.map((n) => `'${n}'`).join(', ')}`, missing.map((n) => `"${n}" is not bound (it binds ${bound.map((b) => `"${b.name}"`).join(', ') || 'nothing'})`)))
  }
  for (const b of bound) {
    const factory = container.get<(...args: unknown[]) => unknown>(b.token, { name: b.name })
    const sub = b.kind === 'task' ? checkTask(factory) : checkFactory(factory, options)
    checks.push(...sub.checks.map((c) => ({ ...c, name: `${b.kind} '${b.name}': ${c.name}` })))
  }
  return pluginCheckReport(`module binding ${names.join(', ') || 'nothing'}`, checks)
}

/** A task factory builds with its defaults, and its task gives a trial with a positive length and a finite loss weight. */
function checkTask(factory: (...args: unknown[]) => unknown): PluginCheckReport {
  const problems: string[] = []
  try {
    const task = factory() as Task
    const trial = task.trial(new Rng(1))
    if (!(trial.duration > 0)) problems.push(`its trial lasts ${trial.duration} ms`)
    const out = new Float64Array(Math.max(task.outputSize, 1))
    const weight = trial.target(trial.duration / 2, out)
    if (!Number.isFinite(weight) || weight < 0) problems.push(`its target weight at T/2 is ${weight}`)
  } catch (e) {
    problems.push(`it threw: ${e instanceof Error ? e.message : String(e)}`)
  }
  return pluginCheckReport('task', [propertyCheck('builds with its defaults and gives a trial', problems)])
}

function isContainerModule(x: unknown): x is ContainerModule {
  return typeof x === 'object' && x !== null && typeof (x as { load?: unknown }).load === 'function' && 'id' in x
}

function hasMethods(x: unknown, ...names: string[]): boolean {
  if (typeof x !== 'object' || x === null) return false
  const record = x as Record<string, unknown>
  return names.every((name) => typeof record[name] === 'function')
}
