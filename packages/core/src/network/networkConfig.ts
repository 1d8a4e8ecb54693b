import * as t from 'io-ts'
import { isLeft, left, right, type Either } from 'fp-ts/lib/Either.js'
import { Container } from 'inversify'
import { dirname } from 'node:path'
import { finiteNumber, nonNegativeInteger, nonNegativeNumber, positiveInteger, positiveNumber } from '../io/codecs.js'
import { decode } from '../io/decode.js'
import { GateRefCodec, PluginRefCodec, SolverSettingsCodec } from '../io/sharedCodecs.js'
import { readJsonFile } from '../io/readJsonFile.js'
import type { InitialValue } from '../ode/problem.js'
import type { SolveOptions } from '../ode/solveOptions.js'
import type { Loss, LossFactory } from '../plugin/loss.js'
import type { Neuron, NeuronFactory } from '../plugin/neuron.js'
import { loadPluginPackages } from '../plugin/loadPluginPackages.js'
import { resolvePlugin } from '../plugin/pluginCatalog.js'
import type { GateFactory, SynapseGate } from '../plugin/synapseGate.js'
import type { Trial } from '../plugin/task.js'
import { GateFactoryToken, LossFactoryToken, NeuronFactoryToken } from '../plugin/tokens.js'
import { createNetwork, packWeights, type Network, type Weights } from './network.js'
import { sampledSignal } from './sampledSignal.js'

// -------------------------------------------------------------------------------------
// model
// -------------------------------------------------------------------------------------

const samples = t.intersection([t.type({ dt: positiveNumber, values: t.array(t.array(finiteNumber)) }), t.partial({ t0: finiteNumber })])
const window = t.tuple([nonNegativeNumber, nonNegativeNumber])
/**
 * A network on one trial, as a JSON file (format "spikegrad-network/1"): the plugins by
 * name, sizes, all weights, the initial state, the input and target as samples, the
 * duration and the solver settings. See the README for an annotated example.
 */
export const NetworkConfigCodec = t.intersection([
  t.type({
    neuron: PluginRefCodec,
    gate: GateRefCodec,
    losses: t.array(PluginRefCodec),
    sizes: t.type({ inputs: nonNegativeInteger, neurons: positiveInteger, outputs: nonNegativeInteger }),
    tauS: positiveNumber,
    weights: t.type({ U: t.unknown, W: t.unknown, b: t.unknown, O: t.unknown }),
    duration: positiveNumber,
  }),
  t.partial({
    format: t.literal('spikegrad-network/1'),
    plugins: t.array(t.string),
    train: t.partial({ tauS: t.boolean, neuronParams: t.array(t.string) }),
    initialState: t.array(finiteNumber),
    input: samples,
    target: samples,
    /** Scored windows [start, end] in ms: the loss weight is 1 inside, 0 outside (default: 1 throughout). */
    windows: t.array(window),
    solver: SolverSettingsCodec,
  }),
])

export type NetworkConfig = t.TypeOf<typeof NetworkConfigCodec>

/** A configuration made ready to solve. */
export interface ComposedNetwork {
  readonly network: Network
  readonly trial: Trial
  /** t0 = 0, t1 = duration, y0, θ. */
  readonly initialValue: InitialValue
  readonly solve: SolveOptions
}

// -------------------------------------------------------------------------------------
// constructors
// -------------------------------------------------------------------------------------

/**
 * Reads, validates and composes a network configuration file: loads the plugin packages it
 * names (or `defaultPlugins`) into an inversify container, resolves the neuron, gate and
 * losses by name and builds the network and trial. Errors name the field and the fix.
 */
export async function loadNetworkConfig(
  path: string,
  defaultPlugins: readonly string[] = [],
): Promise<Either<readonly string[], ComposedNetwork>> {
  const raw = readJsonFile(path)
  if (isLeft(raw)) return left([raw.left.message])
  const decoded = decode(NetworkConfigCodec, raw.right, 'config')
  if (isLeft(decoded)) return decoded
  const container = new Container()
  const loadErrors = await loadPluginPackages(container, decoded.right.plugins ?? defaultPlugins, dirname(path))
  if (loadErrors.length > 0) return left(loadErrors)
  return composeNetworkConfig(container, decoded.right)
}

