import * as t from 'io-ts'
import { finiteNumber, nonNegativeInteger, positiveNumber } from './codecs.js'

/**
 * A neuron parameter or tau_s as JSON (see `ParameterValue`): one number for the population,
 * a list of one number per neuron, or a rule drawn per neuron,
 *
 *   10                                                   every neuron
 *   [5, 10, 20]                                          neuron by neuron
 *   { "kind": "uniform", "min": 5, "max": 20 }           drawn (also "constant" value, "normal"
 *   { "kind": "log-normal", "median": 10, "sigma": 0.3 }  mean/std, "log-normal" median/sigma; "seed")
 *
 * Ranges and list lengths are checked when the network is made (`createNetwork`).
 */
const seed = t.partial({ seed: nonNegativeInteger })

export const ParameterInitCodec = t.union([
  t.intersection([t.type({ kind: t.literal('constant'), value: finiteNumber }), seed]),
  t.intersection([t.type({ kind: t.literal('uniform'), min: finiteNumber, max: finiteNumber }), seed]),
  t.intersection([t.type({ kind: t.literal('normal'), mean: finiteNumber, std: finiteNumber }), seed]),
  t.intersection([t.type({ kind: t.literal('log-normal'), median: finiteNumber, sigma: finiteNumber }), seed]),
], 'rule { "kind": "constant" | "uniform" | "normal" | "log-normal", … }')

/** One value per neuron: a list or a rule. */
export const PerNeuronValueCodec = t.union([t.array(finiteNumber), ParameterInitCodec], 'list of one finite number per neuron, or a rule { "kind": … }')

/** A number, or one value per neuron. */
export const ParameterValueCodec = t.union([finiteNumber, PerNeuronValueCodec], 'finite number, a list of one per neuron, or a rule { "kind": … }')

/** tau_s: a positive number of ms, or one per neuron. */
export const TauSCodec = t.union([positiveNumber, PerNeuronValueCodec], 'positive number (ms), a list of one per neuron, or a rule { "kind": … }')
