import * as t from 'io-ts'
import { solverNames, type SolverName } from '../ode/integrator.js'
import { absoluteTolerance, finiteNumber, nodeCount, positiveNumber, relativeTolerance, stepBudget } from './codecs.js'

// Codecs shared by the model specification and the network configuration (internal to core).

/** A plugin named as it is bound (e.g. 'qif'), with its parameters by name. */
export const PluginRefCodec = t.intersection([t.type({ name: t.string }), t.partial({ params: t.record(t.string, finiteNumber) })])

/**
 * A neuron named as it is bound, with its parameters by name and, for a plugin that reads
 * more than numbers, its `options`: a JSON object that only the plugin interprets (e.g. the
 * equations of `@spikegrad/neuron-equations`), passed to its factory as the second argument.
 */
export const NeuronRefCodec = t.intersection([PluginRefCodec, t.partial({ options: t.UnknownRecord })])

/** The gate by name, the width of its active zone, and optionally its centre and period. */
export const GateRefCodec = t.intersection([
  t.type({ name: t.string, width: positiveNumber }),
  t.partial({ center: finiteNumber, period: positiveNumber }),
])

/** The solver settings a model file may hold (see `SolveOptions`). */
export const SolverSettingsCodec = t.partial({
  solver: t.keyof(Object.fromEntries(solverNames.map((name) => [name, null])) as Record<SolverName, null>),
  rtol: relativeTolerance,
  atol: absoluteTolerance,
  adjointRtol: relativeTolerance,
  adjointAtol: absoluteTolerance,
  maxSteps: stepBudget,
  initialStep: positiveNumber,
  maxStep: positiveNumber,
  memory: t.union([t.literal('checkpoint'), t.literal('all')]),
  checkpointSteps: stepBudget,
  denseNodes: nodeCount,
  quadratureNodes: nodeCount,
  eventTolerance: positiveNumber,
  structure: t.union([t.literal('blocks'), t.literal('monolithic')]),
})

