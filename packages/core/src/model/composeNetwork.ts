import { isLeft, right, type Either } from 'fp-ts/lib/Either.js'
import type { Container } from 'inversify'
import { createNetwork } from '../network/createNetwork.js'
import type { Network } from '../network/network.js'
import type { InputSpec, NetworkSpec, PopulationSpec } from '../network/networkSpec.js'
import type { Loss, LossFactory } from '../plugin/loss.js'
import type { NeuronFactory } from '../plugin/neuron.js'
import { resolvePlugin } from '../plugin/pluginCatalog.js'
import type { GateFactory } from '../plugin/synapseGate.js'
import { GateFactoryToken, LossFactoryToken, NeuronFactoryToken } from '../plugin/tokens.js'
import { refusalIssues } from '../plugin/pluginRefusal.js'
import { issue, joinPath, leftInvalid, underPath, type Invalid, type Issue } from '../util/invalid.js'
import type { NetworkDescription } from '../io/networkDescription.js'
import { neuronPlugin } from '../io/neuronRef.js'

/** What a description may leave to its context: the task's loss terms and readout size (`composeModel` passes them). */
export interface ComposeOptions {
  /** Loss terms that come before the description's own (a task's). */
  readonly losses?: readonly Loss[]
  /** The readout size when the description leaves it out (a task's outputs). */
  readonly readoutSize?: number
}

/**
 * The `NetworkSpec` a JSON description names: each population's neuron and gate, and each
 * loss, made by the factory bound under its name in `container`. Problems are issues at
 * their paths under `at` (`config.populations[0].neuron: no plugin named "lfi" is loaded …`);
 * a factory that refuses field by field (`PluginRefusal`) has each field's issue at its own
 * path (`config.populations[1].neuron.equations[0]: unknown name "vth" at column 12; …` for a
 * neuron written as equations, `….neuron.options.equations[0]` for the same as a plugin's options).
 */
export function composeNetworkSpec(container: Container, d: NetworkDescription, at: string, options: ComposeOptions = {}): Either<Invalid, NetworkSpec> {
  const issues: Issue[] = []
  // `relocate` turns the path of a refused field, as the factory names it, into a path under the plugin's own
  const make = <F, R>(token: symbol, name: string, path: string, build: (f: F) => R, relocate: (at: string) => string = (at) => at): R | undefined => {
    const found = resolvePlugin<F>(container, token, name, path)
    if ('issue' in found) {
      issues.push(found.issue)
      return undefined
    }
    try {
      return build(found.value)
    } catch (e) {
      const fields = refusalIssues(e)
      if (fields !== undefined) issues.push(...fields.map((i) => ({ ...i, at: joinPath(path, relocate(i.at)), code: 'plugin-rejected' as const })))
      else issues.push(issue(path, e instanceof Error ? e.message : String(e), undefined, 'plugin-rejected'))
      return undefined
    }
  }
  const populations = d.populations.map((p, q): PopulationSpec | undefined => {
    const path = `${at}.populations[${q}]`
    const ref = neuronPlugin(p.neuron)
    // the shorthand's fields are the options: `options.equations[0]` was written `equations[0]`
    const relocate = (at: string): string => (ref.optionsAt === 'options' || !/^options(\.|\[|$)/.test(at) ? at : at.slice('options'.length).replace(/^\./, ''))
    const neuron = make<NeuronFactory, PopulationSpec['neuron']>(NeuronFactoryToken, ref.name, `${path}.neuron`, (f) => f(ref.params, ref.options), relocate)
    const shape = make<GateFactory, GateFactory>(GateFactoryToken, p.gate.name, `${path}.gate`, (f) => f)
    if (neuron === undefined || shape === undefined) return undefined
    const { neuron: _n, gate, ...rest } = p
    return {
      ...rest,
      neuron,
      ...(ref.params && { params: ref.params }),
      gate: { shape, width: gate.width, ...(gate.center !== undefined && { center: gate.center }), ...(gate.period !== undefined && { period: gate.period }) },
    }
  })
  const own = (d.losses ?? []).map((ref, i) => make<LossFactory, Loss>(LossFactoryToken, ref.name, `${at}.losses[${i}]`, (f) => f(ref.params, ref.options)))
  const size = d.readout.size ?? options.readoutSize
  if (size === undefined) issues.push(issue(`${at}.readout.size`, 'is missing', 'give the number of readout channels'))
  if (issues.length > 0) return leftInvalid(issues)
  const inputs = (d.inputs ?? []).map((g): InputSpec =>
    g.kind === 'spikes' ? { name: g.name, kind: 'spikes', size: g.size, tauS: g.tauS as number, ...(g.sign && { sign: g.sign }) } : { name: g.name, kind: 'analog', size: g.size, ...(g.sign && { sign: g.sign }) },
  )
  return right({
    ...(inputs.length > 0 && { inputs }),
    populations: populations as PopulationSpec[],
    ...(d.projections && { projections: d.projections }),
    readout: { ...d.readout, size: size! },
    losses: [...(options.losses ?? []), ...(own as Loss[])],
  })
}

/** `composeNetworkSpec`, then `createNetwork`, with every issue at its path under `at`. */
export function composeNetwork(container: Container, d: NetworkDescription, at: string, options: ComposeOptions = {}): Either<Invalid, Network> {
  const spec = composeNetworkSpec(container, d, at, options)
  if (isLeft(spec)) return spec
  const net = createNetwork(spec.right)
  return isLeft(net) ? leftInvalid(underPath(at, net.left.issues)) : net
}
