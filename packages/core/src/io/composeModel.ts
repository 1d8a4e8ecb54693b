import { isLeft, left, right, type Either } from 'fp-ts/lib/Either.js'
import type { Container } from 'inversify'
import { createNetwork, type Network } from '../network/network.js'
import type { Loss, LossFactory } from '../plugin/loss.js'
import type { Neuron, NeuronFactory } from '../plugin/neuron.js'
import { resolvePlugin } from '../plugin/pluginCatalog.js'
import type { GateFactory, SynapseGate } from '../plugin/synapseGate.js'
import type { Task, TaskFactory } from '../plugin/task.js'
import { GateFactoryToken, LossFactoryToken, NeuronFactoryToken, TaskFactoryToken } from '../plugin/tokens.js'
import type { ModelSpec } from './modelSpec.js'

/** A model specification made concrete: the task and the network (without weights). */
export interface ComposedModel {
  readonly task: Task
  readonly network: Network
}

/**
 * Builds the task and the network of a model from the plugins bound in `container`, each
 * resolved by its name (task, neuron, gate, extra loss terms). The network has N =
 * `spec.sizes.neurons` neurons and the task's input and output sizes; its loss is the task's
 * own terms (unless `taskLosses` is false) followed by `spec.losses`. The gate's zone is
 * placed where the neuron says (`gateZone`) unless `gate.center` / `gate.period` are given.
 * Errors name the field (`model.neuron: no plugin named "hh" is loaded …`) and never throw.
 */
export function composeModel(container: Container, spec: ModelSpec, what = 'model'): Either<readonly string[], ComposedModel> {
  const errors: string[] = []
  const make = <F, R>(token: symbol, name: string, field: string, build: (f: F) => R): R | undefined => {
    const found = resolvePlugin<F>(container, token, name, `${what}.${field}`)
    if ('error' in found) {
      errors.push(found.error)
      return undefined
    }
    try {
      return build(found.value)
    } catch (e) {
      errors.push(`${what}.${field} "${name}": ${e instanceof Error ? e.message : String(e)}`)
      return undefined
    }
  }
  const task = make<TaskFactory, Task>(TaskFactoryToken, spec.task.name, 'task', (f) => f(spec.task.params))
  const neuron = make<NeuronFactory, Neuron>(NeuronFactoryToken, spec.neuron.name, 'neuron', (f) => f(spec.neuron.params))
  const gate =
    neuron === undefined
      ? undefined
      : make<GateFactory, SynapseGate>(GateFactoryToken, spec.gate.name, 'gate', (f) => {
          const zone = neuron.gateZone(neuron.defaults, spec.gate.width)
          const period = spec.gate.period ?? zone.period
          return f({ width: spec.gate.width, center: spec.gate.center ?? zone.center, ...(period !== undefined && { period }) })
        })
  const extra = (spec.losses ?? []).map((ref, i) =>
    make<LossFactory, Loss>(LossFactoryToken, ref.name, `losses[${i}]`, (f) => f(ref.params)),
  )
  if (task === undefined || neuron === undefined || gate === undefined || errors.length > 0) return left(errors)
  const { inputs, outputs } = spec.sizes
  if (inputs !== undefined && inputs !== task.inputSize) {
    errors.push(`${what}.sizes.inputs: the task "${spec.task.name}" has ${task.inputSize} inputs, not ${inputs}; remove the field or fix it`)
  }
  if (outputs !== undefined && outputs !== task.outputSize) {
    errors.push(`${what}.sizes.outputs: the task "${spec.task.name}" has ${task.outputSize} outputs, not ${outputs}; remove the field or fix it`)
  }
  const losses = [...(spec.taskLosses === false ? [] : task.losses), ...(extra as Loss[])]
  if (losses.length === 0) errors.push(`${what}.losses: no loss terms; keep the task's own (taskLosses: true) or name some`)
  if (errors.length > 0) return left(errors)
  const network = createNetwork({
    neuron,
    ...(spec.neuron.params && { neuronParams: spec.neuron.params }),
    gate,
    sizes: { inputs: task.inputSize, neurons: spec.sizes.neurons, outputs: task.outputSize },
    tauS: spec.tauS,
    losses,
    ...(spec.train && { train: spec.train }),
  })
  if (isLeft(network)) return left(network.left.map((e) => `${what}.${e}`))
  return right({ task, network: network.right })
}
