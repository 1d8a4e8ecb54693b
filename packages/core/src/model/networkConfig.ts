import * as t from 'io-ts'
import { isLeft, right, type Either } from 'fp-ts/lib/Either.js'
import type { Container } from 'inversify'
import { finiteNumber, nonNegativeInteger, positiveInteger, positiveNumber, trialDuration } from '../io/codecs.js'
import { decodeStrict } from '../io/decode.js'
import { GateRefCodec, NeuronRefCodec, PluginRefCodec, SolverSettingsCodec } from '../io/sharedCodecs.js'
import type { Network } from '../network/network.js'
import { trialInitialState } from '../network/networkEvents.js'
import { recurrentWeights, type RecurrentWeights } from '../network/recurrentNetwork.js'
import { sampledSignal } from '../network/sampledSignal.js'
import { packWeights } from '../network/weights.js'
import type { InitialValue } from '../ode/problem.js'
import type { SolveOptions } from '../ode/solveOptions.js'
import type { Trial } from '../plugin/task.js'
import { issue, leftInvalid, type Invalid, type Issue } from '../util/invalid.js'
import { composeNetwork } from './composeNetwork.js'
import { networkDescriptionProps, type NetworkDescription } from '../io/networkDescription.js'

/**
 * A network on one trial as a JSON file: the network graph (see `NetworkDescription`), all
 * its weights by block name, the trial (its duration, analog input and target as samples,
 * spike trains, scored windows) and the solver settings. Format `spikegrad-network/2`; the
 * one-population files of format `spikegrad-network/1` (sizes, neuron, gate, U, W, b, O) are
 * read as the same graph (`recurrentNetwork`). See the README for annotated examples.
 */

// -------------------------------------------------------------------------------------
// codecs
// -------------------------------------------------------------------------------------

export const NETWORK_FORMAT = 'spikegrad-network/2'
export const NETWORK_FORMAT_V1 = 'spikegrad-network/1'

const samples = t.intersection([t.type({ dt: positiveNumber, values: t.array(t.array(finiteNumber)) }), t.partial({ t0: finiteNumber })])
const windowCodec = t.array(finiteNumber)

const trialProps = {
  required: { duration: trialDuration },
  optional: {
    plugins: t.array(t.string),
    input: samples,
    spikes: t.array(t.array(finiteNumber)),
    target: samples,
    /** Scored windows [start, end] in ms: the loss weight is 1 inside, 0 outside (default: 1 throughout). */
    windows: t.array(windowCodec),
    solver: SolverSettingsCodec,
  },
}

/** Format `spikegrad-network/2`. */
export const NetworkConfigCodec = t.intersection([
  t.type({ format: t.literal(NETWORK_FORMAT), weights: t.UnknownRecord, ...networkDescriptionProps.required, ...trialProps.required }),
  t.partial({ ...networkDescriptionProps.optional, ...trialProps.optional }),
])

/** Format `spikegrad-network/1` (the format may be left out): one recurrent population. */
export const NetworkConfigV1Codec = t.intersection([
  t.type({
    neuron: NeuronRefCodec,
    gate: GateRefCodec,
    losses: t.array(PluginRefCodec),
    sizes: t.type({ inputs: nonNegativeInteger, neurons: positiveInteger, outputs: nonNegativeInteger }),
    tauS: positiveNumber,
    weights: t.type({ U: t.unknown, W: t.unknown, b: t.unknown, O: t.unknown }),
    ...trialProps.required,
  }),
  t.partial({
    format: t.literal(NETWORK_FORMAT_V1),
    train: t.partial({ tauS: t.boolean, neuronParams: t.array(t.string) }),
    initialState: t.array(finiteNumber),
    ...trialProps.optional,
  }),
])

/**
 * A network configuration of format `spikegrad-network/2` (what `decodeNetworkConfig` returns,
 * an earlier one converted): a `NetworkDescription`, its `weights` by block name, the trial
 * (`duration` in ms; `input` and `target` as samples { dt, values, t0? } in ms, interpolated by
 * natural cubic splines; `spikes`, one list of times in ms per spike-input channel; scored
 * `windows` [start, end] in ms), the `plugins` to load and the `solver` settings.
 */
export type NetworkConfig = t.TypeOf<typeof NetworkConfigCodec>
export type NetworkConfigV1 = t.TypeOf<typeof NetworkConfigV1Codec>

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
 * Validates parsed JSON as a network configuration of either format (v1 is converted to v2,
 * see `networkConfigFromV1`); unknown fields are refused by name.
 */
export function decodeNetworkConfig(value: unknown, what = 'config'): Either<Invalid, NetworkConfig> {
  const format = typeof value === 'object' && value !== null && !Array.isArray(value) ? (value as { format?: unknown }).format : undefined
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    return leftInvalid([issue(what, `must be a JSON object (a network configuration), got ${Array.isArray(value) ? 'an array' : typeof value}`)])
  }
  if (format === NETWORK_FORMAT) return decodeStrict(NetworkConfigCodec, value, what)
  if (format === undefined || format === NETWORK_FORMAT_V1) {
    const v1 = decodeStrict(NetworkConfigV1Codec, value, what)
    return isLeft(v1) ? v1 : right(networkConfigFromV1(v1.right))
  }
  return leftInvalid([issue(`${what}.format`, `expected "${NETWORK_FORMAT}" or "${NETWORK_FORMAT_V1}", got ${JSON.stringify(format)}`, 'this is not a network configuration of a version this spikegrad reads')])
}