/** Composes a decoded configuration with the plugins bound in `container`. */
export function composeNetworkConfig(container: Container, config: NetworkConfig): Either<readonly string[], ComposedNetwork> {
  const errors: string[] = []
  const make = <F, R>(token: symbol, ref: { name: string }, what: string, build: (f: F) => R): R | undefined => {
    const found = resolvePlugin<F>(container, token, ref.name, what)
    if ('error' in found) {
      errors.push(found.error)
      return undefined
    }
    try {
      return build(found.value)
    } catch (e) {
      errors.push(`${what} "${ref.name}": ${e instanceof Error ? e.message : String(e)}`)
      return undefined
    }
  }
  const neuron = make<NeuronFactory, Neuron>(NeuronFactoryToken, config.neuron, 'config.neuron', (f) => f(config.neuron.params))
  const gate =
    neuron === undefined
      ? undefined
      : make<GateFactory, SynapseGate>(GateFactoryToken, config.gate, 'config.gate', (f) => {
          const zone = neuron.gateZone(neuron.defaults, config.gate.width)
          const period = config.gate.period ?? zone.period
          return f({ width: config.gate.width, center: config.gate.center ?? zone.center, ...(period !== undefined && { period }) })
        })
  const losses = config.losses.map((ref, i) =>
    make<LossFactory, Loss>(LossFactoryToken, ref, `config.losses[${i}]`, (f) => f(ref.params)),
  )
  if (config.losses.length === 0) errors.push('config.losses: give at least one loss term, e.g. [{ "name": "mse" }]')
  if (neuron === undefined || gate === undefined || errors.length > 0) return left(errors)
  const net = createNetwork({
    neuron,
    ...(config.neuron.params && { neuronParams: config.neuron.params }),
    gate,
    sizes: config.sizes,
    tauS: config.tauS,
    losses: losses as Loss[],
    ...(config.train && { train: config.train }),
    ...(config.initialState && { initialState: config.initialState }),
  })
  if (isLeft(net)) return left(net.left.map((e) => `config.${e}`))
  const theta = packWeights(net.right, config.weights as unknown as Weights)
  if (isLeft(theta)) return left(theta.left.map((e) => `config.weights.${e}`))
  const trial = trialFromConfig(config)
  if (isLeft(trial)) return trial
  return right({
    network: net.right,
    trial: trial.right,
    initialValue: { t0: 0, t1: config.duration, y0: net.right.initialState, theta: theta.right },
    solve: config.solver ?? {},
  })
}

/** Input and target from samples (natural cubic splines), weight from the scored windows. */
function trialFromConfig(config: NetworkConfig): Either<readonly string[], Trial> {
  const { inputs, outputs } = config.sizes
  const errors: string[] = []
  const signal = (field: 'input' | 'target', channels: number) => {
    const s = config[field]
    if (s === undefined) {
      if (channels > 0) errors.push(`config.${field}: give samples { "dt": …, "values": [[…${channels} values…], …] } for the ${channels} channels`)
      return undefined
    }
    const bad = s.values.findIndex((row) => row.length !== channels)
    if (bad >= 0) {
      errors.push(`config.${field}.values[${bad}] must have ${channels} entries (one per channel), got ${s.values[bad].length}`)
      return undefined
    }
    if (s.values.length < 2) {
      errors.push(`config.${field}.values needs at least 2 samples`)
      return undefined
    }
    const t0 = s.t0 ?? 0
    const end = t0 + (s.values.length - 1) * s.dt
    if (t0 > 0 || end < config.duration) {
      errors.push(`config.${field} covers [${t0}, ${end}] ms but the trial lasts [0, ${config.duration}] ms: give samples over the whole trial`)
      return undefined
    }
    return sampledSignal({ dt: s.dt, t0, channels, values: s.values.flat() })
  }
  const input = signal('input', inputs)
  const target = signal('target', outputs)
  const windows = config.windows
  windows?.forEach(([a, b], i) => {
    if (!(b > a)) errors.push(`config.windows[${i}]: the end (${b}) must come after the start (${a})`)
  })
  if (errors.length > 0) return left(errors)
  const breakpoints = (windows ?? [])
    .flat()
    .filter((x) => x > 0 && x < config.duration)
    .sort((a, b) => a - b)
    .filter((x, i, xs) => i === 0 || x > xs[i - 1])
  return right({
    duration: config.duration,
    input: input === undefined ? () => undefined : (t, out) => input.at(t, out),
    target(t, out) {
      target?.at(t, out)
      if (windows === undefined) return 1
      for (const [a, b] of windows) if (t >= a && t < b) return 1
      return 0
    },
    ...(breakpoints.length > 0 && { breakpoints }),
  })
}
