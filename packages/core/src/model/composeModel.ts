import { isLeft, right, type Either } from 'fp-ts/lib/Either.js'
import type { Container } from 'inversify'
import type { Network } from '../network/network.js'
import { resolvePlugin } from '../plugin/pluginCatalog.js'
import type { Task, TaskFactory } from '../plugin/task.js'
import { TaskFactoryToken } from '../plugin/tokens.js'
import { refusalIssues } from '../plugin/pluginRefusal.js'
import { issue, joinPath, leftInvalid, type Invalid, type Issue } from '../util/invalid.js'
import { firstSpikeProblem } from '../training/firstSpikeScores.js'
import { composeNetwork } from './composeNetwork.js'
import type { ModelSpec } from './modelSpec.js'
import type { NetworkDescription } from '../io/networkDescription.js'

/** A model specification made concrete: the task and the network (without weights). */
export interface ComposedModel {
  readonly task: Task
  readonly network: Network
  /** The network description with the task's defaults filled in (its inputs and readout size). */
  readonly description: NetworkDescription
}

/**
 * Builds the task and the network of a model from the plugins bound in `container`. The
 * network's inputs default to one group `input` of the task's channels and its readout to the
 * task's outputs (given ones must agree with the task); its loss is the task's own terms
 * (unless `taskLosses` is false) followed by `network.losses`; scoring by first spike (`scoreBy`)
 * needs a population with resets and a classification task. Problems are issues at their
 * paths (`model.network.populations[0].neuron: no plugin named "hh" is loaded …`).
 */
export function composeModel(container: Container, spec: ModelSpec, what = 'model'): Either<Invalid, ComposedModel> {
  const made = composeTask(container, spec.task, `${what}.task`)
  if (isLeft(made)) return made
  const task = made.right
  const description = withTaskDefaults(spec.network, task, `${what}.network`)
  if (isLeft(description)) return description
  const losses = spec.taskLosses === false ? [] : task.losses
  if (losses.length === 0 && (spec.network.losses ?? []).length === 0) {
    return leftInvalid([issue(`${what}.network.losses`, 'the model has no loss terms', "keep the task's own (taskLosses: true) or name some")])
  }
  const network = composeNetwork(container, description.right, `${what}.network`, { losses })
  if (isLeft(network)) return network
  const firstSpike = spec.scoreBy?.firstSpike
  const scoring = firstSpike === undefined ? undefined : firstSpikeProblem(network.right, task, firstSpike)
  if (scoring !== undefined) return leftInvalid([issue(`${what}.scoreBy.firstSpike`, scoring)])
  return right({ task, network: network.right, description: description.right })
}

/**
 * The task named by `ref` (with its parameters), from the plugins bound in `container`: an
 * issue at `at` when no plugin has that name (code 'unknown-plugin') or the plugin refuses
 * the parameters (code 'plugin-rejected'; a `PluginRefusal` has each of its issues at its field under `at`).
 */
export function composeTask(container: Container, ref: { readonly name: string; readonly params?: Readonly<Record<string, number>> }, at = 'task'): Either<Invalid, Task> {
  const found = resolvePlugin<TaskFactory>(container, TaskFactoryToken, ref.name, at)
  if ('issue' in found) return leftInvalid([found.issue])
  try {
    return right(found.value(ref.params))
  } catch (e) {
    const fields = refusalIssues(e)
    if (fields !== undefined) return leftInvalid(fields.map((i) => ({ ...i, at: joinPath(at, i.at), code: 'plugin-rejected' as const })))
    return leftInvalid([issue(at, e instanceof Error ? e.message : String(e), undefined, 'plugin-rejected')])
  }
}

/** The description with the task's input group and readout size where it leaves them out; the issues where it disagrees with the task. */
function withTaskDefaults(d: NetworkDescription, task: Task, at: string): Either<Invalid, NetworkDescription> {
  const issues: Issue[] = []
  const kind = task.inputKind ?? 'analog'
  let inputs = d.inputs
  if (inputs === undefined) {
    inputs = task.inputSize > 0 ? [{ name: 'input', kind, size: task.inputSize }] : []
    if (kind === 'spikes') issues.push(issue(`${at}.inputs`, `the task "${task.kind}" has spike inputs, whose traces need a time constant`, `give "inputs": [{ "name": "input", "kind": "spikes", "size": ${task.inputSize}, "tauS": … }]`))
  } else {
    const channels = inputs.reduce((a, g) => a + g.size, 0)
    if (channels !== task.inputSize) issues.push(issue(`${at}.inputs`, `the groups have ${channels} channels in all; the task "${task.kind}" has ${task.inputSize}`))
    inputs.forEach((g, c) => {
      if (g.kind !== kind) issues.push(issue(`${at}.inputs[${c}].kind`, `the task "${task.kind}" gives ${kind} inputs, not ${g.kind}`))
    })
  }
  const size = d.readout.size
  if (size !== undefined && size !== task.outputSize) {
    issues.push(issue(`${at}.readout.size`, `the task "${task.kind}" has ${task.outputSize} outputs, not ${size}`, 'remove the field or fix it'))
  }
  if (issues.length > 0) return leftInvalid(issues)
  const { inputs: _i, readout, ...rest } = d
  return right({ inputs, ...rest, readout: { size: task.outputSize, ...readout } })
}