/** A `spikegrad-network/1` configuration as the same network in format 2 (population `hidden`, input `input`). */
export function networkConfigFromV1(c: NetworkConfigV1): NetworkConfig {
  const { inputs, neurons, outputs } = c.sizes
  const d: NetworkDescription = {
    ...(inputs > 0 && { inputs: [{ name: 'input', kind: 'analog' as const, size: inputs }] }),
    populations: [
      {
        name: 'hidden',
        size: neurons,
        neuron: c.neuron,
        gate: c.gate,
        tauS: c.tauS,
        ...(c.train && { train: { ...(c.train.tauS !== undefined && { tauS: c.train.tauS }), ...(c.train.neuronParams && { params: c.train.neuronParams }) } }),
        ...(c.initialState && { initialState: c.initialState }),
      },
    ],
    projections: [...(inputs > 0 ? [{ from: 'input', to: 'hidden' }] : []), { from: 'hidden', to: 'hidden' }],
    readout: { size: outputs, from: ['hidden'] },
    losses: c.losses,
  }
  const weights = recurrentWeights(c.weights as unknown as RecurrentWeights, c.train ?? {})
  const { format: _f, neuron: _n, gate: _g, losses: _l, sizes: _s, tauS: _t, weights: _w, train: _tr, initialState: _i, ...trial } = c
  return { format: NETWORK_FORMAT, ...d, weights, ...trial }
}

/** Composes a decoded configuration with the plugins bound in `container`. */
export function composeNetworkConfig(container: Container, config: NetworkConfig, what = 'config'): Either<Invalid, ComposedNetwork> {
  const net = composeNetwork(container, config, what)
  if (isLeft(net)) return net
  const theta = packWeights(net.right, config.weights, `${what}.weights`)
  if (isLeft(theta)) return theta
  const trial = trialFromConfig(net.right, config, what)
  if (isLeft(trial)) return trial
  let y0: Float64Array
  try {
    y0 = trialInitialState(net.right, trial.right)
  } catch (e) {
    return leftInvalid([issue(`${what}.spikes`, e instanceof Error ? e.message : String(e))])
  }
  return right({
    network: net.right,
    trial: trial.right,
    initialValue: { t0: 0, t1: config.duration, y0, theta: theta.right },
    solve: config.solver ?? {},
  })
}

// -------------------------------------------------------------------------------------
// internals
// -------------------------------------------------------------------------------------

/** Input and target from samples (natural cubic splines), spikes as given, weight from the scored windows. */
function trialFromConfig(net: Network, config: NetworkConfig, what: string): Either<Invalid, Trial> {
  const issues: Issue[] = []
  const signal = (field: 'input' | 'target', channels: number) => {
    const s = config[field]
    if (s === undefined) {
      if (channels > 0) issues.push(issue(`${what}.${field}`, 'is missing', `give samples { "dt": …, "values": [[…${channels} values…], …] } for the ${channels} channels`))
      return undefined
    }
    const bad = s.values.findIndex((row) => row.length !== channels)
    if (bad >= 0) {
      issues.push(issue(`${what}.${field}.values[${bad}]`, `must have ${channels} entries (one per channel), got ${s.values[bad].length}`))
      return undefined
    }
    if (s.values.length < 2) {
      issues.push(issue(`${what}.${field}.values`, 'needs at least 2 samples'))
      return undefined
    }
    const t0 = s.t0 ?? 0
    const end = t0 + (s.values.length - 1) * s.dt
    if (t0 > 0 || end < config.duration) {
      issues.push(issue(`${what}.${field}`, `covers [${t0}, ${end}] ms but the trial lasts [0, ${config.duration}] ms`, 'give samples over the whole trial'))
      return undefined
    }
    return sampledSignal({ dt: s.dt, t0, channels, values: s.values.flat() })
  }
  const input = signal('input', net.layout.analogChannels)
  const target = signal('target', net.readout.size)
  const channels = net.layout.spikeChannels
  if (channels > 0 && config.spikes?.length !== channels) {
    issues.push(issue(`${what}.spikes`, `must give ${channels} spike trains (one list of times in ms per spike-input channel), got ${config.spikes?.length ?? 'none'}`))
  } else if (channels === 0 && config.spikes !== undefined) {
    issues.push(issue(`${what}.spikes`, 'the network has no spike inputs', 'remove the field or add an input group of kind "spikes"'))
  }
  const windows = config.windows
  windows?.forEach((w, i) => {
    if (w.length !== 2) issues.push(issue(`${what}.windows[${i}]`, `must be [start, end] in ms, got ${w.length} numbers`))
    else if (!(w[1] > w[0])) issues.push(issue(`${what}.windows[${i}]`, `the end (${w[1]}) must come after the start (${w[0]})`))
  })
  if (issues.length > 0) return leftInvalid(issues)
  const breakpoints = (windows ?? [])
    .flat()
    .filter((x) => x > 0 && x < config.duration)
    .sort((a, b) => a - b)
    .filter((x, i, xs) => i === 0 || x > xs[i - 1])
  return right({
    duration: config.duration,
    input: input === undefined ? () => undefined : (t, out) => input.at(t, out),
    ...(channels > 0 && { spikes: config.spikes }),
    target(t, out) {
      target?.at(t, out)
      if (windows === undefined) return 1
      for (const [a, b] of windows) if (t >= a && t < b) return 1
      return 0
    },
    ...(breakpoints.length > 0 && { breakpoints }),
  })
}

