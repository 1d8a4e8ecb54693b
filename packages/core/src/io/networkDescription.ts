import * as t from 'io-ts'
import { finiteNumber, nonNegativeInteger, positiveInteger, positiveNumber } from './codecs.js'
import { GateRefCodec, LossRefCodec, NeuronRefCodec } from './sharedCodecs.js'
import { TauSCodec } from './parameterValueCodec.js'

/**
 * A network graph as JSON (DESIGN §6): the same structure as `NetworkSpec`, with plugins
 * named as they are bound (`{ "name": "lif", "params": { … } }`) instead of objects. The
 * network configuration (format `spikegrad-network/2`) and the model specification hold one.
 * Every field is described on `NetworkSpec`; this module only declares the JSON shape.
 */

const signs = t.union([t.literal('excitatory'), t.literal('inhibitory'), t.array(finiteNumber)])

/** `{ kind: 'normal', std | gain, diagonal? }`, `{ kind: 'uniform', min, max }`, `{ kind: 'constant', value }`. */
export const InitRuleCodec = t.union([
  t.intersection([t.type({ kind: t.literal('normal') }), t.partial({ std: finiteNumber, gain: finiteNumber, diagonal: finiteNumber })]),
  t.intersection([t.type({ kind: t.literal('uniform'), min: finiteNumber, max: finiteNumber }), t.partial({ diagonal: finiteNumber })]),
  t.intersection([t.type({ kind: t.literal('constant'), value: finiteNumber }), t.partial({ diagonal: finiteNumber })]),
])

export const ConnectivityCodec = t.union([
  t.literal('dense'),
  t.type({ mask: t.array(t.array(finiteNumber)) }),
  t.type({ indices: t.array(t.array(nonNegativeInteger)) }),
  t.intersection([t.type({ probability: positiveNumber }), t.partial({ seed: nonNegativeInteger })]),
])

export const InputDescriptionCodec = t.intersection([
  t.type({ name: t.string, kind: t.union([t.literal('analog'), t.literal('spikes')]), size: positiveInteger }),
  t.partial({ tauS: positiveNumber, sign: signs }),
])

export const PopulationDescriptionCodec = t.intersection([
  t.type({ name: t.string, size: positiveInteger, neuron: NeuronRefCodec, gate: GateRefCodec, tauS: TauSCodec }),
  t.partial({
    train: t.partial({ tauS: t.boolean, params: t.array(t.string) }),
    bias: t.union([t.literal('trained'), t.literal('frozen'), t.literal('none')]),
    biasInit: InitRuleCodec,
    sign: signs,
    initialState: t.array(finiteNumber),
  }),
])

export const DelayDescriptionCodec = t.intersection([
  t.type({ kind: t.union([t.literal('synaptic'), t.literal('axonal'), t.literal('dendritic')]) }),
  t.partial({ init: InitRuleCodec, trained: t.boolean, max: positiveNumber }),
])

export const ProjectionDescriptionCodec = t.intersection([
  t.type({ from: t.string, to: t.string }),
  t.partial({ connectivity: ConnectivityCodec, trained: t.boolean, dale: t.boolean, init: InitRuleCodec, delay: DelayDescriptionCodec }),
])

export const ReadoutDescriptionCodec = t.intersection([
  t.type({ from: t.array(t.string) }),
  t.partial({ size: nonNegativeInteger, trained: t.boolean, init: InitRuleCodec }),
])

/** The network part of a configuration or model specification. */
export const networkDescriptionProps = {
  required: { populations: t.array(PopulationDescriptionCodec), readout: ReadoutDescriptionCodec },
  optional: { inputs: t.array(InputDescriptionCodec), projections: t.array(ProjectionDescriptionCodec), losses: t.array(LossRefCodec) },
}

export const NetworkDescriptionCodec = t.intersection([t.type(networkDescriptionProps.required), t.partial(networkDescriptionProps.optional)])

/**
 * A network graph as JSON: `populations`, `readout` ({ from, size?, trained?, init? }) and
 * optionally `inputs`, `projections` (as `ProjectionSpec`) and `losses` (loss plugins by name, with
 * `params` and, for a loss that reads populations by name, `options` such as `{ "population": "output" }`).
 * `composeNetworkSpec` turns it into a `NetworkSpec` with the plugins bound in a container.
 */
export type NetworkDescription = t.TypeOf<typeof NetworkDescriptionCodec>
/**
 * A population as JSON: as `PopulationSpec`, with its neuron a plugin by name with its
 * parameter values (`{ "name": "lif", "params": { … } }`) and its gate a `GateRef`; `tauS` in ms.
 * A parameter value and `tauS` may be one per neuron: a list, or a rule (`ParameterValueCodec`).
 */
export type PopulationDescription = t.TypeOf<typeof PopulationDescriptionCodec>
/**
 * An input group as JSON: as `InputSpec` — `name`, `kind` ('analog' or 'spikes'), `size`,
 * optionally `sign` — with `tauS` (ms) required for spikes (`createNetwork` checks it).
 */
export type InputDescription = t.TypeOf<typeof InputDescriptionCodec>
